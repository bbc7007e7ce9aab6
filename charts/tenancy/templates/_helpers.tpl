{{/*
The real name of a ClusterRole reference: roles defined by this chart are prefixed with the release's
fullname (cluster-scoped, so two releases never collide); anything else (cluster-admin, view, ...) is a
built-in or externally managed ClusterRole and keeps its name.
Usage: include "tenancy.clusterRoleName" (dict "ctx" $ "name" "kubectl-get-pod")
*/}}
{{- define "tenancy.clusterRoleName" -}}
{{- if hasKey .ctx.Values.clusterRoles .name -}}
{{ include "common.fullname" .ctx }}-{{ .name }}
{{- else -}}
{{ .name }}
{{- end -}}
{{- end -}}

{{/* RBAC subjects: Users and Groups carry the RBAC apiGroup, ServiceAccounts their namespace. */}}
{{- define "tenancy.subjects" -}}
{{- range . }}
- kind: {{ .kind }}
  name: {{ .name }}
  {{- if eq .kind "ServiceAccount" }}
  namespace: {{ .namespace }}
  {{- else }}
  apiGroup: rbac.authorization.k8s.io
  {{- end }}
{{- end }}
{{- end -}}
