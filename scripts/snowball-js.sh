#!/usr/bin/env bash
# scripts/snowball-js.sh SNOWBALL_SRC SNOWBALL_WEBSITE_SRC: writes the
# Snowball data that internal/search embeds:
#   internal/search/snowball/<algorithm>.js  the JavaScript stemmers, from a
#       checkout of the Snowball compiler at tag v2.0.0
#       (github.com/snowballstem/snowball), one per algorithm the Go side
#       has (the packages of github.com/blevesearch/snowballstem, the same
#       compiler's Go output), and base-stemmer.js, their runtime;
#   internal/search/stopwords/<algorithm>.txt  Snowball's own stop-word
#       lists, verbatim, from a checkout of the Snowball website
#       (github.com/snowballstem/snowball-website) at commit $website_commit.
# The build puts the stemmers of a site's languages into one script
# (search.StemmerScript); a word stems alike in the build and in the
# browser, which internal/search's TestStemmersAgree and the browser test
# check over Snowball's vocabularies. The .js files are kept minified: they
# are generated code, not ours.
set -euo pipefail
tag=v2.0.0
website_commit=a5c23fcf6cb8c34f450d5080d888e65bc4681c1b
src=$(cd "$1" && pwd)
web=$(cd "$2" && pwd)
cd "$(dirname "$0")/.."
if [ "$(git -C "$src" rev-parse HEAD)" != "$(git -C "$src" rev-parse "$tag^{commit}")" ]; then
	echo "snowball-js.sh: $src is not at $tag" >&2
	exit 1
fi
if [ "$(git -C "$web" rev-parse HEAD)" != "$website_commit" ]; then
	echo "snowball-js.sh: $web is not at $website_commit" >&2
	exit 1
fi
make -C "$src" snowball >/dev/null
gosrc=$(go list -m -f '{{.Dir}}' github.com/blevesearch/snowballstem)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=internal/search/snowball
rm -rf "$out" internal/search/stopwords
mkdir -p "$out" internal/search/stopwords
go run scripts/minifyjs.go < "$src/javascript/base-stemmer.js" > "$out/base-stemmer.js"
for dir in "$gosrc"/*/; do
	l=$(basename "$dir")
	# porter is English's older algorithm, which no language uses.
	[ "$l" = porter ] && continue
	# The class is named after the output file: english-stemmer.js holds
	# EnglishStemmer.
	"$src/snowball" "$src/algorithms/$l.sbl" -js -o "$tmp/$l-stemmer"
	go run scripts/minifyjs.go < "$tmp/$l-stemmer.js" > "$out/$l.js"
	if [ -f "$web/algorithms/$l/stop.txt" ]; then
		cp "$web/algorithms/$l/stop.txt" "internal/search/stopwords/$l.txt"
	fi
done
echo "wrote $(ls "$out" | wc -l) scripts ($(cat "$out"/*.js | wc -c) bytes) and $(ls internal/search/stopwords | wc -l) stop-word lists" >&2
