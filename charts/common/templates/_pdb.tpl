{{/*
A PodDisruptionBudget, rendered only when replicas > 1: with one replica any budget either blocks node
drains (minAvailable 1) or protects nothing.
Usage: include "common.pdb" (dict "ctx" $ "component" "controller" "replicas" .Values.replicas
                                  "name" "<optional, default fullname>" "maxUnavailable" 1)
*/}}
{{- define "common.pdb" -}}
{{- $ctx := .ctx -}}
{{- if gt (int .replicas) 1 }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .name | default (include "common.fullname" $ctx) }}
  namespace: {{ $ctx.Release.Namespace }}
  labels:
    {{- include "common.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .maxUnavailable | default 1 }}
  {{- /* Lets a drain evict pods that are not ready anyway (GA in 1.27, absent before 1.26). */}}
  {{- if semverCompare ">=1.27-0" $ctx.Capabilities.KubeVersion.Version }}
  unhealthyPodEvictionPolicy: AlwaysAllow
  {{- end }}
  selector:
    matchLabels:
      {{- include "common.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}
