#!/usr/bin/env bash
# Builds kube-apiserver, kubectl, kubeadm and etcd from the Go module proxy into a cache folder outside the repo, keyed by
# version; idempotent (a finished build is reused). Prints the bin folder on stdout, progress on stderr.
# k8s.io/kubernetes cannot be `go install`ed: its go.mod maps every staging module (k8s.io/api, apiserver, …) at
# v0.0.0 to ./staging/…, which only the main module may do. So a throwaway wrapper module requires it, copies its
# replace lines and points each staging module at its published v0.<minor>.<patch> twin.
set -euo pipefail
K8S=${BUNDLE_KUBE_VERSION:-1.25.15}
MINOR=$(cut -d. -f2 <<<"$K8S"); PATCH=${K8S##*.}
root="${BUNDLE_TOOLS_DIR:-$HOME/.cache/bundle-tools}"
out="$root/kube-v$K8S"
bin="$out/bin"
if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kubectl" ] && [ -x "$bin/kubeadm" ] && [ -x "$bin/etcd" ]; then echo "$bin"; exit 0; fi
command -v go >/dev/null || { echo "build-kube: 'go' is not on PATH (needed to build kube-apiserver $K8S)" >&2; exit 1; }
mkdir -p "$out"
log="$out/build.log"
: >"$log"
work=$(mktemp -d "$root/.kube-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CGO_ENABLED=0 GOFLAGS="-trimpath -buildvcs=false" GOTOOLCHAIN=local
# Kubernetes 1.25 predates Go 1.23's lock on go:linkname into the runtime; its dependencies still pull such symbols.
ldcheck="-checklinkname=0"
step() { echo "build-kube: $*" >&2; }
fail() { echo "build-kube: $1 failed; last lines of $log:" >&2; tail -n 30 "$log" >&2; exit 1; }
start=$(date +%s)

step "kube-apiserver + kubectl + kubeadm v$K8S (wrapper module; this takes minutes on a cold cache)"
mkdir "$work/k" "$work/e"
cd "$work/k"
go mod init bundle.invalid/kube >>"$log" 2>&1
gomod=$(go mod download -json "k8s.io/kubernetes@v$K8S" 2>>"$log" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')
[ -n "$gomod" ] || fail "downloading k8s.io/kubernetes@v$K8S"
# Every replace line of kubernetes' own go.mod: third-party pins as they are, staging paths to published versions.
awk '/^replace \($/ {r=1; next} r && /^\)$/ {r=0} r && NF >= 3 {print $1, $3, $4}' "$gomod" | while read -r mod target ver; do
  case "$target" in
    ./staging/*) go mod edit -replace="$mod=$mod@v0.$MINOR.$PATCH" ;;
    *) go mod edit -replace="$mod=$target@$ver" ;;
  esac
done
go mod edit -require="k8s.io/kubernetes@v$K8S"
cat >tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
	_ "k8s.io/kubernetes/cmd/kubeadm"
)
GO
go mod tidy >>"$log" 2>&1 || fail "go mod tidy (kubernetes)"
ld="-s -w $ldcheck"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld="$ld -X $p.gitVersion=v$K8S -X $p.gitMajor=1 -X $p.gitMinor=$MINOR -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done
go build -ldflags "$ld" -o "$work/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver >>"$log" 2>&1 || fail "building kube-apiserver"
go build -ldflags "$ld" -o "$work/kubectl" k8s.io/kubernetes/cmd/kubectl >>"$log" 2>&1 || fail "building kubectl"
go build -ldflags "$ld" -o "$work/kubeadm" k8s.io/kubernetes/cmd/kubeadm >>"$log" 2>&1 || fail "building kubeadm"

# etcd in a module of its own, so its dependencies cannot shift the apiserver's; the version kubernetes pins.
ev=$(awk '$1 == "go.etcd.io/etcd/server/v3" && $2 == "=>" {print $4}' "$gomod" | head -n 1)
step "etcd $ev"
cd "$work/e"
go mod init bundle.invalid/etcd >>"$log" 2>&1
printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >tools.go
go mod edit -require="go.etcd.io/etcd/server/v3@$ev"
go mod tidy >>"$log" 2>&1 || fail "go mod tidy (etcd)"
go build -ldflags "-s -w $ldcheck" -o "$work/etcd" go.etcd.io/etcd/server/v3 >>"$log" 2>&1 || fail "building etcd"

mkdir -p "$bin"
mv "$work/kube-apiserver" "$work/kubectl" "$work/kubeadm" "$work/etcd" "$bin/"
step "done in $(( $(date +%s) - start )) s: $bin"
echo "$bin"
