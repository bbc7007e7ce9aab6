{{/*
The app container. janakiramm/myapp is a stock nginx image: its master process starts as root, binds :80 and
switches workers to the `nginx` user. Exceptions to the hardened default, kept to what that needs:
runAsNonRoot false, and CHOWN/SETUID/SETGID/NET_BIND_SERVICE; the root filesystem stays read-only with
emptyDirs for nginx's cache and pid directories.
Usage: include "blue-green.container" (dict "ctx" $ "tag" $version.tag)
*/}}
{{- define "blue-green.container" -}}
name: myapp
image: {{ include "common.image" (dict "ctx" .ctx "image" (merge (dict "tag" .tag) .ctx.Values.image)) }}
imagePullPolicy: {{ .ctx.Values.image.pullPolicy }}
ports:
  - name: http
    containerPort: 80
    protocol: TCP
readinessProbe:
  httpGet:
    path: /
    port: http
  periodSeconds: 5
livenessProbe:
  tcpSocket:
    port: http
  periodSeconds: 10
resources:
  {{- toYaml .ctx.Values.resources | nindent 2 }}
securityContext:
  runAsNonRoot: false
  capabilities:
    drop: [ALL]
    add: [CHOWN, SETUID, SETGID, NET_BIND_SERVICE]
volumeMounts:
  - name: cache
    mountPath: /var/cache/nginx
  - name: run
    mountPath: /var/run
{{- end -}}
