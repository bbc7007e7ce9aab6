{{/* A probe: the action map plus the timings from values. Usage: include "probes.probe" (dict "action" A "timings" T) | fromYaml */}}
{{- define "probes.probe" -}}
{{- toYaml (merge (deepCopy .action) (deepCopy .timings)) -}}
{{- end -}}

{{/* Spring Boot's actuator health check, as every springboot probe of the course writes it. */}}
{{- define "probes.actuator" -}}
httpGet:
  scheme: HTTP
  port: 8081
  path: /actuator/health
{{- end -}}

{{/*
A bare tomcat Pod with one startup probe (§8.2). Usage: include "probes.startupPod" (dict "ctx" $ "name" N "action" A "timings" T)
*/}}
{{- define "probes.startupPod" -}}
{{ include "common.profilePod" (dict "ctx" .ctx "name" .name "probes" false "allowLatest" true
     "containers" (list (dict "profile" .ctx.Values.images.tomcat "container" (dict "name" "startup"
        "ports" (list (dict "containerPort" 8080))
        "startupProbe" (include "probes.probe" (dict "action" .action "timings" .timings) | fromYaml))))) }}
{{- end -}}

{{/*
A springboot Pod of §8.4/§8.5 and its Service; the Service also selects the Pod's component, so each Service keeps
to its own Pod although both Pods carry the course's app=springboot.
Usage: include "probes.springboot" (dict "ctx" $ "name" N "probes" (dict "readinessProbe" P ...) "service" S)
*/}}
{{- define "probes.springboot" -}}
{{- $container := merge (dict "name" "springboot" "ports" (list (dict "name" "server" "containerPort" 8080) (dict "name" "management" "containerPort" 8081))) .probes -}}
{{ include "common.profilePod" (dict "ctx" .ctx "name" .name "labels" (dict "app" "springboot") "probes" false "allowLatest" true
     "containers" (list (dict "profile" .ctx.Values.images.springboot "container" $container))) }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .name }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "common.labelsWith" (dict "ctx" .ctx "component" .name "labels" (dict "app" "springboot")) | nindent 4 }}
spec:
  type: {{ .service.type }}
  selector:
    app: springboot
    app.kubernetes.io/component: {{ .name }}
    {{- include "common.selectorLabels" (dict "ctx" .ctx) | nindent 4 }}
  ports:
    {{- range $name, $port := dict "server" 8080 "management" 8081 }}
    - name: {{ $name }}
      port: {{ $port }}
      targetPort: {{ $port }}
      protocol: TCP
      {{- $nodePort := index $.service.nodePorts $name }}
      {{- if and (eq $.service.type "NodePort") $nodePort }}
      nodePort: {{ $nodePort }}
      {{- end }}
    {{- end }}
{{- end -}}
