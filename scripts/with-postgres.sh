#!/usr/bin/env bash
# with-postgres.sh CMD ARGS...
#
# Runs CMD with a throwaway PostgreSQL cluster: initdb in a temporary
# directory, a server on 127.0.0.1:${PORTAL_TEST_PG_PORT:-55432}, a fresh
# database, and PORTAL_TEST_POSTGRES=postgres://... exported for CMD. The
# cluster is stopped and removed however CMD ends. On a Debian machine
# without PostgreSQL it installs Debian's `postgresql` package first.
#
#   scripts/with-postgres.sh go test ./...
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 CMD [ARGS...]" >&2
	exit 2
fi
port=${PORTAL_TEST_PG_PORT:-55432}

pg_bindir() {
	local d
	# Newest installed major version first.
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return 0
		fi
	done
	if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
		dirname "$(command -v initdb)"
		return 0
	fi
	return 1
}

if ! bindir=$(pg_bindir); then
	if [ "$(id -u)" -ne 0 ]; then
		echo "with-postgres: PostgreSQL is not installed; install Debian's postgresql package (needs root)" >&2
		exit 1
	fi
	echo "with-postgres: installing Debian's postgresql package" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
	bindir=$(pg_bindir)
fi

# initdb refuses to run as root, so as root everything runs as `postgres`.
dir=$(mktemp -d "${TMPDIR:-/tmp}/portal-pg.XXXXXX")
if [ "$(id -u)" -eq 0 ]; then
	chown postgres: "$dir"
	as_pg() { runuser -u postgres -- "$@"; }
else
	as_pg() { "$@"; }
fi

cleanup() {
	as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
# The socket goes into the temp dir too, so no system directory is needed.
if ! as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
	-o "-h 127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null; then
	cat "$dir/server.log" >&2
	exit 1
fi
as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres portal_test

export PORTAL_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/portal_test?sslmode=disable"
status=0
"$@" || status=$?
exit "$status"
