#!/usr/bin/env bash
# scripts/release.sh VERSION DIR [GOOS/GOARCH ...]: builds portal for each
# platform (default: Linux, macOS and Windows, amd64 and arm64) with VERSION
# stamped in (portal version prints it), and writes into DIR one archive a
# platform, portal_VERSION_GOOS_GOARCH.tar.gz (.zip for Windows), holding
# the program, and SHA256SUMS. The release workflow
# (.github/workflows/release.yml) runs it for a tag; it needs only Go (and
# zip for Windows): the program is pure Go, so every platform builds here.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:?usage: scripts/release.sh VERSION DIR [GOOS/GOARCH ...]}
out=${2:?usage: scripts/release.sh VERSION DIR [GOOS/GOARCH ...]}
shift 2
[[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || {
	echo "release.sh: $version is not a version like v1.2.0" >&2
	exit 2
}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	targets=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64)
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
archives=()
for target in "${targets[@]}"; do
	goos=${target%/*} goarch=${target#*/}
	name=portal_${version}_${goos}_${goarch}
	exe=portal
	[ "$goos" = windows ] && exe=portal.exe
	mkdir -p "$work/$name"
	echo "release.sh: building $name" >&2
	CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch \
		go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$work/$name/$exe" ./cmd/portal
	if [ "$goos" = windows ]; then
		(cd "$work/$name" && zip -q -X "$out/$name.zip" "$exe")
		archives+=("$name.zip")
	else
		tar -C "$work/$name" --owner=0 --group=0 --numeric-owner -czf "$out/$name.tar.gz" "$exe"
		archives+=("$name.tar.gz")
	fi
done
(cd "$out" && sha256sum "${archives[@]}" >SHA256SUMS)
echo "release.sh: wrote ${archives[*]} and SHA256SUMS in $out" >&2
