{{/*
A bare Pod, as the course creates most of its demos: the standard labels of its component plus the demo's own
labels (common.labelsWith), and common.podSpec, which receives this same dict.
Usage: include "common.pod" (dict "ctx" $ "name" "demo-pod" "component" "demo-pod" "labels" (dict "app" "myapp")
         ["namespace" "test"] ["annotations" A] + the common.podSpec arguments: "pod", "containers", "initContainers", "volumes",
         "restartPolicy", "probes", ...)
*/}}
{{- define "common.pod" -}}
apiVersion: v1
kind: Pod
metadata:
  name: {{ .name }}
  namespace: {{ .namespace | default .ctx.Release.Namespace }}
  labels:
    {{- include "common.labelsWith" . | nindent 4 }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- include "common.podSpec" . | nindent 2 }}
{{- end -}}
