{{/*
The `rules:` of an Ingress that routes one host and path to one Service port.
Usage: {{- include "common.ingressRules" (dict "ingress" .Values.ingress "service" (include "common.fullname" .)) | nindent 2 }}
- ingress: a map with host, path and pathType. port: the Service port name, "http" by default.
*/}}
{{- define "common.ingressRules" -}}
rules:
  - host: {{ .ingress.host | quote }}
    http:
      paths:
        - path: {{ .ingress.path }}
          pathType: {{ .ingress.pathType }}
          backend:
            service:
              name: {{ .service }}
              port:
                name: {{ .port | default "http" }}
{{- end -}}
