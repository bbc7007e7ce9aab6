{{- define "logship.render" -}}
{{- $value := typeIs "string" .value | ternary .value (.value | toYaml) }}
{{- if contains "{{" (toJson .value) }}
{{- tpl $value .context }}
{{- else }}
{{- $value }}
{{- end }}
{{- end -}}

{{/* A helper that renders an optional value with tpl, called from inside a tpl'd string. */}}
{{- define "logship.tail" -}}
tail: {{ tpl "" $ | quote }}{{ include "logship.render" (dict "value" .Values.controller.config.empty "context" $) }}
{{- end -}}
