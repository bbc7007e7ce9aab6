{{- define "a" }}a{{ include "b" . }}{{ end }}
{{- define "b" }}b{{ include "a" . | upper }}{{ end }}
