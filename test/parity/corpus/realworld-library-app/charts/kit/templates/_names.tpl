{{/* The chart name, overridable. */}}
{{- define "kit.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* release-chart, without repeating the chart name when the release already holds it. */}}
{{- define "kit.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "kit.names.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* A component's name: fullname-component. Takes (dict "component" "x" "context" $). */}}
{{- define "kit.names.component" -}}
{{- printf "%s-%s" (include "kit.names.fullname" .context) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}
