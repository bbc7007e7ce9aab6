{{/*
Selector labels: only name, instance and (optionally) component, because a workload's selector is
immutable and must not change when the chart or app version does.
Usage: include "common.selectorLabels" (dict "ctx" $ "component" "controller"), or pass `.` for no component.
*/}}
{{- define "common.selectorLabels" -}}
{{- $ctx := .ctx | default . -}}
app.kubernetes.io/name: {{ include "common.name" $ctx }}
app.kubernetes.io/instance: {{ $ctx.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end -}}

{{/* The full label set for metadata.labels and pod template labels; same arguments as common.selectorLabels. */}}
{{- define "common.labels" -}}
{{- $ctx := .ctx | default . -}}
helm.sh/chart: {{ include "common.chart" $ctx }}
{{ include "common.selectorLabels" . }}
{{- with $ctx.Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/part-of: {{ include "common.name" $ctx }}
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
{{- end -}}

{{/*
The full label set plus labels of the chart's own (e.g. the labels a course demo selects on); the standard labels win
on a clash. Usage: include "common.labelsWith" (dict "ctx" $ "component" "x" "labels" (dict "app" "myapp"))
*/}}
{{- define "common.labelsWith" -}}
{{- toYaml (merge (include "common.labels" . | fromYaml) (deepCopy (.labels | default dict))) -}}
{{- end -}}
