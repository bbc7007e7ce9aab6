#!/usr/bin/env bash
# Builds Kubernetes binaries (kube-apiserver, kubectl, kubeadm) and etcd from the Go module proxy into a cache folder
# outside the repo, keyed by version; idempotent: only missing binaries are built, and concurrent runs wait for each
# other. Prints the bin folder on stdout, progress on stderr; the build's output goes to <cache>/build.log.
# k8s.io/kubernetes cannot be `go install`ed: its go.mod maps every staging module (k8s.io/api, apiserver, …) at
# v0.0.0 to ./staging/…, which only the main module may do. So a throwaway wrapper module requires it, copies its
# replace lines and points each staging module at its published v0.<minor>.<patch> twin.
# Env: BUNDLE_KUBE_VERSION (default 1.25.15, the course's minor; 1.25.16 is not fully served by the proxy),
# BUNDLE_KUBE_BINS (the k8s.io/kubernetes/cmd/* programs to build), BUNDLE_TOOLS_DIR (default ~/.cache/bundle-tools).
set -euo pipefail
K8S=${BUNDLE_KUBE_VERSION:-1.25.15}
BINS=${BUNDLE_KUBE_BINS:-kube-apiserver kubectl kubeadm}
MINOR=$(cut -d. -f2 <<<"$K8S"); PATCH=${K8S##*.}
root="${BUNDLE_TOOLS_DIR:-$HOME/.cache/bundle-tools}"
out="$root/kube-v$K8S"
bin="$out/bin"
missing() { local b; for b in $BINS etcd; do [ -x "$bin/$b" ] || echo "$b"; done; }
[ -z "$(missing)" ] && { echo "$bin"; exit 0; }
command -v go >/dev/null || { echo "build-kube: 'go' is not on PATH (needed to build Kubernetes $K8S: $(missing | xargs))" >&2; exit 1; }
mkdir -p "$bin"
# One build at a time per version (two test runs, or two worktrees, may ask at once); the winner's result is reused.
exec 9>"$out/.lock"
flock 9
todo=$(missing | xargs)
[ -z "$todo" ] && { echo "$bin"; exit 0; }
log="$out/build.log"
: >"$log"
work=$(mktemp -d "$root/.kube-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CGO_ENABLED=0 GOFLAGS="-trimpath -buildvcs=false -mod=mod" GOTOOLCHAIN=local
# Kubernetes 1.25 predates Go 1.23's lock on go:linkname into the runtime; its dependencies still pull such symbols.
ldcheck="-checklinkname=0"
step() { echo "build-kube: $*" >&2; echo "== $*" >>"$log"; }
fail() { echo "build-kube: $1 failed; last lines of $log:" >&2; tail -n 30 "$log" >&2; exit 1; }
start=$(date +%s)
free=$(df -Pk "$root" | awk 'NR == 2 {print int($4 / 1048576)}')
[ "$free" -ge 8 ] || step "warning: only ${free} GiB free under $root; a cold build needs ~6 GiB of Go caches"

json() { sed -n "s/^\t\"$1\": \"\(.*\)\",\{0,1\}$/\1/p"; }
# With -json, go reports a failed download in its JSON on stdout.
kube=$(go mod download -json "k8s.io/kubernetes@v$K8S" 2>>"$log") || { echo "$kube" >>"$log"; fail "downloading k8s.io/kubernetes@v$K8S"; }
gomod=$(json GoMod <<<"$kube")
# The tag's date from the proxy, so `kubectl version` shows when this release was cut, not when we built it.
tagdate=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$(json Info <<<"$kube")")

kbins=$(for b in $todo; do [ "$b" = etcd ] || echo "$b"; done | xargs)
if [ -n "$kbins" ]; then
  step "$kbins v$K8S (wrapper module; minutes on a cold cache)"
  mkdir "$work/k"
  cd "$work/k"
  go mod init bundle.invalid/kube >>"$log" 2>&1
  # Every replace line of kubernetes' own go.mod: third-party pins as they are, staging paths to published versions.
  awk '/^replace \($/ {r=1; next} r && /^\)$/ {r=0} r && NF >= 3 {print $1, $3, $4}' "$gomod" | while read -r mod target ver; do
    case "$target" in
      ./staging/*) go mod edit -replace="$mod=$mod@v0.$MINOR.$PATCH" ;;
      *) go mod edit -replace="$mod=$target@$ver" ;;
    esac
  done
  go mod edit -require="k8s.io/kubernetes@v$K8S"
  { printf '//go:build tools\n\npackage tools\n\nimport (\n'; for b in $kbins; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$b"; done; printf ')\n'; } >tools.go
  go mod tidy >>"$log" 2>&1 || fail "go mod tidy (kubernetes)"
  # Without these, /version and `.Capabilities.KubeVersion` say v0.0.0-master and every kubeVersion constraint breaks.
  ld="-s -w $ldcheck"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=v$K8S -X $p.gitMajor=1 -X $p.gitMinor=$MINOR -X $p.gitTreeState=clean -X $p.buildDate=$tagdate"
  done
  for b in $kbins; do
    step "go build $b"
    go build -ldflags "$ld" -o "$work/$b" "k8s.io/kubernetes/cmd/$b" >>"$log" 2>&1 || fail "building $b"
  done
fi

if [[ " $todo " == *" etcd "* ]]; then
  # etcd in a module of its own, so its dependencies cannot shift the apiserver's; the version kubernetes pins.
  ev=$(awk '$1 == "go.etcd.io/etcd/server/v3" && $2 == "=>" {print $4}' "$gomod" | head -n 1)
  [ -n "$ev" ] || ev=$(awk '$1 == "go.etcd.io/etcd/server/v3" {print $2}' "$gomod" | head -n 1)
  step "etcd $ev"
  mkdir "$work/e"
  cd "$work/e"
  go mod init bundle.invalid/etcd >>"$log" 2>&1
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >tools.go
  go mod edit -require="go.etcd.io/etcd/server/v3@$ev"
  go mod tidy >>"$log" 2>&1 || fail "go mod tidy (etcd)"
  go build -ldflags "-s -w $ldcheck" -o "$work/etcd" go.etcd.io/etcd/server/v3 >>"$log" 2>&1 || fail "building etcd"
fi

for b in $todo; do mv "$work/$b" "$bin/$b"; done
step "built $todo in $(( $(date +%s) - start )) s: $bin"
echo "$bin"
