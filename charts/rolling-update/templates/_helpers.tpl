{{/* One httpGet probe from its values. Usage: include "rolling-update.probe" .Values.probes.readiness */}}
{{- define "rolling-update.probe" -}}
httpGet:
  scheme: HTTP
  path: {{ .path }}
  port: {{ .port }}
initialDelaySeconds: {{ .initialDelaySeconds }}
periodSeconds: {{ .periodSeconds }}
timeoutSeconds: {{ .timeoutSeconds }}
failureThreshold: {{ .failureThreshold }}
{{- end -}}

{{- define "rolling-update.container" -}}
name: app
image: {{ include "common.image" (dict "ctx" . "image" .Values.image) }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
ports:
  - name: server
    containerPort: 8080
    protocol: TCP
  - name: management
    containerPort: 8081
    protocol: TCP
startupProbe:
  {{- include "rolling-update.probe" .Values.probes.startup | nindent 2 }}
readinessProbe:
  {{- include "rolling-update.probe" .Values.probes.readiness | nindent 2 }}
livenessProbe:
  {{- include "rolling-update.probe" .Values.probes.liveness | nindent 2 }}
resources:
  {{- toYaml .Values.resources | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}
