{{/* The course's tomcat container (port 8080) as a profilePod entry. Usage: include "scheduling.tomcat" (dict "ctx" $ "name" N) | fromYaml */}}
{{- define "scheduling.tomcat" -}}
profile:
  {{- toYaml .ctx.Values.images.tomcat | nindent 2 }}
container:
  name: {{ .name }}
  ports:
    - containerPort: 8080
{{- end -}}

{{/* The course's ikubernetes/myapp:v1 container as a profilePod entry. Usage: include "scheduling.myapp" (dict "ctx" $ ["port" "http"]) | fromYaml */}}
{{- define "scheduling.myapp" -}}
profile:
  {{- toYaml .ctx.Values.images.myapp | nindent 2 }}
container:
  name: myapp
  {{- if .port }}
  ports:
    - name: {{ .port }}
      containerPort: 80
  {{- end }}
{{- end -}}

{{/* The course's busybox `sleep 3600` container as a profilePod entry. Usage: include "scheduling.sleeper" (dict "profile" P) | fromYaml */}}
{{- define "scheduling.sleeper" -}}
profile:
  {{- toYaml .profile | nindent 2 }}
container:
  name: busybox
  command: ["sh", "-c", "sleep 3600"]
{{- end -}}

{{/*
A pair of the course's pod (anti-)affinity demos: pod-first carries the label the second pod's required term
selects; pod-second (busybox:latest) has the term. pod-first is created first (it sorts first, here and in Argo CD's
apply order), so the scheduler places it first, as in the course.
Usage: include "scheduling.pair" (dict "ctx" $ "suffix" "" "kind" "podAffinity" "key" "app2" "value" "myapp2" "topologyKey" T)
*/}}
{{- define "scheduling.pair" -}}
{{- $first := printf "pod-first%s" .suffix -}}
{{- $second := printf "pod-second%s" .suffix -}}
{{- $term := dict "labelSelector" (dict "matchExpressions" (list (dict "key" .key "operator" "In" "values" (list .value)))) "topologyKey" .topologyKey -}}
{{- $affinity := dict .kind (dict "requiredDuringSchedulingIgnoredDuringExecution" (list $term)) -}}
{{ include "common.profilePod" (dict "ctx" .ctx "name" $first "labels" (dict .key .value "tier" "frontend") "probes" false "allowLatest" true
     "containers" (list (include "scheduling.myapp" (dict "ctx" .ctx) | fromYaml))) }}
---
{{ include "common.profilePod" (dict "ctx" .ctx "name" $second "labels" (dict "app" "backend" "tier" "db") "probes" false "allowLatest" true
     "pod" (dict "affinity" $affinity)
     "containers" (list (include "scheduling.sleeper" (dict "profile" .ctx.Values.images.busyboxLatest) | fromYaml))) }}
{{- end -}}
