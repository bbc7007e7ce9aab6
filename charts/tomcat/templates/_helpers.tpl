{{/* Tomcat's writable directories: the root filesystem is read-only, so each one is an emptyDir. */}}
{{- define "tomcat.writableDirs" -}}
logs: /usr/local/tomcat/logs
temp: /usr/local/tomcat/temp
work: /usr/local/tomcat/work
catalina-conf: /usr/local/tomcat/conf/Catalina
tmp: /tmp
{{- end -}}

{{- define "tomcat.container" -}}
name: tomcat
image: {{ include "common.image" (dict "ctx" . "image" .Values.image) }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
ports:
  - name: http
    containerPort: 8080
    protocol: TCP
  - name: ajp
    containerPort: 8009
    protocol: TCP
{{- /* The JVM takes a while to start; the startup probe holds the other two off until the connector listens. */}}
startupProbe:
  tcpSocket:
    port: http
  {{- toYaml .Values.startupProbe | nindent 2 }}
readinessProbe:
  httpGet:
    path: /
    port: http
  periodSeconds: 10
  timeoutSeconds: 5
livenessProbe:
  tcpSocket:
    port: http
  periodSeconds: 20
  timeoutSeconds: 5
resources:
  {{- toYaml .Values.resources | nindent 2 }}
volumeMounts:
  {{- range $name, $path := include "tomcat.writableDirs" . | fromYaml }}
  - name: {{ $name }}
    mountPath: {{ $path }}
  {{- end }}
{{- end -}}

{{- define "tomcat.volumes" -}}
{{- range $name, $path := include "tomcat.writableDirs" . | fromYaml }}
- name: {{ $name }}
  emptyDir: {}
{{- end }}
{{- end -}}
