package search

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Forskning", "forskning"},
		{"Østersjø", "ostersjo"},
		{"Ærlig Åpen", "aerlig apen"},
		{"BÆRUM", "baerum"},
		{"Ås", "as"},
		{"café Señor naïve", "cafe senor naive"},
		{"Straße", "strasse"},
		{"Łódź", "lodz"},
		{"ΟΔΟΣ", "οδοσ"}, // final sigma folds like the medial one, as in JS
		{"日本語", "日本語"},
		{"a-b_c", "a-b_c"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestFoldIn: each language keeps the letters of its own alphabet and
// folds every other diacritic; a language with none folds as Fold does.
func TestFoldIn(t *testing.T) {
	for _, tc := range []struct{ lang, in, want string }{
		{"nb", "Mål Lån Ærlig Øst", "mål lån ærlig øst"},
		{"nb", "idé Café", "ide cafe"},    // not letters of their own in Norwegian
		{"nb", "ma\u030al", "mål"},        // a ring written apart is composed first
		{"nb-NO", "Tønsberg", "tønsberg"}, // a region's code uses its language's letters
		{"nn", "Kvifor på", "kvifor på"},
		{"da", "Ålborg Ø", "ålborg ø"},
		{"sv", "Åsa Ärlig Östra Øre", "åsa ärlig östra ore"},
		{"fi", "Hyvää Päivää", "hyvää päivää"},
		{"et", "Õun Äri", "õun äri"},
		{"de", "Straße Übung Äpfel", "strasse ubung apfel"}, // folded on purpose: letters.go
		{"en", "Mål Ærlig", "mal aerlig"},
		{"is", "Þór Ðað Æsa", "þór ðað æsa"},
		{"tr", "Işık Ğ Çay", "işık ğ çay"},
		{"hu", "Őr Ül Ár", "őr ül ár"},
		{"es", "Año Canción", "año cancion"},
		{"ru", "Йод Ёж", "йод еж"},
		{"en", "Йод", "иод"},
		{"xx", "Mål", "mal"}, // a language the table lacks keeps nothing
	} {
		if got := FoldIn(tc.lang, tc.in); got != tc.want {
			t.Errorf("FoldIn(%s, %q) = %q, want %q", tc.lang, tc.in, got, tc.want)
		}
		if got := strings.Join(TokenizeIn(tc.lang, tc.in), " "); got != tc.want {
			t.Errorf("TokenizeIn(%s, %q) = %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
}

// TestKeptLetters: the table holds lower-case letters only, each a letter
// of its own (not a base letter with a mark Fold would keep anyway), and
// the languages that share a Snowball algorithm keep the same letters, so
// its stop list folds one way.
func TestKeptLetters(t *testing.T) {
	for lang, keep := range keptLetters {
		for _, r := range keep {
			if !unicode.IsLower(r) || Fold(string(r)) == string(r) {
				t.Errorf("%s: %q is not a lower-case letter that Fold changes", lang, r)
			}
		}
	}
	for code, a := range algorithms {
		if KeptLetters(code) != keptOfAlgorithm(a.name) {
			t.Errorf("%s keeps %q, another language of %s keeps %q", code, KeptLetters(code), a.name, keptOfAlgorithm(a.name))
		}
	}
}

// TestAlike: a word typed without the language's letters is read as the
// site's word with them; a word typed with them, or with several equally
// likely spellings, is left alone.
func TestAlike(t *testing.T) {
	var words []vocabWord
	for w, df := range map[string]int{"tønsberg": 2, "lån": 3, "lånet": 1, "mål": 2, "mal": 1, "møte": 4, "mote": 1, "bære": 1, "børe": 1, "på": 9, "ærø": 1, "aerø": 1, "sjø": 1} {
		words = append(words, newVocabWord(w, df))
	}
	stop := map[string]bool{"på": true}
	for _, tc := range []struct{ typed, want string }{
		{"tonsberg", "tønsberg"},
		{"tonsb", "tønsb"}, // the start of a word being typed
		{"lan", "lån"},     // "lån" and "lånet" start alike: one spelling
		{"mal", "mål"},     // alike does not know "mal" is a word: understand asks first
		{"mote", "møte"},
		{"baere", "bære"}, // æ typed as ae
		{"bare", ""},      // "bære" would need "bae"; "børe" is one letter away: no
		{"mål", ""},       // typed with the letter: kept as typed
		{"pa", ""},        // a stop word is never the answer
		{"aero", ""},      // "ærø" and "aerø", equally frequent: a tie keeps it
		{"sj", ""},        // the start typed needs none of the letters
		{"xyz", ""},
	} {
		got, _, ok := alike(tc.typed, words, stop)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("alike(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Sensor licensing!", "sensor licensing"},
		{"  spin-off, R&D 2024 ", "spin off r d 2024"},
		{"Østersjø-stasjonen", "ostersjo stasjonen"},
		{"mikroskopi\u00a0og\tbiologi", "mikroskopi og biologi"},
		{"e\u0301tude", "etude"}, // combining accent, not precomposed
		{"🙂🙂 ?? ..", ""},
		{"", ""},
		{strings.Repeat("x", 100), strings.Repeat("x", MaxTokenRunes)},
	} {
		if got := strings.Join(Tokenize(tc.in), " "); got != tc.want {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	en := stopWordsOf("en")
	for _, tc := range []struct{ in, want string }{
		{"sensor licensing", "sensor* licensing*"},
		{"the sensor", "sensor*"},
		{"the", "the*"}, // still being typed: may become "theory"
		{"the ", ""},    // finished stop word: nothing to search
		{"x", ""},       // being typed: too short to search yet
		{"x ", ""},      // submitted: a single letter alone is never searched
		{"a b a b", ""}, // "a" is a stop word, "b" a single letter
		{"?? !!", ""},
		// A word just begun after another waits for its third letter.
		{"sensor l", "sensor*"},
		{"sensor li", "sensor*"},
		{"sensor lic", "sensor* lic*"},
		{"sensor l ", "sensor*"},
		{"li", ""},
		{"li ", "li*"},
		{"the l", ""},
		{strings.Repeat("word ", 100), "word*"},
	} {
		var parts []string
		for _, q := range parseQuery(tc.in, "", bareStopSet(en)) {
			s := q.text
			if q.prefix {
				s += "*"
			}
			parts = append(parts, s)
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("parseQuery(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestUTF16Order(t *testing.T) {
	// JavaScript compares strings by UTF-16 unit: U+FF21 sorts after U+1F600.
	if !keyLess(utf16Key("\U0001F600"), utf16Key("\uFF21")) {
		t.Error("supplementary character should sort before U+FF21")
	}
	if !keyLess(utf16Key("ab"), utf16Key("abc")) || keyLess(utf16Key("b"), utf16Key("abc")) {
		t.Error("plain ordering broken")
	}
}

// FuzzTokenize checks the invariants the shard format and search.js rely on:
// tokens are non-empty, bounded, folded (folding again changes nothing) and
// contain only letters and digits.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Østersjø", "sensor licensing", "e\u0301", "ǅemal", "ΣΑΣ", "İstanbul", "\xff\xfe", "ﬁne"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokenize(s) {
			if tok == "" || utf8.RuneCountInString(tok) > MaxTokenRunes || !utf8.ValidString(tok) {
				t.Fatalf("bad token %q from %q", tok, s)
			}
			for _, r := range tok {
				if !isWordRune(r) {
					t.Fatalf("token %q from %q has non-word rune %q", tok, s, r)
				}
				// Some symbols are letters without a lower case (ϒ from ϓ): check
				// only that ASCII is lower case and that folding is a fixed point.
				if 'A' <= r && r <= 'Z' {
					t.Fatalf("token %q from %q is not lower case", tok, s)
				}
			}
			if Fold(tok) != tok {
				t.Fatalf("token %q from %q changes when folded again: %q", tok, s, Fold(tok))
			}
		}
		// Folding is idempotent, so a query typed in folded form finds the same terms.
		if a, b := Tokenize(s), Tokenize(Fold(s)); strings.Join(a, " ") != strings.Join(b, " ") {
			t.Fatalf("Tokenize(%q) = %q but Tokenize(Fold) = %q", s, a, b)
		}
	})
}
