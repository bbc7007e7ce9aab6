{{/* Required values: each empty one is an error message. Usage: include "common.validations.values.multiple.empty" (dict "required" (list "a.b") "context" $) */}}
{{- define "common.validations.values.multiple.empty" -}}
  {{- range .required -}}
    {{- include "common.validations.values.single.empty" (dict "valueKey" . "context" $.context) -}}
  {{- end -}}
{{- end -}}

{{- define "common.validations.values.single.empty" -}}
  {{- $value := include "common.utils.getValueFromKey" (dict "key" .valueKey "context" .context) }}
  {{- if not $value -}}
    {{- printf "\n    '%s' must not be empty" .valueKey -}}
  {{- end -}}
{{- end -}}

{{- define "common.errors.upgrade.passwords.empty" -}}
  {{- $validationErrors := join "" .validationErrors -}}
  {{- if and $validationErrors .context.Release.IsUpgrade -}}
    {{- $errorString := "\nPASSWORDS ERROR: You must provide your current passwords when upgrading the release." -}}
    {{- printf $errorString $validationErrors | fail -}}
  {{- end -}}
{{- end -}}
