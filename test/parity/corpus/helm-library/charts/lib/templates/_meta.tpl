{{- define "lib.metadata" -}}
name: {{ .Values.name }}
labels:
  chart: {{ .Chart.Name }}
{{- end -}}
