package search

import (
	"strings"
	"testing"
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
		for _, q := range parseQuery(tc.in, en) {
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
