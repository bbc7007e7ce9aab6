{{/* The NFS export: the chart's own value wins, else the env's `global.cluster.nfs`; one is mandatory. */}}
{{- define "nfs-provisioner.server" -}}
{{- $cluster := dig "cluster" "nfs" "server" "" (.Values.global | default dict) -}}
{{- required "nfs.server is required: set nfs.server or global.cluster.nfs.server" (.Values.nfs.server | default $cluster) -}}
{{- end -}}

{{- define "nfs-provisioner.path" -}}
{{- $cluster := dig "cluster" "nfs" "path" "" (.Values.global | default dict) -}}
{{- required "nfs.path is required: set nfs.path or global.cluster.nfs.path" (.Values.nfs.path | default $cluster) -}}
{{- end -}}

{{- define "nfs-provisioner.labels" -}}
{{- include "common.labels" (dict "ctx" . "component" "provisioner") }}
{{- end -}}
