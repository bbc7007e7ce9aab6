{{/*
Containers of calico-node and calico-kube-controllers, built as YAML for common.podSpec.
Usage: include "cni.calicoNode" $ (and the others alike)
*/}}
{{- define "cni.calicoConfigRef" -}}
valueFrom:
  configMapKeyRef:
    name: {{ include "cni.name" (dict "ctx" .ctx "suffix" "calico-config") }}
    key: {{ .key }}
{{- end -}}

{{/*
calico-node and install-cni are privileged, as in every Calico install: they program routes, iptables and
the kernel's IP-in-IP/VXLAN devices and write the host's CNI directories. A read-only root adds nothing to a
privileged container, and calico-node's confd renders BIRD's config inside the image.
*/}}
{{- define "cni.calicoPrivileged" -}}
securityContext:
  privileged: true
  allowPrivilegeEscalation: true
  readOnlyRootFilesystem: false
  runAsNonRoot: false
  runAsUser: 0
{{- end -}}

{{- define "cni.installCni" -}}
name: install-cni
image: {{ include "common.image" (dict "ctx" . "image" .Values.calico.images.cni) }}
imagePullPolicy: {{ .Values.imagePullPolicy }}
command: [/opt/cni/bin/install]
env:
  - name: CNI_CONF_NAME
    value: 10-calico.conflist
  - name: CNI_NETWORK_CONFIG
    {{- include "cni.calicoConfigRef" (dict "ctx" . "key" "cni_network_config") | nindent 4 }}
  - name: KUBERNETES_NODE_NAME
    valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
  - name: CNI_MTU
    {{- include "cni.calicoConfigRef" (dict "ctx" . "key" "veth_mtu") | nindent 4 }}
  - name: CALICO_CNI_SERVICE_ACCOUNT
    value: {{ include "cni.name" (dict "ctx" . "suffix" "calico-cni-plugin") }}
  # Install once and exit (an init container), instead of watching for config changes.
  - name: SLEEP
    value: "false"
{{ include "cni.calicoPrivileged" . }}
resources:
  requests: { cpu: 10m, memory: 32Mi }
  limits: { cpu: 200m, memory: 128Mi }
volumeMounts:
  - { name: cni-bin-dir, mountPath: /host/opt/cni/bin }
  - { name: cni-net-dir, mountPath: /host/etc/cni/net.d }
{{- end -}}

{{- define "cni.calicoNode" -}}
{{- $bird := eq (include "cni.calicoBackend" .) "bird" -}}
{{- $c := .Values.calico -}}
name: calico-node
image: {{ include "common.image" (dict "ctx" . "image" $c.images.node) }}
imagePullPolicy: {{ .Values.imagePullPolicy }}
env:
  - { name: DATASTORE_TYPE, value: kubernetes }
  - { name: WAIT_FOR_DATASTORE, value: "true" }
  - name: NODENAME
    valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
  - name: CALICO_NETWORKING_BACKEND
    {{- include "cni.calicoConfigRef" (dict "ctx" . "key" "calico_backend") | nindent 4 }}
  - { name: CLUSTER_TYPE, value: {{ ternary "k8s,bgp" "k8s" $bird | quote }} }
  - { name: IP, value: autodetect }
  - { name: IP_AUTODETECTION_METHOD, value: {{ include "cni.ipAutodetectionMethod" . | quote }} }
  # The default pool, created on first start. Calico's own default (192.168.0.0/16) would clash with the seed's
  # node network and differ from kubeadm's podSubnet.
  - { name: CALICO_IPV4POOL_CIDR, value: {{ include "cni.podCIDR" . | quote }} }
  - { name: CALICO_IPV4POOL_IPIP, value: {{ $c.ipipMode | quote }} }
  - { name: CALICO_IPV4POOL_VXLAN, value: {{ $c.vxlanMode | quote }} }
  - { name: CALICO_IPV4POOL_BLOCK_SIZE, value: {{ $c.blockSize | quote }} }
  - { name: CALICO_IPV4POOL_NAT_OUTGOING, value: {{ $c.natOutgoing | quote }} }
  - { name: CALICO_IPV6POOL_VXLAN, value: Never }
  - name: FELIX_IPINIPMTU
    {{- include "cni.calicoConfigRef" (dict "ctx" . "key" "veth_mtu") | nindent 4 }}
  - name: FELIX_VXLANMTU
    {{- include "cni.calicoConfigRef" (dict "ctx" . "key" "veth_mtu") | nindent 4 }}
  - name: FELIX_WIREGUARDMTU
    {{- include "cni.calicoConfigRef" (dict "ctx" . "key" "veth_mtu") | nindent 4 }}
  - name: CALICO_CNI_SERVICE_ACCOUNT
    value: {{ include "cni.name" (dict "ctx" . "suffix" "calico-cni-plugin") }}
  - { name: CALICO_DISABLE_FILE_LOGGING, value: "true" }
  - { name: FELIX_DEFAULTENDPOINTTOHOSTACTION, value: ACCEPT }
  - { name: FELIX_IPV6SUPPORT, value: "false" }
  - { name: FELIX_HEALTHENABLED, value: "true" }
  - { name: FELIX_LOGSEVERITYSCREEN, value: {{ $c.logSeverityScreen | quote }} }
{{ include "cni.calicoPrivileged" . }}
resources:
  {{- toYaml $c.node.resources | nindent 2 }}
lifecycle:
  preStop:
    exec:
      command: [/bin/calico-node, -shutdown]
livenessProbe:
  exec:
    command: [/bin/calico-node, -felix-live{{ if $bird }}, -bird-live{{ end }}]
  initialDelaySeconds: 10
  periodSeconds: 10
  timeoutSeconds: 10
  failureThreshold: 6
readinessProbe:
  exec:
    command: [/bin/calico-node, -felix-ready{{ if $bird }}, -bird-ready{{ end }}]
  periodSeconds: 10
  timeoutSeconds: 10
volumeMounts:
  - { name: cni-net-dir, mountPath: /host/etc/cni/net.d }
  - { name: lib-modules, mountPath: /lib/modules, readOnly: true }
  - { name: xtables-lock, mountPath: /run/xtables.lock }
  - { name: var-run-calico, mountPath: /var/run/calico }
  - { name: var-lib-calico, mountPath: /var/lib/calico }
  - { name: policysync, mountPath: /var/run/nodeagent }
  - { name: cni-log-dir, mountPath: /var/log/calico/cni, readOnly: true }
{{- end -}}

{{- define "cni.calicoKubeControllers" -}}
name: calico-kube-controllers
image: {{ include "common.image" (dict "ctx" . "image" .Values.calico.images.kubeControllers) }}
imagePullPolicy: {{ .Values.imagePullPolicy }}
env:
  # Only the node controller (IPAM garbage collection): policy and namespace sync are etcd-mode features.
  - { name: ENABLED_CONTROLLERS, value: node }
  - { name: DATASTORE_TYPE, value: kubernetes }
securityContext:
  # The image's own non-root user.
  runAsUser: 999
  runAsGroup: 999
resources:
  {{- toYaml .Values.calico.kubeControllers.resources | nindent 2 }}
livenessProbe:
  exec:
    command: [/usr/bin/check-status, -l]
  initialDelaySeconds: 10
  periodSeconds: 10
  timeoutSeconds: 10
  failureThreshold: 6
readinessProbe:
  exec:
    command: [/usr/bin/check-status, -r]
  periodSeconds: 10
volumeMounts:
  # check-status reads the status file the controllers write here.
  - { name: status, mountPath: /status }
{{- end -}}
