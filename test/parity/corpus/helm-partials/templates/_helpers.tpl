{{- define "c.fullname" -}}
{{ .Release.Name }}-{{ .Values.name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "c.labels" -}}
app: {{ .Chart.Name }}
release: {{ .Release.Name }}
{{- end }}
