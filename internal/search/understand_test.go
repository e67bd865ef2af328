package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/diag"
)

// The unit tests of what the search understands beyond the words typed:
// stems, compounds, the glossary, typos, other languages, headings and
// weights.

func TestStem(t *testing.T) {
	for _, tc := range []struct{ lang, word, want string }{
		{"en", "internships", "internship"},
		{"en", "licensing", "licens"},
		{"en", "license", "licens"},
		{"en", "companies", "compani"},
		{"en", "company", "compani"},
		{"en", "microscopes", "microscop"},
		{"en", "recruiting", "recruit"},
		{"en", "recruitment", "recruit"},
		{"nb", "laboratoriet", "laboratori"},
		{"nb", "laboratoriene", "laboratori"},
		{"nb", "laboratorier", "laboratori"},
		{"nb", "bedrifter", "bedrift"},
		{"nb", "oppstartsbedrifter", "oppstartsbedrift"},
		{"nb", "lisensene", "lisens"},
		{"sv", "forskningen", "forskning"},
		{"sv", "foretagen", "foretag"}, // folded, as the index stems,
		{"da", "virksomhederne", "virksomhed"},
		{"de", "forschungen", "forschung"},
		{"nl", "bedrijven", "bedrijv"},
		{"nn", "bedriftene", "bedrift"},
		{"en-GB", "companies", "compani"}, // a region: the language's stemmer
		{"el", "έρευνες", "έρευνες"},      // no stemmer: the word itself
		{"en", "", ""},
	} {
		if got := Stem(tc.lang, tc.word); got != tc.want {
			t.Errorf("Stem(%s, %q) = %q, want %q", tc.lang, tc.word, got, tc.want)
		}
	}
}

// testSplitter is a splitter over words, as the index makes one.
func testSplitter(lang string, words ...string) *splitter {
	known := map[string]bool{}
	for _, w := range words {
		known[w], known[Stem(lang, w)] = true, true
	}
	return newSplitter(lang, words, func(x string) bool { return known[x] })
}

func TestSplitCompound(t *testing.T) {
	nb := testSplitter("nb", "forskning", "samarbeid", "forskningssamarbeid", "videre", "utdanning", "videreutdanning",
		"oppstartsbedrifter", "oppstartsselskaper", "bedrifter", "selskaper", "samarbeidet", "arbeid", "arbeidet",
		"taushetserklaering", "avtaler", "helse", "helsebedrifter")
	for _, tc := range []struct{ word, head, tail string }{
		{"forskningssamarbeid", "forskning", "samarbeid"}, // linking s
		{"videreutdanning", "videre", "utdanning"},
		{"oppstartsbedrifter", "oppstart", "bedrifter"}, // a head learnt from two compounds
		{"helsebedrifter", "helse", "bedrifter"},        // a head that is a word
		{"samarbeidet", "", ""},                         // "sam" is no word
		{"forskning", "", ""},
	} {
		h, tl, ok := nb.split(tc.word, nil)
		if ok != (tc.head != "") || h != tc.head || tl != tc.tail {
			t.Errorf("split(%q) = %q, %q, %v; want %q, %q", tc.word, h, tl, ok, tc.head, tc.tail)
		}
	}
	// A query may split off a head that only starts a word of the site, and
	// a tail known by its stem.
	nb.stemTails = true
	starts := func(h string) bool { return strings.HasPrefix("taushetserklaering", h) && h != "taushetserklaering" }
	if h, tl, ok := nb.split("taushetsavtale", starts); !ok || h != "taushet" || tl != "avtale" {
		t.Errorf("query split(taushetsavtale) = %q, %q, %v", h, tl, ok)
	}
	en := testSplitter("en", "health", "care", "healthcare", "post", "doctoral")
	if h, tl, ok := en.split("healthcare", nil); !ok || h != "health" || tl != "care" {
		t.Errorf("split(healthcare) = %q, %q, %v", h, tl, ok)
	}
	if _, _, ok := en.split("postdoc", nil); ok {
		t.Error("postdoc split, but doc is no word of the vocabulary")
	}
	if sp := testSplitter("fr", "maison"); sp != nil {
		t.Error("a splitter for a language without rules")
	}
	// Every compounding language splits at its own linking letters.
	for _, tc := range []struct {
		lang             string
		vocab            []string
		word, head, tail string
	}{
		{"sv", []string{"forskning", "samarbete"}, "forskningssamarbete", "forskning", "samarbete"},
		{"da", []string{"arbejde", "marked"}, "arbejdsmarked", "arbejd", "marked"},
		{"de", []string{"forschung", "vertrag"}, "forschungsvertrag", "forschung", "vertrag"},
		{"de", []string{"sonne", "schein"}, "sonnenschein", "sonne", "schein"},
		{"nl", []string{"onderzoek", "contract"}, "onderzoekscontract", "onderzoek", "contract"},
		{"nn", []string{"forsking", "avtale"}, "forskingsavtale", "forsking", "avtale"},
	} {
		sp := testSplitter(tc.lang, tc.vocab...)
		if h, tl, ok := sp.split(tc.word, nil); !ok || h != tc.head || tl != tc.tail {
			t.Errorf("%s: split(%q) = %q, %q, %v; want %q, %q", tc.lang, tc.word, h, tl, ok, tc.head, tc.tail)
		}
	}
}

func TestGlossary(t *testing.T) {
	gs := compileGlossary("en", [][]string{{"NDA", "non-disclosure agreement", "confidentiality agreement"}, {"licence", "license"}, {"only one"}})
	if len(gs) != 2 {
		t.Fatalf("groups = %+v, want 2 (a group of one phrase is no group)", gs)
	}
	want := [][]string{{"nda"}, {"non", "disclosur", "agreement"}, {"nondisclosur", "agreement"}, {"confidenti", "agreement"}}
	if gs[0].ID != "nda" || !slices.EqualFunc(gs[0].Phrases, want, slices.Equal) {
		t.Errorf("group 0 = %+v, want id nda, phrases %q", gs[0], want)
	}
	on := map[string]bool{"licens": true, "nda": true}
	if got := GlossaryUnused("en", [][]string{{"licence", "license"}, {"quantum", "qubits"}, {"NDA", "x"}}, func(w string) bool { return on[w] }); !slices.Equal(got, []int{1}) {
		t.Errorf("GlossaryUnused = %v, want [1]", got)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, w   string
		prefix bool
		want   int
	}{
		{"intership", "internship", false, 1},
		{"colaboration", "collaboration", false, 1},
		{"mentoirng", "mentoring", false, 1}, // a swap is one edit
		{"licencing", "licensing", false, 1},
		{"abc", "xyz", false, 2},            // over k=1: k+1
		{"intersh", "internships", true, 1}, // the start of a word
		{"sensor", "sensor", false, 0},
	} {
		if got := diag.DistanceWithin([]rune(tc.a), []rune(tc.w), 1, tc.prefix); got != tc.want {
			t.Errorf("DistanceWithin(%q, %q, prefix %v) = %d, want %d", tc.a, tc.w, tc.prefix, got, tc.want)
		}
	}
	if got := string(skeleton("microscopy")); got != "mikroskopi" {
		t.Errorf("skeleton(microscopy) = %q", got)
	}
	if got := string(skeleton("technology")); got != "teknologi" {
		t.Errorf("skeleton(technology) = %q", got)
	}
}

// TestCorrection checks Meilisearch's thresholds and the choice among
// candidates: the more frequent wins, a tie keeps the word as typed.
func TestCorrection(t *testing.T) {
	var vocab []vocabWord
	for w, df := range map[string]int{"internship": 9, "internal": 4, "collaboration": 12, "microscopy": 1, "sensor": 5,
		"sensors": 3, "costs": 2, "most": 40, "cores": 1, "cards": 3, "carts": 3, "laboratory": 2, "laboratorie": 2} {
		vocab = append(vocab, newVocabWord(w, df))
	}
	stop := map[string]bool{"most": true}
	for _, tc := range []struct {
		t     string
		open  bool
		want  string
		guess bool
	}{
		{"intership", false, "internship", false},
		{"intersh", true, "internship", false},
		{"colaboratoin", false, "collaboration", false}, // two edits in a word of nine letters or more
		{"sensr", false, "sensor", false},
		{"sensrs", false, "sensors", false},       // sensors is one edit away, sensor two
		{"sensos", false, "sensor", true},         // both one edit away: the more frequent, a guess
		{"mikroskop", false, "microscopy", false}, // a cognate
		{"laboratori", false, "", false},          // laboratory and laboratorie equally close and frequent: kept
		{"carks", false, "", false},               // cards and carts: a tie
		{"cost", false, "", false},                // four letters: never corrected
		{"core", false, "", false},
		{"mostt", false, "", false},    // never into a stop word
		{"intrship", false, "", false}, // eight letters: one edit only
		{"xyzzy", false, "", false},
	} {
		got, guess, ok := correction(tc.t, tc.open, vocab, stop)
		if got != tc.want || ok != (tc.want != "") || guess != tc.guess {
			t.Errorf("correction(%q) = %q, guess %v, ok %v; want %q, guess %v", tc.t, got, guess, ok, tc.want, tc.guess)
		}
	}
}
