{{- /* Helm allows each template name 1000 nested includes: 1000 renders, 1001 fails. The JS main thread's stack
       runs out first, so the native engine must finish on a deeper stack. */ -}}
{{- define "count" }}{{ if gt (int .) 0 }}{{ include "count" (sub (int .) 1) }}{{ . }},{{ end }}{{ end }}
