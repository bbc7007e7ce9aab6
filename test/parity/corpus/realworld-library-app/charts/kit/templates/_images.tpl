{{/* registry/repository:tag or @digest, the global registry winning. Takes (dict "imageRoot" .Values.image "global" .Values.global "chart" .Chart). */}}
{{- define "kit.images.image" -}}
{{- $registry := .imageRoot.registry -}}
{{- if and .global .global.imageRegistry -}}
{{- $registry = .global.imageRegistry -}}
{{- end -}}
{{- $tag := .imageRoot.tag | default .chart.AppVersion | toString -}}
{{- $separator := ":" -}}
{{- if .imageRoot.digest -}}
{{- $separator = "@" -}}
{{- $tag = .imageRoot.digest | toString -}}
{{- end -}}
{{- if $registry -}}
{{- printf "%s/%s%s%s" $registry .imageRoot.repository $separator $tag -}}
{{- else -}}
{{- printf "%s%s%s" .imageRoot.repository $separator $tag -}}
{{- end -}}
{{- end -}}

{{- define "kit.images.pullSecrets" -}}
{{- $secrets := list -}}
{{- if .global -}}
{{- range .global.imagePullSecrets -}}
{{- if kindIs "map" . }}{{ $secrets = append $secrets .name }}{{ else }}{{ $secrets = append $secrets . }}{{ end -}}
{{- end -}}
{{- end -}}
{{- range .images -}}
{{- range .pullSecrets -}}
{{- if kindIs "map" . }}{{ $secrets = append $secrets .name }}{{ else }}{{ $secrets = append $secrets . }}{{ end -}}
{{- end -}}
{{- end -}}
{{- if $secrets }}
imagePullSecrets:
{{- range $secrets | uniq }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}
