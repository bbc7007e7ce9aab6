{{/*
Image profiles: an image together with what it needs to run hardened, kept in values so that the facts about an
image sit next to its tag:
  {registry, repository, tag, digest, pullPolicy, resources, securityContext, writableDirs}
- securityContext: container keys that replace common.podSpec's hardened defaults for this image (e.g. an image
  that must start as root: runAsNonRoot false plus the capabilities it needs);
- writableDirs: name -> path of every directory the image writes to; each becomes an emptyDir, so the root
  filesystem can stay read-only.

common.profileContainer: a container from a profile: image reference, pull policy, resources, securityContext and
one mount per writable directory, under the container's own keys (name, command, ports, probes...), which win: a
securityContext key of the container replaces the profile's key (false included), its own volumeMounts follow the
profile's, any other key (resources too) replaces the profile's value.
Usage: include "common.profileContainer" (dict "ctx" $ "profile" .Values.images.tomcat "container" $map ["allowLatest" true]) | fromYaml

common.profileVolumes: the emptyDir volumes of the profiles' writable directories, once per name, as a YAML list.
Usage: include "common.profileVolumes" (dict "profiles" (list .Values.images.tomcat .Values.images.busybox)) | fromYamlArray
*/}}
{{- define "common.profileContainer" -}}
{{- $p := .profile -}}
{{- $c := deepCopy .container -}}
{{- $mounts := list -}}
{{- range $name, $path := $p.writableDirs | default dict -}}
{{- $mounts = append $mounts (dict "name" $name "mountPath" $path) -}}
{{- end -}}
{{- $mounts = concat $mounts ($c.volumeMounts | default list) -}}
{{- $out := dict "image" (include "common.image" (dict "ctx" .ctx "image" $p "allowLatest" .allowLatest)) "imagePullPolicy" ($p.pullPolicy | default "IfNotPresent") -}}
{{- with $p.resources }}{{ $_ := set $out "resources" (deepCopy .) }}{{ end -}}
{{- $sc := deepCopy ($p.securityContext | default dict) -}}
{{- range $key, $value := $c.securityContext | default dict }}{{ $_ := set $sc $key $value }}{{ end -}}
{{- range $key, $value := omit $c "securityContext" "volumeMounts" }}{{ $_ := set $out $key $value }}{{ end -}}
{{- if $sc }}{{ $_ := set $out "securityContext" $sc }}{{ end -}}
{{- if $mounts }}{{ $_ := set $out "volumeMounts" $mounts }}{{ end -}}
{{- toYaml $out -}}
{{- end -}}

{{- define "common.profileVolumes" -}}
{{- $seen := dict -}}
{{- range .profiles }}
{{- range $name, $path := .writableDirs | default dict }}
{{- if not (hasKey $seen $name) }}
{{- $_ := set $seen $name true }}
- name: {{ $name }}
  emptyDir: {}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
common.profilePod: common.pod whose containers come from image profiles: "containers" and "initContainers" are lists
of (dict "profile" P "container" C); the pod gets the emptyDirs of every profile's writable directories plus
"extraVolumes". "allowLatest" applies to every image. All other keys go to common.pod / common.podSpec.
Usage: include "common.profilePod" (dict "ctx" $ "name" "demo-pod" "labels" L "probes" false "allowLatest" true
         "containers" (list (dict "profile" .Values.images.tomcat "container" (dict "name" "tomcat-pod-java"))))
*/}}
{{- define "common.profilePod" -}}
{{- $args := omit . "containers" "initContainers" "extraVolumes" -}}
{{- $profiles := list -}}
{{- range $field := list "initContainers" "containers" -}}
{{- $built := list -}}
{{- range index $ $field | default list -}}
{{- $profiles = append $profiles .profile -}}
{{- $built = append $built (include "common.profileContainer" (dict "ctx" $.ctx "profile" .profile "container" .container "allowLatest" $.allowLatest) | fromYaml) -}}
{{- end -}}
{{- if $built }}{{ $_ := set $args $field $built }}{{ end -}}
{{- end -}}
{{- $volumes := concat (include "common.profileVolumes" (dict "profiles" $profiles) | fromYamlArray) (.extraVolumes | default list) -}}
{{- if $volumes }}{{ $_ := set $args "volumes" $volumes }}{{ end -}}
{{- if not $args.component }}{{ $_ := set $args "component" .name }}{{ end -}}
{{- include "common.pod" $args -}}
{{- end -}}
