{{/*
The pod template of a course controller: the course's labels (which its selector matches) plus the standard ones, and
one container from an image profile serving :80. Probes are not in the course; a rollout needs readiness to know
when a new pod is up, so every controller here has readiness (GET /) and liveness (TCP) on :80.
Usage: include "controllers.template" (dict "ctx" $ "component" C "labels" L "replicas" N "container" NAME "image" PROFILE)
*/}}
{{- define "controllers.template" -}}
{{- $container := dict "name" .container "ports" (list (dict "containerPort" 80))
      "readinessProbe" (dict "httpGet" (dict "path" "/" "port" 80) "periodSeconds" 10)
      "livenessProbe" (dict "tcpSocket" (dict "port" 80) "periodSeconds" 20) -}}
metadata:
  labels:
    {{- include "common.labelsWith" (dict "ctx" .ctx "component" .component "labels" .labels) | nindent 4 }}
spec:
  {{- include "common.podSpec" (dict "ctx" .ctx "component" .component "replicas" .replicas "antiAffinity" "soft"
        "containers" (list (include "common.profileContainer" (dict "ctx" .ctx "profile" .image "container" $container "allowLatest" true) | fromYaml))
        "volumes" (include "common.profileVolumes" (dict "profiles" (list .image)) | fromYamlArray)) | nindent 2 }}
{{- end -}}
