# bench/corpus-site.sh, sourced by the benchmark scripts: corpus_site REPO
# CORPUS SITE makes SITE a site that builds the gencorpus tree CORPUS with the
# repository's theme and site.yaml. The synthetic pages name no sources, so
# where a section requires them they are made optional: the corpus builds as
# it did before sources were required.
corpus_site() {
	local repo=$1 corpus=$2 site=$3
	rm -rf "$site" && mkdir -p "$site"
	cp -r "$repo/layouts" "$repo/static" "$repo/site.yaml" "$site/"
	sed -i -E 's/^(    required: \[.*), sources\]$/\1]/; s/^(    optional: \[)(.*)\]$/\1\2, sources]/; s/, sources, sources\]/, sources]/' "$site/site.yaml"
	ln -s "$corpus/content" "$site/content"
}
