{{- define "kit.affinities.pods" -}}
{{- $weight := .weight | default 1 -}}
{{- if eq .type "soft" }}
preferredDuringSchedulingIgnoredDuringExecution:
  - podAffinityTerm:
      labelSelector:
        matchLabels: {{- include "kit.labels.matchLabels" (dict "customLabels" .customLabels "context" .context) | nindent 10 }}
          {{- with .extraMatchLabels }}
          {{- toYaml . | nindent 10 }}
          {{- end }}
      topologyKey: {{ .topologyKey | default "kubernetes.io/hostname" }}
    weight: {{ $weight }}
{{- else if eq .type "hard" }}
requiredDuringSchedulingIgnoredDuringExecution:
  - labelSelector:
      matchLabels: {{- include "kit.labels.matchLabels" (dict "customLabels" .customLabels "context" .context) | nindent 8 }}
    topologyKey: {{ .topologyKey | default "kubernetes.io/hostname" }}
{{- end -}}
{{- end -}}

{{- define "kit.resources.preset" -}}
{{- $presets := dict
  "nano" (dict "requests" (dict "cpu" "100m" "memory" "128Mi") "limits" (dict "cpu" "150m" "memory" "192Mi"))
  "small" (dict "requests" (dict "cpu" "500m" "memory" "512Mi") "limits" (dict "cpu" "750m" "memory" "768Mi"))
-}}
{{- if hasKey $presets .type -}}
{{- index $presets .type | toYaml -}}
{{- else -}}
{{- printf "ERROR: Preset key '%s' invalid. Allowed values are %s" .type (join "," (keys $presets | sortAlpha)) | fail -}}
{{- end -}}
{{- end -}}
