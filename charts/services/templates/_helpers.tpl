{{/* Pod-level values of the nginx pods and of the busybox pods: shared placement, their own securityContext. */}}
{{- define "services.pod" -}}
{{- $ctx := .ctx -}}
{{- toYaml (dict "nodeSelector" $ctx.Values.nodeSelector "affinity" $ctx.Values.affinity "tolerations" $ctx.Values.tolerations
      "podSecurityContext" .podSecurityContext) -}}
{{- end -}}

{{/*
An nginx Deployment and the Service in front of it, plus a PodDisruptionBudget above one replica.
Usage: include "services.nginxApp" (dict "ctx" $ "component" "my-nginx" "name" "my-nginx" "namespace" ns
                                         "replicas" 2 "labels" (dict) "service" (dict "name" n "type" "ClusterIP" "port" 80 ["nodePort" 30380]))
The component label keeps selectors apart; `labels` are the seed's own (run=..., app=...), added to pods and Service.
*/}}
{{- define "services.nginxApp" -}}
{{- $ctx := .ctx -}}
{{- $c := dict "ctx" $ctx "component" .component -}}
{{- $container := dict
      "name" "nginx"
      "image" (include "common.image" (dict "ctx" $ctx "image" $ctx.Values.image))
      "imagePullPolicy" $ctx.Values.image.pullPolicy
      "ports" (list (dict "name" "http" "containerPort" 8080 "protocol" "TCP"))
      "readinessProbe" (dict "httpGet" (dict "path" "/" "port" "http") "periodSeconds" 5)
      "livenessProbe" (dict "tcpSocket" (dict "port" "http") "periodSeconds" 10)
      "resources" $ctx.Values.resources
      "volumeMounts" (list (dict "name" "tmp" "mountPath" "/tmp")) -}}
{{- $pod := include "services.pod" (dict "ctx" $ctx "podSecurityContext" $ctx.Values.podSecurityContext) | fromYaml }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  namespace: {{ .namespace }}
  labels:
    {{- include "common.labels" $c | nindent 4 }}
    {{- with .labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  replicas: {{ .replicas }}
  selector:
    matchLabels:
      {{- include "common.selectorLabels" $c | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "common.labels" $c | nindent 8 }}
        {{- with .labels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- include "common.podSpec" (dict "ctx" $ctx "component" .component "pod" $pod "replicas" .replicas "antiAffinity" "soft"
            "containers" (list $container) "volumes" (list (dict "name" "tmp" "emptyDir" dict))) | nindent 6 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .service.name }}
  namespace: {{ .namespace }}
  labels:
    {{- include "common.labels" $c | nindent 4 }}
    {{- with .labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  type: {{ .service.type }}
  selector:
    {{- include "common.selectorLabels" $c | nindent 4 }}
  ports:
    - name: http
      port: {{ .service.port }}
      targetPort: http
      protocol: TCP
      {{- with .service.nodePort }}
      nodePort: {{ . }}
      {{- end }}
{{- $pdb := include "common.pdb" (dict "ctx" $ctx "component" .component "replicas" .replicas "name" .name) }}
{{- if $pdb }}
{{- /* common.pdb puts objects in the release namespace; this app may live elsewhere (nginx-ns). */}}
{{- $obj := $pdb | fromYaml }}
{{- $_ := set $obj.metadata "namespace" .namespace }}
---
{{ toYaml $obj }}
{{- end }}
{{- end -}}

{{/*
A busybox container that sleeps, for pods users exec into. `probe` is its readiness command (what the pod is for);
with `live` true it also gets a liveness probe that only asks whether the container still runs commands (a sleeping
shell has nothing else to check).
*/}}
{{- define "services.sleeper" -}}
{{- $ctx := .ctx -}}
{{- $c := dict
      "name" "busybox"
      "image" (include "common.image" (dict "ctx" $ctx "image" $ctx.Values.busybox.image))
      "imagePullPolicy" $ctx.Values.busybox.image.pullPolicy
      "command" (list "sleep" .seconds)
      "resources" $ctx.Values.busybox.resources -}}
{{- with .probe }}
{{- $_ := set $c "readinessProbe" (dict "exec" (dict "command" .) "periodSeconds" 10 "timeoutSeconds" 5) }}
{{- end }}
{{- if .live }}
{{- $_ := set $c "livenessProbe" (dict "exec" (dict "command" (list "sh" "-c" "kill -0 1")) "periodSeconds" 30) }}
{{- end }}
{{- toYaml $c -}}
{{- end -}}
