{{- define "config-demo.container" -}}
name: app
image: {{ include "common.image" (dict "ctx" . "image" .Values.image) }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
{{- /* Serving the mounted ConfigMap makes the hot update visible: curl :8080/<key> before and after an edit. */}}
command: [httpd, -f, -p, "8080", -h, {{ .Values.configMountPath | quote }}]
ports:
  - name: http
    containerPort: 8080
    protocol: TCP
env:
  {{- range $var, $key := .Values.configEnv }}
  - name: {{ $var }}
    valueFrom:
      configMapKeyRef:
        name: {{ include "common.fullname" $ }}
        key: {{ $key }}
  {{- end }}
  {{- range $var, $key := .Values.secret.env }}
  - name: {{ $var }}
    valueFrom:
      secretKeyRef:
        name: {{ $.Values.secret.name }}
        key: {{ $key }}
  {{- end }}
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
  - name: config
    mountPath: {{ .Values.configMountPath }}
    readOnly: true
  - name: secret
    mountPath: {{ .Values.secret.mountPath }}
    readOnly: true
{{- end -}}

{{- define "config-demo.volumes" -}}
- name: config
  configMap:
    name: {{ include "common.fullname" . }}
- name: secret
  secret:
    secretName: {{ .Values.secret.name }}
    defaultMode: 0440
{{- end -}}
