{{/* Cluster facts of the env, or an empty dict when rendered without an env. */}}
{{- define "keepalived.cluster" -}}
{{- $global := .Values.global | default dict -}}
{{- toJson ($global.cluster | default dict) -}}
{{- end -}}

{{- define "keepalived.vip" -}}
{{- $cluster := include "keepalived.cluster" . | fromJson -}}
{{- required "keepalived: the VIP is required - set vrrp.vip or global.cluster.ingressVIP" (.Values.vrrp.vip | default $cluster.ingressVIP) -}}
{{- end -}}

{{- define "keepalived.interface" -}}
{{- $cluster := include "keepalived.cluster" . | fromJson -}}
{{- required "keepalived: the VRRP interface is required - set vrrp.interface or global.cluster.interface" (.Values.vrrp.interface | default $cluster.interface) -}}
{{- end -}}

{{- define "keepalived.virtualRouterId" -}}
{{- required "keepalived: vrrp.virtualRouterId is required (1-255, unique on the VIP's L2 segment; there is no safe default)" .Values.vrrp.virtualRouterId -}}
{{- end -}}

{{/*
The ordered VRRP peers as a JSON list of {name, ip, state, priority}. Exactly one peer - the first - starts as
MASTER; priorities strictly decrease so the election never ties. With nopreempt keepalived needs every node in
BACKUP, and the first peer still wins the first election through its priority.
*/}}
{{- define "keepalived.peers" -}}
{{- $cluster := include "keepalived.cluster" . | fromJson -}}
{{- $nodes := .Values.vrrp.peers -}}
{{- if not $nodes -}}
{{- $nodes = list -}}
{{- range $cluster.nodes -}}
{{- $labels := .labels | default dict -}}
{{- $match := true -}}
{{- range $key, $want := $.Values.nodeSelector -}}
{{- /* A null entry is a default label the user removed with `key: null`. */ -}}
{{- if and (not (kindIs "invalid" $want)) (not (and (hasKey $labels $key) (eq (toString (index $labels $key)) (toString $want)))) -}}
{{- $match = false -}}
{{- end -}}
{{- end -}}
{{- if $match -}}
{{- $nodes = append $nodes (dict "name" .name "ip" .ip) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if not $nodes -}}
{{- fail "keepalived: no VRRP peers - set vrrp.peers, or give global.cluster.nodes nodes whose labels match nodeSelector" -}}
{{- end -}}
{{- $step := int .Values.vrrp.priorityStep -}}
{{- $weight := int .Values.healthCheck.weight -}}
{{- if and (ne $weight 0) (le (max $weight (sub 0 $weight)) $step) -}}
{{- fail (printf "keepalived: |healthCheck.weight| (%d) must exceed vrrp.priorityStep (%d), or a failing check never moves the VIP" $weight $step) -}}
{{- end -}}
{{- $vip := include "keepalived.vip" . -}}
{{- $peers := list -}}
{{- $seen := dict -}}
{{- range $i, $node := $nodes -}}
{{- if or (hasKey $seen $node.name) (hasKey $seen $node.ip) -}}
{{- fail (printf "keepalived: VRRP peer %s (%s) is listed twice" $node.name $node.ip) -}}
{{- end -}}
{{- if eq $node.ip $vip -}}
{{- fail (printf "keepalived: the VIP %s is node %s's own address; pick a free address in the nodes' subnet" $vip $node.name) -}}
{{- end -}}
{{- $_ := set $seen $node.name true -}}
{{- $_ = set $seen $node.ip true -}}
{{- $priority := sub (int $.Values.vrrp.priority) (mul $i $step) -}}
{{- if lt $priority 1 -}}
{{- fail (printf "keepalived: peer %q would get priority %d; raise vrrp.priority or lower vrrp.priorityStep" $node.name $priority) -}}
{{- end -}}
{{- $state := ternary "MASTER" "BACKUP" (and (eq $i 0) (not $.Values.vrrp.nopreempt)) -}}
{{- $peers = append $peers (dict "name" $node.name "ip" $node.ip "state" $state "priority" $priority) -}}
{{- end -}}
{{- toJson $peers -}}
{{- end -}}

{{/* Name of the Secret holding the VRRP password: the referenced one, or the one this chart renders. */}}
{{- define "keepalived.authSecretName" -}}
{{- .Values.vrrp.auth.existingSecret | default (printf "%s-vrrp-auth" (include "common.fullname" .)) -}}
{{- end -}}

{{- define "keepalived.authSecretKey" -}}
{{- ternary .Values.vrrp.auth.existingSecretKey "password" (ne .Values.vrrp.auth.existingSecret "") -}}
{{- end -}}

{{/*
keepalived.conf of one peer. Usage: include "keepalived.conf" (dict "ctx" $ "peer" $peer "peers" $peers)
Health checks run wget as root inside the container (it holds only the NET_* capabilities; running them as
another user would need SETUID/SETGID as well).
*/}}
{{- define "keepalived.conf" -}}
{{- $ctx := .ctx -}}
{{- $v := $ctx.Values -}}
{{- $peer := .peer -}}
{{- $interface := include "keepalived.interface" $ctx -}}
{{- $hc := $v.healthCheck -}}
{{- $checks := list -}}
{{- if $hc.ingress.enabled }}{{ $checks = append $checks (dict "name" "chk_ingress" "url" (printf "http://127.0.0.1:%v%s" $hc.ingress.port $hc.ingress.path)) }}{{ end -}}
{{- if $v.nginx.enabled }}{{ $checks = append $checks (dict "name" "chk_nginx" "url" (printf "http://127.0.0.1:%v/healthz" $v.nginx.healthPort)) }}{{ end -}}
# keepalived.conf of node {{ $peer.name }} (rendered by the {{ $ctx.Chart.Name }} chart; state and priority differ per node)
global_defs {
  router_id {{ $peer.name }}
  script_user root
  enable_script_security
}
{{- range $checks }}

vrrp_script {{ .name }} {
  script "/usr/bin/wget -q -T {{ $hc.timeout }} -O /dev/null {{ .url }}"
  interval {{ $hc.interval }}
  timeout {{ add (int $hc.timeout) 1 }}
  fall {{ $hc.fall }}
  rise {{ $hc.rise }}
  weight {{ $hc.weight }}
}
{{- end }}

vrrp_instance {{ include "common.fullname" $ctx | upper | replace "-" "_" }} {
  state {{ $peer.state }}
  interface {{ $interface }}
  virtual_router_id {{ include "keepalived.virtualRouterId" $ctx }}
  priority {{ $peer.priority }}
  advert_int {{ $v.vrrp.advertInt }}
  {{- if $v.vrrp.nopreempt }}
  nopreempt
  {{- end }}
  {{- if $v.vrrp.unicast }}
  {{- $others := list }}
  {{- if $v.vrrp.unicastPeers }}
  {{- $others = without $v.vrrp.unicastPeers $peer.ip }}
  {{- else }}
  {{- range .peers }}{{ if ne .name $peer.name }}{{ $others = append $others .ip }}{{ end }}{{ end }}
  {{- end }}
  {{- if $others }}
  unicast_src_ip {{ $peer.ip }}
  unicast_peer {
    {{- range $others }}
    {{ . }}
    {{- end }}
  }
  {{- end }}
  {{- end }}
  {{- if $v.vrrp.auth.enabled }}
  authentication {
    auth_type PASS
    include {{ $v.vrrp.auth.includeFile }}
  }
  {{- end }}
  virtual_ipaddress {
    {{ include "keepalived.vip" $ctx }}/{{ $v.vrrp.vipPrefixLength }} dev {{ $interface }}
  }
  {{- if $checks }}
  track_script {
    {{- range $checks }}
    {{ .name }}
    {{- end }}
  }
  {{- end }}
}
{{ end -}}

{{/* nginx.conf: the stream proxy (identical on every node) plus a local-only health endpoint. */}}
{{- define "keepalived.nginxConf" -}}
{{- $v := .Values.nginx -}}
{{- $upstreams := $v.upstreams -}}
{{- if not $upstreams -}}
{{- $upstreams = list -}}
{{- range (include "keepalived.peers" . | fromJsonArray) }}{{ $upstreams = append $upstreams .ip }}{{ end -}}
{{- end -}}
# nginx.conf of the ingress VIP stream proxy (rendered by the {{ .Chart.Name }} chart)
{{- with .Values.image.nginx.streamModulePath }}
load_module {{ . }};
{{- end }}
worker_processes {{ $v.workerProcesses }};
error_log stderr warn;

events {
  worker_connections {{ $v.workerConnections }};
}

stream {
  log_format proxy '$remote_addr -> $upstream_addr [$time_local] $status $bytes_sent $upstream_bytes_sent';
  access_log /dev/stdout proxy;
  {{- range $v.proxies }}

  upstream ingress_{{ .name }} {
    {{- $proxy := . }}
    {{- range $upstreams }}
    server {{ . }}:{{ $proxy.targetPort }} max_fails={{ $v.maxFails }} fail_timeout={{ $v.failTimeout }};
    {{- end }}
  }

  server {
    listen {{ .listenPort }};
    proxy_connect_timeout {{ $v.connectTimeout }};
    proxy_pass ingress_{{ .name }};
  }
  {{- end }}
}

http {
  access_log off;

  server {
    listen 127.0.0.1:{{ $v.healthPort }};
    location = /healthz {
      return 200 "ok\n";
    }
    location / {
      return 404;
    }
  }
}
{{ end -}}
