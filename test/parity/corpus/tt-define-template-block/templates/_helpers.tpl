{{- define "tt.name" -}}
{{ .Values.name }}-x
{{- end }}
{{- define "tt.wrap" -}}
[{{ . }}]
{{- end }}
