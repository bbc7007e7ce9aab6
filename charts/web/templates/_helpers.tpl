{{- define "web.container" -}}
name: nginx
image: {{ include "common.image" (dict "ctx" . "image" .Values.image) }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
ports:
  - name: http
    containerPort: 8080
    protocol: TCP
{{- /* TCP probes: a fresh NFS claim is empty, so `GET /` answers 403 until content is written. */}}
readinessProbe:
  tcpSocket:
    port: http
  periodSeconds: 5
livenessProbe:
  tcpSocket:
    port: http
  periodSeconds: 10
resources:
  {{- toYaml .Values.resources | nindent 2 }}
volumeMounts:
  - name: www
    mountPath: /usr/share/nginx/html
  - name: tmp
    mountPath: /tmp
{{- end -}}
