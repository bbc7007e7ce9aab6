{{- /* Two names alternate, so the nesting is twice as deep as either name's count. */ -}}
{{- define "even" }}{{ if gt (int .) 0 }}{{ include "odd" (sub (int .) 1) }}e{{ end }}{{ end }}
{{- define "odd" }}{{ if gt (int .) 0 }}{{ include "even" (sub (int .) 1) }}o{{ end }}{{ end }}
