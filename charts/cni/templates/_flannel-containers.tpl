{{/*
Containers of kube-flannel, built as YAML for common.podSpec. The two installers copy files into the host's CNI
directories and need root, but no capability.
Usage: include "cni.flanneld" $ (and the others alike)
*/}}
{{- define "cni.flannelInstallPlugin" -}}
name: install-cni-plugin
image: {{ include "common.image" (dict "ctx" . "image" .Values.flannel.images.cniPlugin) }}
imagePullPolicy: {{ .Values.imagePullPolicy }}
command: [cp]
args: [-f, /flannel, /opt/cni/bin/flannel]
securityContext:
  runAsNonRoot: false
  runAsUser: 0
resources:
  requests: { cpu: 10m, memory: 16Mi }
  limits: { cpu: 100m, memory: 64Mi }
volumeMounts:
  - { name: cni-plugin, mountPath: /opt/cni/bin }
{{- end -}}

{{- define "cni.flannelInstallConf" -}}
name: install-cni
image: {{ include "common.image" (dict "ctx" . "image" .Values.flannel.images.flannel) }}
imagePullPolicy: {{ .Values.imagePullPolicy }}
command: [cp]
args: [-f, /etc/kube-flannel/cni-conf.json, /etc/cni/net.d/10-flannel.conflist]
securityContext:
  runAsNonRoot: false
  runAsUser: 0
resources:
  requests: { cpu: 10m, memory: 16Mi }
  limits: { cpu: 100m, memory: 64Mi }
volumeMounts:
  - { name: cni, mountPath: /etc/cni/net.d }
  - { name: flannel-cfg, mountPath: /etc/kube-flannel/ }
{{- end -}}

{{- define "cni.flanneld" -}}
{{- $port := .Values.flannel.healthzPort -}}
name: kube-flannel
image: {{ include "common.image" (dict "ctx" . "image" .Values.flannel.images.flannel) }}
imagePullPolicy: {{ .Values.imagePullPolicy }}
command: [/opt/bin/flanneld]
args:
  - --ip-masq
  - --kube-subnet-mgr
  - --iface={{ include "cni.interface" . }}
  - --healthz-ip=127.0.0.1
  - --healthz-port={{ $port }}
env:
  - name: POD_NAME
    valueFrom: { fieldRef: { fieldPath: metadata.name } }
  - name: POD_NAMESPACE
    valueFrom: { fieldRef: { fieldPath: metadata.namespace } }
  - { name: EVENT_QUEUE_DEPTH, value: "5000" }
securityContext:
  # Root with NET_ADMIN and NET_RAW (routes, the VXLAN device, iptables masquerading) - not privileged.
  runAsNonRoot: false
  runAsUser: 0
  capabilities:
    drop: [ALL]
    add: [NET_ADMIN, NET_RAW]
resources:
  {{- toYaml .Values.flannel.resources | nindent 2 }}
livenessProbe:
  httpGet: { host: 127.0.0.1, port: {{ $port }}, path: /healthz }
  initialDelaySeconds: 10
  periodSeconds: 10
readinessProbe:
  httpGet: { host: 127.0.0.1, port: {{ $port }}, path: /healthz }
  periodSeconds: 10
volumeMounts:
  - { name: run, mountPath: /run/flannel }
  - { name: flannel-cfg, mountPath: /etc/kube-flannel/ }
  - { name: xtables-lock, mountPath: /run/xtables.lock }
{{- end -}}
