{{- define "count" }}{{ if gt (int .) 0 }}{{ include "count" (sub (int .) 1) }}{{ . }},{{ end }}{{ end }}
