{{/*
A bare tomcat Pod of the course: one container from the `tomcat` image profile, port 8080.
Usage: include "pods.tomcatPod" (dict "ctx" $ "name" N "container" C "labels" L ["namespace" NS] ["resources" R])
*/}}
{{- define "pods.tomcatPod" -}}
{{- $container := dict "name" .container "ports" (list (dict "containerPort" 8080)) -}}
{{- with .resources }}{{ $_ := set $container "resources" . }}{{ end -}}
{{- include "common.profilePod" (dict "ctx" .ctx "name" .name "labels" .labels "namespace" .namespace "probes" false "allowLatest" true
      "containers" (list (dict "profile" .ctx.Values.images.tomcat "container" $container))) -}}
{{- end -}}
