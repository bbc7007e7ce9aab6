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
{{- if .Values.envFrom }}
envFrom:
  - configMapRef:
      name: {{ include "common.fullname" . }}
{{- end }}
resources:
  {{- toYaml .Values.resources | nindent 2 }}
volumeMounts:
  - name: config
    mountPath: {{ .Values.configMountPath }}
    readOnly: true
  {{- if .Values.secretVolume.enabled }}
  - name: secret
    mountPath: {{ .Values.secretVolume.mountPath }}
    readOnly: true
  {{- end }}
  {{- if .Values.subPathMount.enabled }}
  {{- /* A subPath file is bound once at start: ConfigMap edits never reach it (the directory mount above updates). */}}
  - name: subpath
    mountPath: {{ .Values.subPathMount.mountPath }}
    subPath: {{ .Values.subPathMount.key }}
    readOnly: true
  {{- end }}
{{- end -}}

{{- define "config-demo.volumes" -}}
- name: config
  configMap:
    name: {{ include "common.fullname" . }}
{{- with .Values.secretVolume }}
{{- if .enabled }}
- name: secret
  secret:
    secretName: {{ .name }}
    defaultMode: 0440
    items:
      {{- range .keys }}
      - key: {{ . }}
        path: {{ . }}
      {{- end }}
{{- end }}
{{- end }}
{{- with .Values.subPathMount }}
{{- if .enabled }}
- name: subpath
  configMap:
    name: {{ .configMap | default (include "common.fullname" $) }}
    items:
      - key: {{ required "subPathMount.key is required: the ConfigMap key to mount as one file" .key }}
        path: {{ .key }}
{{- end }}
{{- end }}
{{- end -}}
