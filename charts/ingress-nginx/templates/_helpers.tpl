{{/* Name of the controller workload, its ConfigMap and Service. */}}
{{- define "ingress-nginx.controllerName" -}}
{{- printf "%s-controller" (include "common.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* `--controller-class`: derived from the class so that two releases never claim each other's Ingresses. */}}
{{- define "ingress-nginx.controllerValue" -}}
{{- .Values.controller.controllerValue | default (printf "k8s.io/%s" .Values.controller.ingressClass) -}}
{{- end -}}

{{/* `--election-id`: the leader-election ConfigMap, derived from the release. */}}
{{- define "ingress-nginx.electionID" -}}
{{- .Values.controller.electionID | default (printf "%s-leader" (include "common.fullname" .)) -}}
{{- end -}}

{{- define "ingress-nginx.admissionName" -}}
{{- printf "%s-admission" (include "common.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ingress-nginx.admissionServiceName" -}}
{{- printf "%s-admission" (include "ingress-nginx.controllerName" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Privileged ports (< 1024) need NET_BIND_SERVICE in effect; the image grants it to nginx through file capabilities. */}}
{{- define "ingress-nginx.privilegedPorts" -}}
{{- $p := .Values.controller.ports -}}
{{- if or (lt (int $p.http) 1024) (lt (int $p.https) 1024) }}true{{ end -}}
{{- end -}}

{{/* Every port the controller binds; with hostNetwork they are node ports, so they must differ. */}}
{{- define "ingress-nginx.checkPorts" -}}
{{- $seen := dict -}}
{{- range $name, $port := .Values.controller.ports -}}
{{- $key := toString $port -}}
{{- if hasKey $seen $key -}}
{{- fail (printf "controller.ports.%s and controller.ports.%s both use port %s" (get $seen $key) $name $key) -}}
{{- end -}}
{{- $_ := set $seen $key $name -}}
{{- end -}}
{{- end -}}

{{- define "ingress-nginx.controllerContainer" -}}
{{- $c := .Values.controller -}}
{{- $webhook := $c.admissionWebhooks.enabled -}}
name: controller
image: {{ include "common.image" (dict "ctx" . "image" $c.image) }}
imagePullPolicy: {{ $c.image.pullPolicy }}
args:
  - /nginx-ingress-controller
  - --election-id={{ include "ingress-nginx.electionID" . }}
  - --controller-class={{ include "ingress-nginx.controllerValue" . }}
  - --ingress-class={{ $c.ingressClass }}
  - --configmap=$(POD_NAMESPACE)/{{ include "ingress-nginx.controllerName" . }}
  - --http-port={{ $c.ports.http }}
  - --https-port={{ $c.ports.https }}
  - --default-server-port={{ $c.ports.defaultServer }}
  - --healthz-port={{ $c.ports.healthz }}
  - --profiler-port={{ $c.ports.profiler }}
  - --status-port={{ $c.ports.status }}
  - --stream-port={{ $c.ports.stream }}
  {{- if $c.watchIngressWithoutClass }}
  - --watch-ingress-without-class=true
  {{- end }}
  {{- if $c.publishStatusAddress }}
  - --publish-status-address={{ $c.publishStatusAddress }}
  {{- else if $c.publishIngressVIP }}
  - --publish-status-address={{ required "controller.publishIngressVIP needs global.cluster.ingressVIP" (dig "cluster" "ingressVIP" "" (.Values.global | default dict)) }}
  {{- else if $c.hostNetwork }}
  - --report-node-internal-ip-address=true
  {{- else if $c.service.enabled }}
  - --publish-service=$(POD_NAMESPACE)/{{ include "ingress-nginx.controllerName" . }}
  {{- end }}
  {{- if $webhook }}
  - --validating-webhook=:{{ $c.ports.webhook }}
  - --validating-webhook-certificate=/usr/local/certificates/cert
  - --validating-webhook-key=/usr/local/certificates/key
  {{- end }}
  {{- range $flag, $value := $c.extraArgs }}
  - --{{ $flag }}={{ $value }}
  {{- end }}
env:
  - name: POD_NAME
    valueFrom: { fieldRef: { fieldPath: metadata.name } }
  - name: POD_NAMESPACE
    valueFrom: { fieldRef: { fieldPath: metadata.namespace } }
  - name: LD_PRELOAD
    value: /usr/local/lib/libmimalloc.so
ports:
  - { name: http, containerPort: {{ $c.ports.http }}, protocol: TCP }
  - { name: https, containerPort: {{ $c.ports.https }}, protocol: TCP }
  - { name: default-server, containerPort: {{ $c.ports.defaultServer }}, protocol: TCP }
  - { name: healthz, containerPort: {{ $c.ports.healthz }}, protocol: TCP }
  {{- if $webhook }}
  - { name: webhook, containerPort: {{ $c.ports.webhook }}, protocol: TCP }
  {{- end }}
livenessProbe:
  httpGet: { path: /healthz, port: {{ $c.ports.healthz }}, scheme: HTTP }
  initialDelaySeconds: 10
  periodSeconds: 10
  timeoutSeconds: 1
  failureThreshold: 5
readinessProbe:
  httpGet: { path: /healthz, port: {{ $c.ports.healthz }}, scheme: HTTP }
  initialDelaySeconds: 10
  periodSeconds: 10
  timeoutSeconds: 1
  failureThreshold: 3
lifecycle:
  preStop:
    exec:
      command: [/wait-shutdown]
resources:
  {{- toYaml $c.resources | nindent 2 }}
{{- if $webhook }}
volumeMounts:
  - { name: webhook-cert, mountPath: /usr/local/certificates/, readOnly: true }
{{- end }}
{{- /*
Exceptions to the hardened defaults: the controller rewrites /etc/nginx/nginx.conf at runtime, so the root
filesystem stays writable; it runs as www-data (101).
Capabilities follow the kernel's exec rules. A binary with file capabilities marked effective (the image's
`fileCapabilities`) fails to exec with EPERM when one of them is missing from the bounding set, whatever port it
binds: so they stay in `add`. no_new_privs (allowPrivilegeEscalation: false) does not cause that EPERM; it only keeps
exec from gaining capabilities the process does not already hold, and the runtime gives a non-root container its
added capabilities in the permitted set, so the exec check passes either way. Only ports < 1024 need the capability
to take effect in nginx, three execs down (dumb-init -> controller -> nginx); there we allow privilege escalation, as
upstream does, so the file capability is granted even where a runtime leaves the permitted set empty for non-root.
*/}}
{{- $caps := list }}
{{- range $c.image.fileCapabilities }}{{ $caps = append $caps . }}{{ end }}
{{- $privileged := include "ingress-nginx.privilegedPorts" . }}
{{- if $privileged }}{{ $caps = append $caps "NET_BIND_SERVICE" }}{{ end }}
securityContext:
  runAsUser: 101
  readOnlyRootFilesystem: false
  {{- if $privileged }}
  allowPrivilegeEscalation: true
  {{- end }}
  {{- with uniq $caps }}
  capabilities:
    drop: [ALL]
    add: {{ toJson . }}
  {{- end }}
{{- end -}}

{{/* Labels and hook annotations of the certificate Jobs' RBAC, which Helm creates before and deletes after the Jobs. */}}
{{- define "ingress-nginx.admissionHookMeta" -}}
labels:
  {{- include "common.labels" (dict "ctx" . "component" "admission-webhook") | nindent 2 }}
annotations:
  helm.sh/hook: pre-install,pre-upgrade,post-install,post-upgrade
  helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
{{- end -}}
