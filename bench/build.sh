#!/usr/bin/env bash
# bench/build.sh: builds the synthetic corpus with portal and with Hugo, side by
# side in one run, and prints wall time, pages per second and peak memory.
#
#   bench/build.sh [SIZES...]      default: 1000 10000
#
# Needs Debian's hugo (apt-get install hugo) and ../shared/bench beside the
# repository. Each build runs RUNS times (default 3) into an emptied folder,
# Hugo and portal taking turns; the median wall time is reported with the
# peak RSS of that run. Run it on an otherwise idle machine.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/bench/corpus-site.sh"
shared=${SHARED_BENCH:-$repo/../shared/bench}
runs=${RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
# The corpus and every output live in memory (/dev/shm) by default: this
# machine's ext4 stalls for seconds under bursts of small-file writes, which
# would measure the disk, not the generators. BENCH_DIR=/some/disk/dir
# measures on disk instead.
if [ -z "${BENCH_DIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	work=/dev/shm/portal-bench
else
	work=${BENCH_DIR:-/tmp/portal-bench}
fi
mkdir -p "$work"
command -v hugo >/dev/null || { echo "bench: hugo is missing: apt-get install -y hugo" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench: /usr/bin/time is missing: apt-get install -y time" >&2; exit 1; }

(cd "$repo" && go build -o "$work/portal" ./cmd/portal)

# once OUT CMD...: runs CMD into an emptied OUT, prints "seconds peak_kb".
once() {
	local out=$1; shift
	rm -rf "$out"
	sync
	/usr/bin/time -f "%e %M" "$@" >/dev/null 2>"$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
	tail -n 1 "$work/time.txt"
}

# median: the median line (by seconds) of "seconds peak_kb" lines on stdin.
median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }

echo "| pages (en + nb files) | tool | wall s (median of $runs) | pages/s | peak MB |"
echo "|---|---|---|---|---|"
for n in "${sizes[@]}"; do
	corpus=$work/corpus-$n
	if [ ! -d "$corpus/content" ]; then
		(cd "$shared/gencorpus" && go run . -n "$n" -out "$corpus" >/dev/null)
	fi
	files=$(find "$corpus/content" -name '*.md' | wc -l)
	site=$work/site-$n
	corpus_site "$repo" "$corpus" "$site"

	# The tools take turns, run by run, so a change in the machine's load
	# during the benchmark falls on both.
	hugo_runs=() portal_runs=()
	for _ in $(seq "$runs"); do
		hugo_runs+=("$(once "$work/hugo-out-$n" "$shared/hugo-build.sh" "$corpus" "$work/hugo-out-$n")")
		portal_runs+=("$(once "$work/portal-out-$n" "$work/portal" build --source "$site" -o "$work/portal-out-$n")")
	done
	read -r hs hk < <(printf '%s\n' "${hugo_runs[@]}" | median)
	read -r ps pk < <(printf '%s\n' "${portal_runs[@]}" | median)
	hugo_pages=$(find "$work/hugo-out-$n" -name '*.html' | wc -l)
	portal_pages=$(find "$work/portal-out-$n" -name '*.html' | wc -l)
	printf '| %d (%d) | hugo %s | %.2f | %.0f | %.0f |\n' "$n" "$files" "$(hugo version | awk '{print $2}')" "$hs" "$(echo "$files / $hs" | bc -l)" "$(echo "$hk / 1024" | bc -l)"
	printf '| %d (%d) | portal | %.2f | %.0f | %.0f |\n' "$n" "$files" "$ps" "$(echo "$files / $ps" | bc -l)" "$(echo "$pk / 1024" | bc -l)"
	printf '| | portal / hugo | **%.2f×** time | | %.2f× memory |\n' "$(echo "$ps / $hs" | bc -l)" "$(echo "$pk / $hk" | bc -l)"
	echo "|  | html files written: hugo $hugo_pages, portal $portal_pages | | | |"
done
