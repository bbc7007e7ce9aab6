#!/usr/bin/env bash
# Builds hosts-dump (hosts-dump.go) against containerd's own hosts.toml loader, at the version Debian ships, into a
# cache folder outside the repo; idempotent. Prints the binary's path on stdout, progress on stderr.
set -euo pipefail
V=${BUNDLE_CONTAINERD_VERSION:-1.6.20}
out="${BUNDLE_TOOLS_DIR:-$HOME/.cache/bundle-tools}/containerd-hosts-v$V"
if [ -x "$out/hosts-dump" ]; then echo "$out/hosts-dump"; exit 0; fi
command -v go >/dev/null || { echo "build-hosts-dump: 'go' is not on PATH" >&2; exit 1; }
src="$(cd "$(dirname "$0")" && pwd)/hosts-dump.go"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CGO_ENABLED=0 GOFLAGS="-trimpath -buildvcs=false" GOTOOLCHAIN=local
echo "build-hosts-dump: containerd v$V remotes/docker/config" >&2
cd "$work"
cp "$src" main.go
go mod init bundle.invalid/hosts-dump >/dev/null 2>&1
go mod edit -require="github.com/containerd/containerd@v$V"
go mod tidy >"$work/log" 2>&1 || { tail -n 20 "$work/log" >&2; exit 1; }
go build -ldflags "-s -w" -o "$work/hosts-dump" . >>"$work/log" 2>&1 || { tail -n 20 "$work/log" >&2; exit 1; }
mkdir -p "$out"
mv "$work/hosts-dump" "$out/hosts-dump"
echo "$out/hosts-dump"
