{{/* The NFS server for a volume: its own, else nfs.server, else the env's cluster fact; `what` names it in the error. */}}
{{- define "storage.nfsServer" -}}
{{- $ctx := .ctx -}}
{{- $server := .server | default $ctx.Values.nfs.server | default (dig "cluster" "nfs" "server" "" ($ctx.Values.global | default dict)) -}}
{{- if not $server -}}
{{- fail (printf "%s: NFS path %s has no server: set nfs.server, or the env fact cluster.nfs.server (global.cluster.nfs.server)" .what .path) -}}
{{- end -}}
{{- $server -}}
{{- end -}}

{{/* Pod-level values shared by every pod of the chart. */}}
{{- define "storage.pod" -}}
{{- toYaml (dict "nodeSelector" .Values.nodeSelector "affinity" .Values.affinity "tolerations" .Values.tolerations
      "podSecurityContext" .Values.podSecurityContext) -}}
{{- end -}}

{{/*
The nginx container of every pod, with the volume mounts it is given (`mounts`, a list of volumeMounts) plus the
writable /tmp the unprivileged image needs. `port` is where the image's server listens (8080 unless a mounted
conf.d says otherwise).
*/}}
{{- define "storage.nginx" -}}
{{- $ctx := .ctx -}}
{{- toYaml (dict
      "name" (.name | default "nginx")
      "image" (include "common.image" (dict "ctx" $ctx "image" $ctx.Values.image))
      "imagePullPolicy" $ctx.Values.image.pullPolicy
      "ports" (list (dict "name" "http" "containerPort" (.port | default 8080) "protocol" "TCP"))
      "readinessProbe" (dict "tcpSocket" (dict "port" "http") "periodSeconds" 5)
      "livenessProbe" (dict "tcpSocket" (dict "port" "http") "periodSeconds" 10)
      "resources" $ctx.Values.resources
      "volumeMounts" (concat .mounts (list (dict "name" "tmp" "mountPath" "/tmp")))) -}}
{{- end -}}

{{/* Metadata of a bare Pod or workload named after the seed, labelled with its component. */}}
{{- define "storage.metadata" -}}
name: {{ .name }}
namespace: {{ .ctx.Release.Namespace }}
labels:
  {{- include "common.labels" (dict "ctx" .ctx "component" .name) | nindent 2 }}
  {{- with .labels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}
