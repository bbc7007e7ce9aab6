{{- define "kit.labels.standard" -}}
{{- $default := dict "app.kubernetes.io/name" (include "kit.names.name" .context) "helm.sh/chart" (printf "%s-%s" .context.Chart.Name (.context.Chart.Version | replace "+" "_")) "app.kubernetes.io/instance" .context.Release.Name "app.kubernetes.io/managed-by" .context.Release.Service -}}
{{- with .context.Chart.AppVersion -}}
{{- $_ := set $default "app.kubernetes.io/version" . -}}
{{- end -}}
{{- include "kit.tplvalues.render" (dict "value" (merge (default (dict) .customLabels) $default) "context" .context) -}}
{{- end -}}

{{- define "kit.labels.matchLabels" -}}
{{- $base := dict "app.kubernetes.io/name" (include "kit.names.name" .context) "app.kubernetes.io/instance" .context.Release.Name -}}
{{- toYaml (merge (pick (default (dict) .customLabels) "app.kubernetes.io/name" "app.kubernetes.io/instance") $base) -}}
{{- end -}}
