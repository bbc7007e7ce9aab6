{{/*
Pod anti-affinity on the node hostname, so losing a node loses at most one replica of a workload.
- "antiAffinity" "hard" (the default): required, replicas never share a node (and hostNetwork replicas never
  fight over host ports); replicas beyond the node count stay Pending.
- "antiAffinity" "soft": preferred (weight 100), the same term as a wish: the scheduler spreads the replicas
  but still places them, and a rollout's surge pod, when every node already runs one.
Usage: include "common.antiAffinity" (dict "ctx" $ "component" "controller" ["antiAffinity" "soft"])
*/}}
{{- define "common.antiAffinity" -}}
{{- $mode := .antiAffinity | default "hard" -}}
podAntiAffinity:
{{- if eq $mode "soft" }}
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "common.selectorLabels" . | nindent 12 }}
{{- else if eq $mode "hard" }}
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          {{- include "common.selectorLabels" . | nindent 10 }}
{{- else }}
{{- fail (printf "common.antiAffinity: antiAffinity must be \"soft\" or \"hard\", not %q" (toString $mode)) }}
{{- end }}
{{- end -}}
