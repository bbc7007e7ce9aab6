{{/*
Renders a value that may hold templates: strings go through tpl, anything else is turned into YAML first.
Usage: include "common.tplvalues.render" (dict "value" .Values.path "context" $) ; "scope" adds variables under .
*/}}
{{- define "common.tplvalues.render" -}}
{{- $value := typeIs "string" .value | ternary .value (.value | toYaml) -}}
{{- if contains "{{" (toJson .value) -}}
  {{- if .scope -}}
      {{- tpl (cat "{{- with $.RelativeScope -}}" $value "{{- end }}") (merge (dict "RelativeScope" .scope) .context) -}}
  {{- else -}}
    {{- tpl $value .context -}}
  {{- end -}}
{{- else -}}
    {{- $value -}}
{{- end -}}
{{- end -}}

{{/* Merges several rendered values, the first wins. Usage: include "common.tplvalues.merge" (dict "values" (list a b) "context" $) */}}
{{- define "common.tplvalues.merge" -}}
{{- $dst := dict -}}
{{- range .values -}}
{{- $dst = include "common.tplvalues.render" (dict "value" . "context" $.context "scope" $.scope) | fromYaml | merge $dst -}}
{{- end -}}
{{ $dst | toYaml }}
{{- end -}}
