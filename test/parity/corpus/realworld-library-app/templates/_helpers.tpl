{{- define "webapp.image" -}}
{{ include "kit.images.image" (dict "imageRoot" .Values.image "global" .Values.global "chart" .Chart) }}
{{- end -}}

{{- define "webapp.secretName" -}}
{{- default (include "kit.names.fullname" .) .Values.auth.existingSecret -}}
{{- end -}}

{{- define "webapp.validateValues" -}}
{{- $messages := list -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- $messages = append $messages "autoscaling: minReplicas must not exceed maxReplicas" -}}
{{- end -}}
{{- if and (not .Values.auth.existingSecret) (not .Values.auth.password) -}}
{{- $messages = append $messages "auth.password: set a password or auth.existingSecret (this chart does not generate one)" -}}
{{- end -}}
{{- if $messages -}}
{{- printf "\nVALUES VALIDATION:\n%s" (join "\n" $messages) | fail -}}
{{- end -}}
{{- end -}}
