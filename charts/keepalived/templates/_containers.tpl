{{/*
The containers of the DaemonSet, built as YAML and passed to common.podSpec.
Usage: include "keepalived.<name>Container" (dict "ctx" $ "runDir" <dir of vrrp.auth.includeFile>)
*/}}
{{- define "keepalived.prepareContainer" -}}
{{- $ctx := .ctx -}}
{{- $auth := $ctx.Values.vrrp.auth -}}
name: prepare
image: {{ include "common.image" (dict "ctx" $ctx "image" $ctx.Values.image.keepalived) }}
imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
command:
  - /bin/sh
  - -ec
  - |
    conf="/etc/vip/keepalived-$NODE_NAME.conf"
    if [ ! -f "$conf" ]; then
      echo "keepalived: no VRRP config for node $NODE_NAME; add the node to vrrp.peers or to the env's ingress nodes and re-render" >&2
      exit 1
    fi
    {{- if $auth.enabled }}
    # The password comes from a Secret at runtime, so the rendered config in git never contains it.
    case "$VRRP_AUTH_PASS" in
      "" | ????????*?) echo "keepalived: the VRRP password must have 1-8 characters" >&2; exit 1 ;;
      *[[:space:]\#\!\"]*) echo "keepalived: the VRRP password must not contain spaces, #, ! or quotes" >&2; exit 1 ;;
    esac
    umask 077
    printf 'auth_pass %s\n' "$VRRP_AUTH_PASS" > {{ $auth.includeFile }}
    {{- end }}
env:
  - name: NODE_NAME
    valueFrom:
      fieldRef:
        fieldPath: spec.nodeName
  {{- if $auth.enabled }}
  - name: VRRP_AUTH_PASS
    valueFrom:
      secretKeyRef:
        name: {{ include "keepalived.authSecretName" $ctx }}
        key: {{ include "keepalived.authSecretKey" $ctx }}
  {{- end }}
securityContext:
  # Root (without any capability) so the keepalived container, also root without DAC_OVERRIDE, can read the 0600 file.
  runAsNonRoot: false
  runAsUser: 0
resources:
  requests: { cpu: 10m, memory: 8Mi }
  limits: { cpu: 50m, memory: 16Mi }
volumeMounts:
  - { name: config, mountPath: /etc/vip, readOnly: true }
  - { name: run, mountPath: {{ .runDir }} }
{{- end -}}

{{- define "keepalived.keepalivedContainer" -}}
{{- $ctx := .ctx -}}
{{- $vrrpPid := printf "%s/vrrp.pid" .runDir -}}
name: keepalived
image: {{ include "common.image" (dict "ctx" $ctx "image" $ctx.Values.image.keepalived) }}
imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
command: [keepalived]
args:
  - --dont-fork
  - --log-console
  - --vrrp
  - --use-file=/etc/vip/keepalived-$(NODE_NAME).conf
  - --pid={{ .runDir }}/keepalived.pid
  - --vrrp_pid={{ $vrrpPid }}
env:
  - name: NODE_NAME
    valueFrom:
      fieldRef:
        fieldPath: spec.nodeName
securityContext:
  # VRRP needs root with NET_ADMIN (add/remove the VIP), NET_RAW (VRRP raw socket) and NET_BROADCAST
  # (gratuitous ARP after takeover). SETGID: keepalived >= 2.1 calls setgroups() before every vrrp_script, also
  # for script_user root (lib/notify.c, set_script_env); without it no health check runs and a dead controller
  # keeps the VIP. 2.0.20 skips that call for gid 0, but a newer image must not lose health tracking silently.
  runAsNonRoot: false
  runAsUser: 0
  capabilities:
    drop: [ALL]
    add: [NET_ADMIN, NET_BROADCAST, NET_RAW, SETGID]
resources:
  {{- toYaml $ctx.Values.resources.keepalived | nindent 2 }}
# The VRRP child process is what holds the VIP; the parent only restarts it.
livenessProbe:
  exec:
    command: [/bin/sh, -c, 'kill -0 "$(cat {{ $vrrpPid }})"']
  initialDelaySeconds: 10
  periodSeconds: 10
readinessProbe:
  exec:
    command: [/bin/sh, -c, 'kill -0 "$(cat {{ $vrrpPid }})"']
  periodSeconds: 10
volumeMounts:
  - { name: config, mountPath: /etc/vip, readOnly: true }
  - { name: run, mountPath: {{ .runDir }} }
{{- end -}}

{{- define "keepalived.nginxContainer" -}}
{{- $ctx := .ctx -}}
{{- $nginx := $ctx.Values.nginx -}}
name: nginx
image: {{ include "common.image" (dict "ctx" $ctx "image" $ctx.Values.image.nginx) }}
imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
command: [nginx]
args: [-e, stderr, -c, /etc/vip/nginx.conf, -g, "daemon off; pid /run/nginx/nginx.pid;"]
ports:
  {{- range $nginx.proxies }}
  - { name: {{ .name | trunc 15 | quote }}, containerPort: {{ .listenPort }}, protocol: TCP }
  {{- end }}
securityContext:
  # The official image's nginx user; every listen port is unprivileged.
  runAsUser: 101
  runAsGroup: 101
resources:
  {{- toYaml $ctx.Values.resources.nginx | nindent 2 }}
livenessProbe:
  httpGet: { host: 127.0.0.1, port: {{ $nginx.healthPort }}, path: /healthz }
  periodSeconds: 10
readinessProbe:
  httpGet: { host: 127.0.0.1, port: {{ $nginx.healthPort }}, path: /healthz }
  periodSeconds: 5
volumeMounts:
  - { name: config, mountPath: /etc/vip, readOnly: true }
  - { name: nginx-run, mountPath: /run/nginx }
  - { name: nginx-cache, mountPath: /var/cache/nginx }
{{- end }}
