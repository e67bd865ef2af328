package diag

import "testing"

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3},
		{"paginaet", "paginate", 1}, {"titel", "title", 1}, {"ab", "ba", 1}, // a swap is one edit
		{"abc", "ca", 3},            // but a swapped pair is not edited again
		{"Østersjø", "Ostersjo", 2}, // runes, not bytes
	} {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	keys := []string{"baseURL", "contact", "description", "fields", "languages", "organisation", "paginate", "sections", "taxonomies", "title"}
	for _, tt := range []struct {
		s, prefix string
		cands     []string
		want      string
	}{
		{"paginaet", "", keys, `; did you mean "paginate"?`},
		{"baseurl", "", keys, `; did you mean "baseURL"?`}, // case alone
		{"sectoins", "", keys, `; did you mean "sections"?`},
		{"colour", "", keys, ""},                                                      // nothing close
		{"tite", "", keys, `; did you mean "title"?`},                                 // one edit in a short word
		{"nb", "", []string{"en"}, ""},                                                // two-letter words are never typos of each other
		{"intro", "#", []string{"introduction", "intra"}, `; did you mean "#intra"?`}, // the nearest, with the prefix
		{"title", "", keys, ""},                                                       // itself is no suggestion
	} {
		if got := DidYouMean(tt.s, tt.cands, tt.prefix); got != tt.want {
			t.Errorf("DidYouMean(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}
