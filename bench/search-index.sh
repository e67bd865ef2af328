#!/usr/bin/env bash
# bench/search-index.sh: what the search index costs the 10k build. Builds
# the gencorpus site (../shared/bench/gencorpus, N pages, default 10000)
# with portal RUNS times (default 5) with the index and with --no-search,
# taking turns so a change in the machine's load falls on both, and prints
# the median wall times, their difference, and the index's files and size.
# Everything lives in /dev/shm (see bench/build.sh for why).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/bench/corpus-site.sh"
shared=${SHARED_BENCH:-$repo/../shared/bench}
runs=${RUNS:-5}
n=${1:-10000}
work=${BENCH_DIR:-/dev/shm/portal-search-bench}
mkdir -p "$work"
(cd "$repo" && go build -o "$work/portal" ./cmd/portal)
corpus=$work/corpus-$n
[ -d "$corpus/content" ] || (cd "$shared/gencorpus" && go run . -n "$n" -out "$corpus" >/dev/null)
site=$work/site-$n
corpus_site "$repo" "$corpus" "$site"
once() { # once OUT ARGS...: seconds of one build into an emptied OUT
	rm -rf "$1"
	local out=$1; shift
	/usr/bin/time -f "%e" "$work/portal" build --source "$site" -o "$out" "$@" >/dev/null 2>"$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
	tail -n 1 "$work/time.txt"
}
with=() without=()
for _ in $(seq "$runs"); do
	with+=("$(once "$work/out-with")")
	without+=("$(once "$work/out-without" --no-search)")
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
w=$(median "${with[@]}") wo=$(median "${without[@]}")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "with the index:    ${with[*]} s (median $w)"
echo "with --no-search:  ${without[*]} s (median $wo)"
echo "the index adds:    $(echo "$w - $wo" | bc) s"
echo "index: $(find "$work/out-with/search" -type f | wc -l) files, $(du -sk "$work/out-with/search" | cut -f1) KB"
for l in en nb; do
	echo "  $l: $(find "$work/out-with/search/$l" -type f | wc -l) files; manifest $(stat -c %s "$work/out-with/search/$l/manifest.json") B, f.bin $(stat -c %s "$work/out-with/search/$l/f.bin") B, v.bin $(stat -c %s "$work/out-with/search/$l/v.bin") B, $(ls "$work/out-with/search/$l/t" | wc -l) shards"
done
