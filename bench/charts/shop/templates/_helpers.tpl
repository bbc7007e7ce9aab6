{{/* Per-component helpers: every object of a component goes through these, and they through the library chart. */}}
{{- define "shop.component.ctx" -}}
{{- dict "component" .name "context" .context | toYaml -}}
{{- end -}}

{{- define "shop.component.fullname" -}}
{{- include "common.names.component" (dict "component" .name "context" .context) -}}
{{- end -}}

{{- define "shop.component.labels" -}}
{{- $custom := merge (dict) (.component.podLabels | default dict) (.context.Values.commonLabels | default dict) -}}
{{ include "common.labels.standard" (dict "customLabels" $custom "context" .context) }}
app.kubernetes.io/component: {{ .name }}
app.kubernetes.io/part-of: {{ include "common.names.name" .context }}
{{- end -}}

{{- define "shop.component.selector" -}}
{{ include "common.labels.matchLabels" (dict "customLabels" (.context.Values.commonLabels | default dict) "context" .context) }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "shop.component.annotations" -}}
{{- $all := list (.context.Values.commonAnnotations | default dict) (.extra | default dict) -}}
{{- include "common.tplvalues.merge" (dict "values" $all "context" .context) -}}
{{- end -}}

{{- define "shop.component.serviceAccountName" -}}
{{- if .component.serviceAccount.create -}}
{{- default (include "shop.component.fullname" .) .component.serviceAccount.name -}}
{{- else -}}
{{- default "default" .component.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "shop.component.image" -}}
{{- include "common.images.image" (dict "imageRoot" .component.image "global" .context.Values.global "chart" .context.Chart) -}}
{{- end -}}

{{- define "shop.component.env" -}}
- name: SHOP_COMPONENT
  value: {{ .name | quote }}
- name: SHOP_RELEASE
  value: {{ .context.Release.Name | quote }}
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- range $key := .component.settings | default dict | keys | sortAlpha }}
- name: {{ printf "SHOP_%s" (include "common.utils.fieldToEnvVar" (dict "field" $key)) }}
  value: {{ include "common.tplvalues.render" (dict "value" (index $.component.settings $key) "context" $.context) | quote }}
{{- end }}
{{- with .component.extraEnvVars }}
{{ include "common.tplvalues.render" (dict "value" . "context" $.context) }}
{{- end }}
{{- end -}}

{{- define "shop.component.affinity" -}}
{{- if .component.affinity -}}
{{ include "common.tplvalues.render" (dict "value" .component.affinity "context" .context) }}
{{- else -}}
podAffinity: {{- include "common.affinities.pods" (dict "type" .component.podAffinityPreset "component" .name "customLabels" (.context.Values.commonLabels | default dict) "context" .context) | nindent 2 }}
podAntiAffinity: {{- include "common.affinities.pods" (dict "type" .component.podAntiAffinityPreset "component" .name "customLabels" (.context.Values.commonLabels | default dict) "topologyKey" .component.topologyKey "context" .context) | nindent 2 }}
nodeAffinity: {{- include "common.affinities.nodes" (dict "type" .component.nodeAffinityPreset.type "key" .component.nodeAffinityPreset.key "values" .component.nodeAffinityPreset.values) | nindent 2 }}
{{- end -}}
{{- end -}}

{{- define "shop.component.resources" -}}
{{- if .component.resources -}}
{{ toYaml .component.resources }}
{{- else if ne (.component.resourcesPreset | default "none") "none" -}}
{{ include "common.resources.preset" (dict "type" .component.resourcesPreset) }}
{{- end -}}
{{- end -}}

{{- define "shop.component.probes" -}}
{{- $port := .component.containerPorts.http -}}
{{- range $probe := list "liveness" "readiness" "startup" }}
{{- $p := index $.component (printf "%sProbe" $probe) -}}
{{- if $p.enabled }}
{{ $probe }}Probe: {{- include "common.tplvalues.render" (dict "value" (omit $p "enabled" "path") "context" $.context) | nindent 2 }}
  httpGet:
    path: {{ tpl ($p.path | default "/healthz") $.context }}
    port: http
{{- end }}
{{- end }}
{{- end -}}

{{/* The pod template every workload kind shares. */}}
{{- define "shop.podTemplate" -}}
metadata:
  labels: {{- include "shop.component.labels" . | nindent 4 }}
  annotations:
    checksum/config: {{ include "shop.component.configData" . | sha256sum }}
    {{- with .component.podAnnotations }}
    {{- include "common.tplvalues.render" (dict "value" . "context" $.context) | nindent 4 }}
    {{- end }}
spec:
  {{- include "common.images.renderPullSecrets" (dict "images" (list .component.image) "context" .context) | nindent 2 }}
  serviceAccountName: {{ include "shop.component.serviceAccountName" . }}
  automountServiceAccountToken: {{ .component.automountServiceAccountToken | default false }}
  affinity: {{- include "shop.component.affinity" . | nindent 4 }}
  {{- with .component.nodeSelector }}
  nodeSelector: {{- include "common.tplvalues.render" (dict "value" . "context" $.context) | nindent 4 }}
  {{- end }}
  {{- with .component.tolerations }}
  tolerations: {{- include "common.tplvalues.render" (dict "value" . "context" $.context) | nindent 4 }}
  {{- end }}
  {{- if .component.podSecurityContext.enabled }}
  securityContext: {{- include "common.compatibility.renderSecurityContext" (dict "secContext" .component.podSecurityContext "context" .context) | nindent 4 }}
  {{- end }}
  {{- with .component.initContainers }}
  initContainers: {{- include "common.tplvalues.render" (dict "value" . "context" $.context) | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ .name }}
      image: {{ include "shop.component.image" . }}
      imagePullPolicy: {{ .component.image.pullPolicy | default "IfNotPresent" }}
      {{- if .component.containerSecurityContext.enabled }}
      securityContext: {{- include "common.compatibility.renderSecurityContext" (dict "secContext" .component.containerSecurityContext "context" .context) | nindent 8 }}
      {{- end }}
      {{- with .component.command }}
      command: {{- include "common.tplvalues.render" (dict "value" . "context" $.context) | nindent 8 }}
      {{- end }}
      {{- with .component.args }}
      args: {{- include "common.tplvalues.render" (dict "value" . "context" $.context) | nindent 8 }}
      {{- end }}
      env: {{- include "shop.component.env" . | nindent 8 }}
      envFrom:
        - configMapRef:
            name: {{ include "shop.component.fullname" . }}
        {{- if .component.secret }}
        - secretRef:
            name: {{ include "shop.component.fullname" . }}
        {{- end }}
      ports:
        {{- range $name, $port := .component.containerPorts }}
        - name: {{ $name }}
          containerPort: {{ $port }}
          protocol: TCP
        {{- end }}
      {{- include "shop.component.probes" . | nindent 6 }}
      {{- $res := include "shop.component.resources" . }}
      {{- if $res }}
      resources: {{- $res | nindent 8 }}
      {{- end }}
      volumeMounts:
        - name: config
          mountPath: /etc/shop
        - name: tmp
          mountPath: /tmp
        {{- with .component.extraVolumeMounts }}
        {{- include "common.tplvalues.render" (dict "value" . "context" $.context) | nindent 8 }}
        {{- end }}
    {{- with .component.sidecars }}
    {{- include "common.tplvalues.render" (dict "value" . "context" $.context) | nindent 4 }}
    {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "shop.component.fullname" . }}
    - name: tmp
      emptyDir: {}
    {{- with .component.extraVolumes }}
    {{- include "common.tplvalues.render" (dict "value" . "context" $.context) | nindent 4 }}
    {{- end }}
{{- end -}}

{{- define "shop.component.configData" -}}
{{- $cfg := .component.configuration | default "" -}}
shop.yaml: |
  {{- include "common.tplvalues.render" (dict "value" $cfg "context" .context) | nindent 2 }}
{{- range $file, $content := .component.extraConfigFiles }}
{{ $file }}: |
  {{- include "common.tplvalues.render" (dict "value" $content "context" $.context) | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Every enabled component with its name and the chart's context, in name order. */}}
{{- define "shop.components" -}}
{{- $out := list -}}
{{- range $name := keys .Values.components | sortAlpha -}}
{{- $c := index $.Values.components $name -}}
{{- if or (not (hasKey $c "enabled")) $c.enabled -}}
{{- $out = append $out $name -}}
{{- end -}}
{{- end -}}
{{- join "," $out -}}
{{- end -}}
