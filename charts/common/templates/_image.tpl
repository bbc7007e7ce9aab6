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

{{/*
Pod template annotations that record what the images' binaries need from the kernel, one per container:
`file-capabilities.bundle.dev/<container>: CAP[,CAP...]` for an image whose `fileCapabilities` fact lists
capabilities set on its binaries (`setcap ...+ep`). `bundle lint` (rule net-bind-service) reads them: the
facts stay in each chart's values, next to the image, not in the rule.
Usage: include "common.fileCapabilitiesAnnotations" (dict "<container>" .Values.image ...)
*/}}
{{- define "common.fileCapabilitiesAnnotations" -}}
{{- range $container, $image := . }}
{{- with $image.fileCapabilities }}
file-capabilities.bundle.dev/{{ $container }}: {{ join "," . | quote }}
{{- end }}
{{- end }}
{{- end -}}
