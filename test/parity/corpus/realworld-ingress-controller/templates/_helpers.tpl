{{- define "edge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "edge.fullname" -}}
{{- printf "%s-%s" .Release.Name (include "edge.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "edge.controller.fullname" -}}
{{- printf "%s-%s" (include "edge.fullname" .) .Values.controller.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "edge.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "edge.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/part-of: {{ template "edge.name" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "edge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "edge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "edge.image" -}}
{{- $image := printf "%s/%s" .registry .image -}}
{{- if .digest -}}{{ printf "%s:%s@%s" $image .tag .digest }}{{- else -}}{{ printf "%s:%s" $image .tag }}{{- end -}}
{{- end -}}

{{/* The controller's arguments: fixed ones, then extraArgs in key order ("key" alone when the value is ""). */}}
{{- define "edge.params" -}}
- /controller
- --publish-service=$(POD_NAMESPACE)/{{ include "edge.controller.fullname" . }}
- --election-id={{ include "edge.controller.fullname" . }}-leader
- --controller-class={{ .Values.controller.ingressClassResource.controllerValue }}
- --ingress-class={{ .Values.controller.ingressClassResource.name }}
- --configmap=$(POD_NAMESPACE)/{{ include "edge.controller.fullname" . }}
{{- if .Values.controller.admissionWebhooks.enabled }}
- --validating-webhook=:8443
{{- end }}
{{- range $key, $value := .Values.controller.extraArgs }}
{{- if eq (toString $value) "" }}
- --{{ $key }}
{{- else }}
- --{{ $key }}={{ tpl (toString $value) $ }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "edge.podDisruptionBudget.apiVersion" -}}
{{- if .Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget" -}}policy/v1{{- else if semverCompare ">=1.21-0" .Capabilities.KubeVersion.Version -}}policy/v1{{- else -}}policy/v1beta1{{- end -}}
{{- end -}}
