{{/* The two tracks as a list of (track key, track values), so every per-track template ranges over the same pair. */}}
{{- define "canary.tracks" -}}
- key: stable
  {{- toYaml .Values.stable | nindent 2 }}
- key: canary
  {{- toYaml .Values.canary | nindent 2 }}
{{- end -}}

{{/*
openresty's whole configuration: the server answers every request with the track's response line.
All writable paths point at /tmp (an emptyDir) because the root filesystem is read-only.
Usage: include "canary.nginxConf" $track
*/}}
{{- define "canary.nginxConf" -}}
worker_processes 1;
pid /tmp/nginx.pid;
error_log /dev/stderr warn;
events {
    worker_connections 1024;
}
http {
    access_log /dev/stdout;
    client_body_temp_path /tmp/client_body;
    proxy_temp_path /tmp/proxy;
    fastcgi_temp_path /tmp/fastcgi;
    uwsgi_temp_path /tmp/uwsgi;
    scgi_temp_path /tmp/scgi;
    server {
        listen 8080;
        location = /healthz {
            access_log off;
            default_type text/plain;
            return 200 "ok\n";
        }
        location / {
            default_type text/plain;
            content_by_lua_block {
                ngx.say({{ .response | quote }})
            }
        }
    }
}
{{- end -}}

{{/* Usage: include "canary.container" (dict "ctx" $ "track" $track) */}}
{{- define "canary.container" -}}
name: openresty
image: {{ include "common.image" (dict "ctx" .ctx "image" .ctx.Values.image) }}
imagePullPolicy: {{ .ctx.Values.image.pullPolicy }}
{{- /* -e: log to stderr before the config is read (the default error log is on the read-only root filesystem). */}}
command:
  - /usr/local/openresty/bin/openresty
  - -e
  - stderr
  - -c
  - /etc/openresty-canary/nginx.conf
  - -g
  - daemon off;
ports:
  - name: http
    containerPort: 8080
    protocol: TCP
readinessProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: 5
livenessProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: 10
resources:
  {{- toYaml .ctx.Values.resources | nindent 2 }}
volumeMounts:
  - name: config
    mountPath: /etc/openresty-canary
    readOnly: true
  - name: tmp
    mountPath: /tmp
{{- end -}}
