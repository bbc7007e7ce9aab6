{{/*
Required pod anti-affinity on the node hostname: replicas of one workload never share a node, so losing
a node loses at most one replica (and hostNetwork replicas never fight over host ports).
Usage: include "common.antiAffinity" (dict "ctx" $ "component" "controller")
*/}}
{{- define "common.antiAffinity" -}}
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          {{- include "common.selectorLabels" . | nindent 10 }}
{{- end -}}
