{{/* Fail with every problem at once, like the common library's validation helpers. */}}
{{- define "kit.validations.values.required" -}}
{{- $problems := list -}}
{{- range .required -}}
{{- $value := include "kit.utils.getValueFromKey" (dict "key" . "context" $.context) -}}
{{- if not $value -}}
{{- $problems = append $problems (printf "%s: a value is required (set it with --set %s=...)" . .) -}}
{{- end -}}
{{- end -}}
{{- if $problems -}}
{{- fail (printf "\nVALUES VALIDATION:\n%s" (join "\n" $problems)) -}}
{{- end -}}
{{- end -}}

{{/* A value by its dotted key, "" when some step is missing. */}}
{{- define "kit.utils.getValueFromKey" -}}
{{- $value := .context.Values -}}
{{- range (splitList "." .key) -}}
{{- if kindIs "map" $value -}}
{{- $value = index $value . -}}
{{- else -}}
{{- $value = "" -}}
{{- end -}}
{{- end -}}
{{- if kindIs "map" $value -}}{{ toJson $value }}{{- else -}}{{ $value }}{{- end -}}
{{- end -}}

{{/* A DNS-1123 name check of the release (like charts that refuse names with underscores or dots at the ends). */}}
{{- define "kit.validations.releaseName" -}}
{{- if not (regexMatch "^[\\w-\\.]+$" .Release.Name) -}}
{{- fail (printf "release name %q has characters the chart cannot use" .Release.Name) -}}
{{- end -}}
{{- end -}}
