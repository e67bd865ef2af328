#!/usr/bin/env bash
# run.sh: benchmark the contact endpoint on loopback.
#
# Builds portal, starts `portal contact serve` on a temporary SQLite database
# (rate limit off, no SMTP), runs wrk -t2 -c64 -d10s --latency with post.lua
# (valid forms, unique content), then checks how many rows were stored.
# Env: SITE (site root, default the test site), DURATION (default 10s),
# CONNS (default 64), DB (a postgres:// URL to bench PostgreSQL instead),
# PROFILE=1 (the server writes a CPU profile of the run to cpu.prof).
# Prints the server's CPU time per stored inquiry too (Linux /proc).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
site=${SITE:-$root/cmd/portal/testdata/contact}
port=${PORT:-18091}
tmp=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "run.sh: wrk not found (Debian: apt-get install wrk)" >&2; exit 1; }
(cd "$root" && go build -o "$tmp/portal" ./cmd/portal)
db=${DB:-$tmp/contact.db}
"$tmp/portal" contact serve --source "$site" --db "$db" --addr "127.0.0.1:$port" --rate 0 ${PROFILE:+--cpuprofile "$root/cpu.prof"} 2>"$tmp/server.log" &
pid=$!
for _ in $(seq 50); do
	curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
	sleep 0.1
done

echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "store: $(printf %s "$db" | sed -E 's#//[^@/]*@#//***@#')"
echo "load before run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews figures)"
wrk -t2 -c"${CONNS:-64}" -d"${DURATION:-10s}" --latency -s "$root/bench/contact/post.lua" "http://127.0.0.1:$port/api/contact"

# The server's CPU time (user + system, from /proc) per stored inquiry: on a
# shared machine throughput and latency follow the other sessions' load,
# while the work the endpoint does for each inquiry does not.
ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
rows=$("$tmp/portal" contact export --db "$db" --format csv 2>/dev/null | tail -n +2 | grep -c '^' || true)
echo "rows stored: $rows"
awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$rows" 'BEGIN { if (n > 0) printf "server CPU: %.1f s, %.0f µs per stored inquiry\n", t / hz, 1e6 * t / hz / n }'
