#!/usr/bin/env bash
# bench/images.sh: the picture pipeline side by side with Hugo 0.111, in one
# run, on phone photos made by ../shared/bench/genphotos.sh (4032x3024, 3-6
# MB, camera, time and GPS EXIF, every fourth stored sideways).
#
#   bench/images.sh [COUNTS...]      default: 48 100
#
# For each count N it measures, each tool taking turns so a change in the
# machine's load falls on both:
#   hugo     ../shared/bench/hugo-images.sh: 480/960/1600 WebP and a 960 JPEG,
#            quality 75, two languages; cold (new cache), warm (same cache),
#            one photo added.
#   like     portal with Hugo's four sizes: N pages each showing its photo in
#            the text (![...](photo.jpg)), widths [480, 960, 1600], quality 75.
#   theme    portal as the example site uses it: N case studies, each with
#            its photo as image: (hero, card, a 1200x630 link preview), the
#            site's widths [480, 720, 960, 1600].
# and prints wall seconds, peak memory (RSS) and what was made; then the
# WebP bytes of like and hugo (the same sizes at the same quality).
# BENCH_DIR (default /dev/shm/portal-bench-images) holds everything;
# PHOTOS_DIR reuses photos made before.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED_BENCH:-$repo/../shared/bench}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(48 100)
work=${BENCH_DIR:-/dev/shm/portal-bench-images}
mkdir -p "$work"
command -v hugo >/dev/null || { echo "bench: hugo is missing: apt-get install -y hugo" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench: /usr/bin/time is missing: apt-get install -y time" >&2; exit 1; }
max=0
for n in "${counts[@]}"; do ((n > max)) && max=$n; done
photos=${PHOTOS_DIR:-$work/photos}
bash "$shared/genphotos.sh" "$((max + 1))" "$photos" >/dev/null
(cd "$repo" && go build -o "$work/portal" ./cmd/portal)

# timed NAME CMD...: runs CMD, prints "NAME wall_s peak_MB", keeps stdout in $work/NAME.out.
timed() {
	local name=$1; shift
	/usr/bin/time -f "%e %M" "$@" >"$work/$name.out" 2>"$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
	read -r s kb < <(tail -n 1 "$work/time.txt")
	printf '%-28s %7.2f s %6d MB  %s\n' "$name" "$s" $((kb / 1024)) "$(grep -hE "pictures?:" "$work/$name.out" || true)"
}

# site KIND N DIR: a site of N pages each showing one photo: kind like
# (Hugo's four sizes, the photo in the text) or theme (the page's image:).
site() {
	local kind=$1 n=$2 dir=$3
	rm -rf "$dir" && mkdir -p "$dir/content/case-studies" "$dir/content/partners"
	cp -r "$repo/layouts" "$repo/static" "$dir/"
	sed -e 's/^paginate:.*/paginate: 20/' "$repo/site.yaml" >"$dir/site.yaml"
	if [ "$kind" = like ]; then
		sed -i 's/^  widths: .*/  widths: [480, 960, 1600]/' "$dir/site.yaml"
	fi
	printf -- '---\ntitle: Example partner\n---\nA partner.\n' >"$dir/content/partners/example.md"
	for ((i = 1; i <= n; i++)); do add "$kind" "$dir" "$i"; done
}

# add KIND DIR I: page and photo number I.
add() {
	local kind=$1 dir=$2 name
	name=$(printf 'photo-%04d' "$3")
	cp "$photos/$name.jpg" "$dir/content/case-studies/$name.jpg"
	if [ "$kind" = like ]; then
		printf -- '---\ntitle: Story %s\nsummary: A story with a photo.\ndate: 2024-01-01\npartners: [Example partner]\n---\n![Photo %s](%s.jpg)\n' "$3" "$3" "$name" >"$dir/content/case-studies/$name.md"
	else
		printf -- '---\ntitle: Story %s\nsummary: A story with a photo.\ndate: 2024-01-01\npartners: [Example partner]\nimage: %s.jpg\nimageAlt: Photo %s\n---\nText.\n' "$3" "$name" "$3" >"$dir/content/case-studies/$name.md"
	fi
}

webp_bytes() { find "$1" -name '*.webp' -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $(hugo version | cut -d' ' -f1-2)"
for n in "${counts[@]}"; do
	echo "== $n photos"
	hp=$work/hugo-photos-$n
	rm -rf "$hp" && mkdir -p "$hp"
	for ((i = 1; i <= n; i++)); do cp "$photos/$(printf 'photo-%04d' "$i").jpg" "$hp/"; done
	for kind in like theme; do site "$kind" "$n" "$work/site-$kind-$n"; done
	rm -rf "$work/hugo-cache-$n" "$work"/cache-*-"$n"
	# Cold, in turns: hugo, like, theme.
	timed "hugo cold" bash "$shared/hugo-images.sh" "$hp" "$work/hugo-out-$n" "$work/hugo-cache-$n"
	for kind in like theme; do
		timed "$kind cold" "$work/portal" build --source "$work/site-$kind-$n" -o "$work/out-$kind-$n" --cache-dir "$work/cache-$kind-$n"
	done
	timed "hugo warm" bash "$shared/hugo-images.sh" "$hp" "$work/hugo-out-$n" "$work/hugo-cache-$n"
	for kind in like theme; do
		timed "$kind warm" "$work/portal" build --source "$work/site-$kind-$n" -o "$work/out-$kind-$n" --cache-dir "$work/cache-$kind-$n"
	done
	cp "$photos/$(printf 'photo-%04d' $((n + 1))).jpg" "$hp/"
	timed "hugo one added" bash "$shared/hugo-images.sh" "$hp" "$work/hugo-out-$n" "$work/hugo-cache-$n"
	for kind in like theme; do
		add "$kind" "$work/site-$kind-$n" $((n + 1))
		timed "$kind one added" "$work/portal" build --source "$work/site-$kind-$n" -o "$work/out-$kind-$n" --cache-dir "$work/cache-$kind-$n"
	done
	h=$(webp_bytes "$work/hugo-out-$n") l=$(webp_bytes "$work/out-like-$n")
	echo "WebP bytes, $((n + 1)) photos at 480/960/1600, quality 75: hugo $h, portal $l ($(awk -v a="$l" -v b="$h" 'BEGIN {printf "%+.1f%%", (a / b - 1) * 100}'))"
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
