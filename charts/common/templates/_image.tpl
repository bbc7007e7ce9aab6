{{/*
An image reference `registry/repository:tag[@digest]`. `global.imageRegistry` (the env's registry mirror)
overrides the image's own registry. Tags are mandatory and never `latest`: renders must be reproducible.
Usage: include "common.image" (dict "ctx" $ "image" .Values.image)
image: {registry, repository, tag, digest (optional)}
*/}}
{{- define "common.image" -}}
{{- $global := .ctx.Values.global | default dict -}}
{{- $registry := $global.imageRegistry | default .image.registry -}}
{{- $repository := required "image.repository is required" .image.repository -}}
{{- $tag := toString (required (printf "image %s: a pinned tag is required" $repository) .image.tag) -}}
{{- if eq $tag "latest" -}}
{{- fail (printf "image %s: tag \"latest\" is not allowed, pin a version" $repository) -}}
{{- end -}}
{{- if $registry -}}{{ $registry }}/{{ end -}}
{{ $repository }}:{{ $tag }}{{ with .image.digest }}@{{ . }}{{ end }}
{{- end -}}
