{{/*
A DNS check Job: a busybox pod that looks every name up with nslookup (retrying while records appear) and fails
if one never resolves. It is both a Helm test (`helm test <release>` runs it; `helm install` does not) and an
Argo CD PostSync hook (Argo CD runs it after every sync once the app is healthy; its own hook annotation takes
precedence over Helm's, which it would otherwise never apply). The previous run is kept until the next one, so
`kubectl logs job/<name>` shows the last result.
Usage: include "common.dnsCheckJob" (dict "ctx" $ "name" "web-dns-check" "names" (list "a.b.svc.cluster.local") "check" .Values.dnsCheck)
- check: {image: {registry, repository, tag, digest, pullPolicy}, retries, resources, podSecurityContext}
*/}}
{{- define "common.dnsCheckJob" -}}
{{- $ctx := .ctx -}}
{{- $c := dict "ctx" $ctx "component" "dns-check" -}}
{{- $script := `for name in "$@"; do
  tries=0
  until nslookup "$name"; do
    tries=$((tries + 1))
    if [ "$tries" -ge "$RETRIES" ]; then echo "FAIL: $name does not resolve"; exit 1; fi
    sleep 3
  done
  echo "OK: $name"
done` -}}
{{- $container := dict
      "name" "nslookup"
      "image" (include "common.image" (dict "ctx" $ctx "image" .check.image))
      "imagePullPolicy" .check.image.pullPolicy
      "command" (concat (list "sh" "-c" $script "dns-check") .names)
      "env" (list (dict "name" "RETRIES" "value" (toString .check.retries)))
      "resources" .check.resources -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .name }}
  namespace: {{ $ctx.Release.Namespace }}
  labels:
    {{- include "common.labels" $c | nindent 4 }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation
    argocd.argoproj.io/hook: PostSync
    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation
spec:
  backoffLimit: 0
  template:
    metadata:
      labels:
        {{- include "common.labels" $c | nindent 8 }}
    spec:
      {{- include "common.podSpec" (dict "ctx" $ctx "component" "dns-check" "job" true "restartPolicy" "Never"
            "pod" (dict "podSecurityContext" .check.podSecurityContext) "containers" (list $container)) | nindent 6 }}
{{- end -}}
