{{/*
Every helper takes either the chart's root context (`.`) or a dict with the root context under `ctx`
plus the helper's own keys (e.g. `component`). `$ctx := .ctx | default .` accepts both.
*/}}

{{/* The chart name, overridable with `nameOverride`. */}}
{{- define "common.name" -}}
{{- $ctx := .ctx | default . -}}
{{- $ctx.Values.nameOverride | default $ctx.Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The release-derived base name of every object, namespaced and cluster-scoped alike, so that two releases
of one chart never collide. `fullnameOverride` replaces it; a release named like the chart keeps its name.
*/}}
{{- define "common.fullname" -}}
{{- $ctx := .ctx | default . -}}
{{- if $ctx.Values.fullnameOverride -}}
{{- $ctx.Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "common.name" $ctx -}}
{{- if contains $name $ctx.Release.Name -}}
{{- $ctx.Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" $ctx.Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* `helm.sh/chart` label value: name-version, with `+` (invalid in labels) replaced. */}}
{{- define "common.chart" -}}
{{- $ctx := .ctx | default . -}}
{{- printf "%s-%s" $ctx.Chart.Name $ctx.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}
