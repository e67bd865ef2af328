package terminology

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFind(t *testing.T) {
	m := New([]Rule{
		{Use: "praksisplass", Avoid: []string{"internship", "internshipprogram"}},
		{Use: "TTO", Avoid: []string{"Technology Transfer Office"}},
		{Use: "e-post", Avoid: []string{"e-mail", "mail"}},
		{Use: "straße", Avoid: []string{"STRASSE"}},
		{Use: "øl", Avoid: []string{"Ølen"}},
	})
	for _, tc := range []struct {
		text string
		want []string // matched text and the variant it is
	}{
		{"Søk en internship hos oss", []string{"internship=internship"}},
		{"INTERNSHIP, Internship og internship.", []string{"INTERNSHIP=internship", "Internship=internship", "internship=internship"}},
		// Whole words only: a longer word is another word unless listed.
		{"internships og internshipene", nil},
		{"internshipprogram", []string{"internshipprogram=internshipprogram"}},
		// A hyphen separates words: the first part is a word of its own.
		{"internship-avtale", []string{"internship=internship"}},
		// A phrase matches across any white space, a line break too.
		{"our technology\n  transfer   Office helps", []string{"technology\n  transfer   Office=Technology Transfer Office"}},
		{"technology-transfer office", nil},
		{"send en e-mail eller mail", []string{"e-mail=e-mail", "mail=mail"}},
		{"e - mail", []string{"e - mail=e-mail"}},
		// Case is folded in every script.
		{"ØLEN og ølen", []string{"ØLEN=Ølen", "ølen=Ølen"}},
		{"Strasse", []string{"Strasse=STRASSE"}},
		{"", nil},
	} {
		var got []string
		m.FindString(tc.text, func(mt Match) { got = append(got, tc.text[mt.Start:mt.End]+"="+mt.Avoid) })
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Find(%q) (-want, +got):\n%s", tc.text, diff)
		}
	}
}

func TestLongestVariantFirst(t *testing.T) {
	m := New([]Rule{{Use: "a", Avoid: []string{"internship"}}, {Use: "b", Avoid: []string{"internship programme"}}})
	var got []string
	m.FindString("an internship programme", func(mt Match) { got = append(got, fmt.Sprint(mt.Rule, " ", mt.Avoid)) })
	if diff := cmp.Diff([]string{"1 internship programme"}, got); diff != "" {
		t.Errorf("(-want, +got):\n%s", diff)
	}
}

func TestKey(t *testing.T) {
	for _, pair := range [][2]string{{"Technology  Transfer office", "technology transfer Office"}, {"Ølen", "øLEN"}, {"e-mail", "E - Mail"}} {
		if Key(pair[0]) != Key(pair[1]) {
			t.Errorf("Key(%q) = %q, Key(%q) = %q, want equal", pair[0], Key(pair[0]), pair[1], Key(pair[1]))
		}
	}
	if Key("e-mail") == Key("e mail") {
		t.Errorf("Key(e-mail) = Key(e mail): a hyphen is not a space")
	}
	if HasWord(" - ") || !HasWord("ø") {
		t.Error("HasWord")
	}
}

func BenchmarkFind(b *testing.B) {
	var rules []Rule
	for i := range 50 {
		rules = append(rules, Rule{Use: fmt.Sprint("word", i), Avoid: []string{fmt.Sprint("avoid", i), fmt.Sprint("two words", i)}})
	}
	m := New(rules)
	text := strings.Repeat("Samarbeid med Universitetet i Oslo gir bedriften din tilgang til forskere, studenter og laboratorier. ", 100)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		m.Find([]byte(text), func(Match) {})
	}
}

// FuzzFind: whatever the text and the variant, matches are within the
// text, in order, never overlapping, start and end at word boundaries,
// and read as the variant does.
func FuzzFind(f *testing.F) {
	for _, seed := range [][2]string{{"internship", "Et INTERNSHIP-program"}, {"Technology Transfer Office", "technology\n transfer office"}, {"ø", "Ø ø\xff ø"}, {"a-b", "a - b a-b"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, variant, text string) {
		m := New([]Rule{{Use: "x", Avoid: []string{variant}}})
		last := 0
		m.FindString(text, func(mt Match) {
			if mt.Start < last || mt.End <= mt.Start || mt.End > len(text) {
				t.Fatalf("match %d:%d after %d in %q", mt.Start, mt.End, last, text)
			}
			if Key(text[mt.Start:mt.End]) != Key(variant) {
				t.Fatalf("%q matched as %q", text[mt.Start:mt.End], variant)
			}
			if s, _, _ := nextWord([]byte(text), mt.Start, nil); s != mt.Start {
				t.Fatalf("match at %d does not start a word in %q", mt.Start, text)
			}
			last = mt.End
		})
	})
}
