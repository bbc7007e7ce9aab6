{{/*
An image reference `registry/repository:tag[@digest]`. `global.imageRegistry` (the env's registry mirror)
overrides the image's own registry. Tags are mandatory and never `latest`: renders must be reproducible.
"allowLatest" true admits `latest` at a call site that reproduces a course demo running an untagged image; the
`image-tag` lint rule still reports every such container, so an env must waive each one with its reason.
Usage: include "common.image" (dict "ctx" $ "image" .Values.image ["allowLatest" true])
image: {registry, repository, tag, digest (optional)}
*/}}
{{- define "common.image" -}}
{{- $global := .ctx.Values.global | default dict -}}
{{- $registry := $global.imageRegistry | default .image.registry -}}
{{- $repository := required "image.repository is required" .image.repository -}}
{{- $tag := toString (required (printf "image %s: a pinned tag is required" $repository) .image.tag) -}}
{{- if and (eq $tag "latest") (not .allowLatest) -}}
{{- fail (printf "image %s: tag \"latest\" is not allowed, pin a version" $repository) -}}
{{- end -}}
{{- if $registry -}}{{ $registry }}/{{ end -}}
{{ $repository }}:{{ $tag }}{{ with .image.digest }}@{{ . }}{{ end }}
{{- end -}}
