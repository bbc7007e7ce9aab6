{{- /* tpl and include share helm's nesting counts; each level also parses a fresh tpl string. */ -}}
{{- define "d" }}{{ if gt (int .) 0 }}{{ tpl "{{ include \"d\" (sub (int .) 1) }}" . }}{{ . }},{{ end }}{{ end }}
