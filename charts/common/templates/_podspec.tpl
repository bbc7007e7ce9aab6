{{/*
The one pod spec of this chart set, shared by Deployments, DaemonSets, StatefulSets and Jobs.
Usage:
  {{- include "common.podSpec" (dict "ctx" $ "component" "controller" "pod" .Values.controller
        "replicas" .Values.controller.replicas "serviceAccountName" "name"
        "containers" (list $c) "initContainers" (list) "volumes" (list)) | nindent 6 }}
- containers/initContainers: container maps (build them as YAML in a define, then `fromYaml`).
  Every container needs `resources`; long-running containers (not initContainers, not Jobs with
  `"job" true`) need livenessProbe and readinessProbe.
  The hardened securityContext below is the default; keys a container sets replace the default key
  (document why at the call site). `capabilities.drop` stays [ALL] unless the container sets its own.
- pod: pod-level values: hostNetwork, dnsPolicy, nodeName, nodeSelector, affinity, tolerations, priorityClassName,
  terminationGracePeriodSeconds, podSecurityContext (only these keys are read: a chart that keeps them at the
  top of its values passes `"pod" .Values`). hostNetwork selects ClusterFirstWithHostNet
  unless dnsPolicy is set: a hostNetwork pod with ClusterFirst resolves through the node, not cluster DNS.
- antiAffinity: "hard" (default) or "soft", see common.antiAffinity. Unless pod.affinity has podAntiAffinity,
  "hard" adds the required rule when replicas > 1; "soft" adds the preferred rule at any replica count (it also
  steers a single replica's surge pod away from the old pod's node).
- restartPolicy: optional (Jobs need Never/OnFailure).
- probes: false lifts the probe requirement for pods whose probes are the point (course demos that show one probe,
  or none, on purpose); resources stay mandatory.
- resourcesFromLimitRange: true lets containers leave `resources` out, for pods whose namespace's LimitRange
  supplies the defaults (the point of such a demo); every other container must set them.
*/}}
{{- define "common.podSpec" -}}
{{- $pod := .pod | default dict -}}
{{- $affinity := deepCopy ($pod.affinity | default dict) -}}
{{- $hard := eq (.antiAffinity | default "hard") "hard" -}}
{{- if and (or (not $hard) (gt (int .replicas) 1)) (not (hasKey $affinity "podAntiAffinity")) -}}
{{- $_ := set $affinity "podAntiAffinity" (include "common.antiAffinity" . | fromYaml).podAntiAffinity -}}
{{- end -}}
{{- $probes := not .job -}}
{{- if kindIs "bool" .probes }}{{ $probes = and $probes .probes }}{{ end -}}
{{- $dnsPolicy := $pod.dnsPolicy -}}
{{- if and (not $dnsPolicy) $pod.hostNetwork -}}
{{- $dnsPolicy = "ClusterFirstWithHostNet" -}}
{{- end -}}
securityContext:
  {{- mergeOverwrite (dict "seccompProfile" (dict "type" "RuntimeDefault")) (deepCopy ($pod.podSecurityContext | default dict)) | toYaml | nindent 2 }}
{{- with .serviceAccountName }}
serviceAccountName: {{ . }}
{{- end }}
{{- with .restartPolicy }}
restartPolicy: {{ . }}
{{- end }}
{{- if $pod.hostNetwork }}
hostNetwork: true
{{- end }}
{{- with $dnsPolicy }}
dnsPolicy: {{ . }}
{{- end }}
{{- with $pod.nodeName }}
nodeName: {{ . }}
{{- end }}
{{- with $pod.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- if hasKey $pod "terminationGracePeriodSeconds" }}
terminationGracePeriodSeconds: {{ $pod.terminationGracePeriodSeconds }}
{{- end }}
{{- with $pod.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $pod.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .initContainers }}
initContainers:
  {{- range . }}
  - {{ include "common.container" (dict "container" . "probes" false) | indent 4 | trim }}
  {{- end }}
{{- end }}
containers:
  {{- range required "common.podSpec: at least one container is required" .containers }}
  - {{ include "common.container" (dict "container" . "probes" $probes "resourcesOptional" $.resourcesFromLimitRange) | indent 4 | trim }}
  {{- end }}
{{- with .volumes }}
volumes:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* One container of common.podSpec: checks the mandatory fields and applies the securityContext defaults. */}}
{{- define "common.container" -}}
{{- $c := deepCopy .container -}}
{{- if hasKey $c "Error" -}}
{{- fail (printf "common.podSpec: a container is not valid YAML: %s" $c.Error) -}}
{{- end -}}
{{- $name := required "common.podSpec: every container needs a name" $c.name -}}
{{- if and (not $c.resources) (not .resourcesOptional) -}}
{{- fail (printf "container %s: resources (requests and limits) are required" $name) -}}
{{- end -}}
{{- if and .probes (not (and $c.livenessProbe $c.readinessProbe)) -}}
{{- fail (printf "container %s: livenessProbe and readinessProbe are required" $name) -}}
{{- end -}}
{{- $sc := dict "allowPrivilegeEscalation" false "readOnlyRootFilesystem" true "runAsNonRoot" true
      "capabilities" (dict "drop" (list "ALL")) "seccompProfile" (dict "type" "RuntimeDefault") -}}
{{- range $key, $value := $c.securityContext | default dict -}}
{{- $_ := set $sc $key $value -}}
{{- end -}}
{{- if not (hasKey $sc.capabilities "drop") -}}
{{- $_ := set $sc "capabilities" (merge (dict "drop" (list "ALL")) $sc.capabilities) -}}
{{- end -}}
{{- $_ := set $c "securityContext" $sc -}}
{{- toYaml $c -}}
{{- end -}}
