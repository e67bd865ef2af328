#!/usr/bin/env bash
# scripts/test.sh: runs every test of the project on a fresh Debian machine.
# It installs what the tests need (Debian packages, npm packages), starts a
# throwaway PostgreSQL for the storage tests, and runs the Go tests and the
# browser suite. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v java >/dev/null || need_apt+=(default-jre-headless)
command -v node >/dev/null || need_apt+=(nodejs npm)
# The race detector is built with cgo (the program itself never is).
command -v gcc >/dev/null || need_apt+=(gcc libc6-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
	echo "test.sh: installing ${need_apt[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [ -f package-lock.json ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi

# Tests write thousands of small files in temporary folders; on the ext4
# disks of these virtual machines that can stall for seconds at a time, so
# temporary folders go to memory when /dev/shm is there.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	export TMPDIR=/dev/shm
fi

echo "== go vet" >&2
go vet ./...
unformatted=$(gofmt -l cmd internal)
if [ -n "$unformatted" ]; then
	echo "gofmt needed on: $unformatted" >&2
	exit 1
fi

echo "== staticcheck" >&2
go tool staticcheck ./...

# The workflows in .github/workflows: syntax, expressions, the events and
# permissions they name, and untrusted input used in scripts. actionlint is
# pinned in go.mod as a tool, like staticcheck. (It also runs shellcheck on
# the scripts when shellcheck is installed; the tests do not install it.)
echo "== actionlint" >&2
go tool actionlint

echo "== go test -race" >&2
# Packages run in parallel: each that tests PostgreSQL makes a database of
# its own on the throwaway server (internal/contact/postgres/pgtest).
CGO_ENABLED=1 scripts/with-postgres.sh go test -race -count=1 ./...

if [ -d e2e ] && [ -f package-lock.json ]; then
	echo "== browser tests (headless Chromium)" >&2
	node --test e2e/
fi
