{{/* Cluster facts of the env, or an empty dict when rendered without an env. */}}
{{- define "cni.cluster" -}}
{{- $global := .Values.global | default dict -}}
{{- toJson ($global.cluster | default dict) -}}
{{- end -}}

{{- define "cni.podCIDR" -}}
{{- $cluster := include "cni.cluster" . | fromJson -}}
{{- required "cni: the pod CIDR is required - set podCIDR or global.cluster.podCIDR (it must equal kubeadm's podSubnet)" (.Values.podCIDR | default $cluster.podCIDR) -}}
{{- end -}}

{{- define "cni.interface" -}}
{{- $cluster := include "cni.cluster" . | fromJson -}}
{{- required "cni: the node interface is required - set interface or global.cluster.interface" (.Values.interface | default $cluster.interface) -}}
{{- end -}}

{{/* BIRD (BGP) carries routes for IP-in-IP and plain routing; VXLAN needs no BGP at all. */}}
{{- define "cni.calicoBackend" -}}
{{- $c := .Values.calico -}}
{{- if and (ne $c.ipipMode "Never") (ne $c.vxlanMode "Never") -}}
{{- fail (printf "cni: calico.ipipMode (%s) and calico.vxlanMode (%s) cannot both be on; set one of them to Never" $c.ipipMode $c.vxlanMode) -}}
{{- end -}}
{{- ternary "vxlan" "bird" (ne $c.vxlanMode "Never") -}}
{{- end -}}

{{- define "cni.ipAutodetectionMethod" -}}
{{- .Values.calico.ipAutodetectionMethod | default (printf "interface=%s" (include "cni.interface" .)) -}}
{{- end -}}

{{/* Object names: release-derived, so two releases never share a cluster-scoped name. */}}
{{- define "cni.name" -}}
{{- printf "%s-%s" (include "common.fullname" .ctx) .suffix | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Tolerations plus the node agents' hostNetwork pod settings (shared by calico-node and kube-flannel). */}}
{{- define "cni.nodeAgentPod" -}}
hostNetwork: true
priorityClassName: system-node-critical
nodeSelector:
  kubernetes.io/os: linux
tolerations:
  {{- toYaml .Values.tolerations | nindent 2 }}
{{- end -}}
