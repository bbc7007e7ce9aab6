{{/* Pod-level values shared by every pod of the chart. */}}
{{- define "tenancy-demo.pod" -}}
{{- toYaml (dict "nodeSelector" .Values.nodeSelector "affinity" .Values.affinity "tolerations" .Values.tolerations
      "podSecurityContext" .Values.podSecurityContext) -}}
{{- end -}}

{{/* The nginx container of every pod; `resources` may be nil for a pod that takes its LimitRange's defaults. */}}
{{- define "tenancy-demo.nginx" -}}
{{- $ctx := .ctx -}}
{{- $c := dict
      "name" "nginx"
      "image" (include "common.image" (dict "ctx" $ctx "image" $ctx.Values.image))
      "imagePullPolicy" $ctx.Values.image.pullPolicy
      "ports" (list (dict "name" "http" "containerPort" 8080 "protocol" "TCP"))
      "readinessProbe" (dict "tcpSocket" (dict "port" "http") "periodSeconds" 5)
      "livenessProbe" (dict "tcpSocket" (dict "port" "http") "periodSeconds" 10)
      "volumeMounts" (list (dict "name" "tmp" "mountPath" "/tmp")) -}}
{{- with .resources }}
{{- $_ := set $c "resources" . }}
{{- end }}
{{- toYaml $c -}}
{{- end -}}

{{/* Metadata of an object named after the seed, in the namespace it names, labelled with its component. */}}
{{- define "tenancy-demo.metadata" -}}
name: {{ .name }}
namespace: {{ .namespace }}
labels:
  {{- include "common.labels" (dict "ctx" .ctx "component" .name) | nindent 2 }}
  {{- with .labels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}
