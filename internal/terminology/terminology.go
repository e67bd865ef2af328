// Package terminology finds the words a site has chosen not to use: the
// substitution rules of site.yaml's terminology lists (use this term, not
// these variants), matched as whole words, whatever their case, in any
// script. A text is read once, word by word, whatever the number of rules:
// each word is looked up among the first words of every variant at once.
package terminology

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rule is one substitution: write Use, not any of Avoid.
type Rule struct {
	Use   string
	Avoid []string
	Note  string
}

// Match is a variant found in a text: the bytes Start:End of the text, the
// index of its rule, and the variant as the rule lists it.
type Match struct {
	Start, End int
	Rule       int
	Avoid      string
}

// Matcher finds the variants of a list of rules. It is safe for concurrent use.
type Matcher struct {
	rules []Rule
	first map[string][]*phrase // a variant's first word, folded -> the variants it starts, longest first
	// lens and starts say which lengths and first bytes the first words
	// have: most words of a text are neither, and are passed over
	// without a map lookup.
	lens   [64]bool // lengths in bytes (63 stands for 63 or more)
	starts [256]bool
}

// phrase is a variant read into words, as a text is read: its folded
// words and what separates them (" " for white space of any length,
// otherwise the separator itself, such as "-").
type phrase struct {
	words []string
	seps  []string
	rule  int
	text  string
}

// New prepares the rules for matching. Variants without a letter or digit
// match nothing and are left out (site.yaml's validation reports them).
func New(rules []Rule) *Matcher {
	m := &Matcher{rules: rules, first: map[string][]*phrase{}}
	for i, r := range rules {
		for _, a := range r.Avoid {
			p := parse(a)
			if len(p.words) == 0 {
				continue
			}
			p.rule, p.text = i, a
			w := p.words[0]
			m.first[w] = append(m.first[w], p)
			m.lens[min(len(w), 63)], m.starts[w[0]] = true, true
		}
	}
	for _, ps := range m.first {
		// The longest variant wins where two start alike: "internship
		// programme" is reported as itself, not as "internship".
		slices.SortStableFunc(ps, func(a, b *phrase) int { return len(b.words) - len(a.words) })
	}
	return m
}

// Rules returns the rules the matcher was made from.
func (m *Matcher) Rules() []Rule { return m.rules }

// Empty reports whether there is nothing to find.
func (m *Matcher) Empty() bool { return m == nil || len(m.first) == 0 }

// FindString is Find for a string.
func (m *Matcher) FindString(text string, found func(Match)) {
	if !m.Empty() {
		m.Find([]byte(text), found)
	}
}

// Find calls found for every variant in text, in order, none overlapping.
func (m *Matcher) Find(text []byte, found func(Match)) {
	if m.Empty() {
		return
	}
	var buf []byte
	for i := 0; ; {
		var s, e int
		s, e, buf = nextWord(text, i, buf[:0])
		if s < 0 {
			return
		}
		i = e
		if !m.lens[min(len(buf), 63)] || !m.starts[buf[0]] {
			continue
		}
		for _, p := range m.first[string(buf)] {
			if end, ok := p.matchRest(text, e); ok {
				found(Match{Start: s, End: end, Rule: p.rule, Avoid: p.text})
				i = end
				break
			}
		}
	}
}

// matchRest matches the phrase's words after its first, which ends at
// pos in text, and returns where the phrase ends.
func (p *phrase) matchRest(text []byte, pos int) (int, bool) {
	var buf []byte
	for k := 1; k < len(p.words); k++ {
		var s, e int
		s, e, buf = nextWord(text, pos, buf[:0])
		if s < 0 || separator(string(text[pos:s])) != p.seps[k-1] || string(buf) != p.words[k] {
			return 0, false
		}
		pos = e
	}
	return pos, true
}

// parse reads a variant into words as Find reads a text.
func parse(str string) *phrase {
	s := []byte(str)
	p := &phrase{}
	var buf []byte
	for i, prev := 0, -1; ; {
		var st, e int
		st, e, buf = nextWord(s, i, buf[:0])
		if st < 0 {
			return p
		}
		if prev >= 0 {
			p.seps = append(p.seps, separator(string(s[prev:st])))
		}
		p.words = append(p.words, string(buf))
		prev, i = e, e
	}
}

// Key is the form two spellings of one phrase share: its words folded,
// as Find compares them. Rules that give two variants one key repeat
// themselves.
func Key(s string) string {
	p := parse(s)
	var b strings.Builder
	for i, w := range p.words {
		if i > 0 {
			b.WriteString(p.seps[i-1])
		}
		b.WriteString(w)
	}
	return b.String()
}

// HasWord reports whether s holds a letter or a digit: a phrase of
// punctuation alone is no word.
func HasWord(s string) bool { return strings.IndexFunc(s, isWordRune) >= 0 }

// separator is what stands between two words, as a phrase compares it:
// white space of any length and kind (a line break within a paragraph) is
// one space; anything else is itself without the space around it.
func separator(gap string) string {
	t := strings.TrimSpace(gap)
	if t == "" {
		return " "
	}
	return strings.Join(strings.Fields(t), " ")
}

// isWordRune reports whether r belongs to a word: letters and digits of
// every script, and the marks that combine with them.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// asciiWord and asciiFold are the byte tables of the common case.
var asciiWord, asciiFold [128]byte

func init() {
	for c := 0; c < 128; c++ {
		switch {
		case 'a' <= c && c <= 'z':
			asciiWord[c], asciiFold[c] = 1, byte(c-'a'+'A')
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			asciiWord[c], asciiFold[c] = 1, byte(c)
		}
	}
}

// nextWord finds the first word of text at or after i: its bounds, and
// the word folded (appended to buf); s is -1 when there is none.
func nextWord(text []byte, i int, buf []byte) (s, e int, folded []byte) {
	s = -1
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			// Bytes of the ASCII range are read by table: most of most
			// texts, and the cost of the lint.
			if asciiWord[c] == 0 {
				if s >= 0 {
					return s, i, buf
				}
				i++
				continue
			}
			if s < 0 {
				s = i
			}
			buf = append(buf, asciiFold[c])
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if !isWordRune(r) {
			if s >= 0 {
				return s, i, buf
			}
			i += size
			continue
		}
		if s < 0 {
			s = i
		}
		buf = utf8.AppendRune(buf, fold(r))
		i += size
	}
	if s < 0 {
		return -1, -1, buf
	}
	return s, len(text), buf
}

// foldTable holds fold for the letters of the Latin, Greek and Cyrillic
// blocks, which most words of most sites are written in.
var foldTable [0x800]rune

func init() {
	for r := range rune(len(foldTable)) {
		foldTable[r] = slowFold(r)
	}
}

// fold is the letter every letter that folds with r folds to (simple
// Unicode case folding, as strings.EqualFold): the smallest of them, so
// that "a" and "A" both give "A", and "ø" and "Ø" both give "Ø".
func fold(r rune) rune {
	if r < rune(len(foldTable)) {
		return foldTable[r]
	}
	return slowFold(r)
}

func slowFold(r rune) rune {
	min := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < min {
			min = f
		}
	}
	return min
}
