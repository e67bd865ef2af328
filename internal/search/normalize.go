package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxTokenRunes caps a token's length. Longer words are cut, and the query side
// cuts the same way and matches by prefix, so a 10,000-letter "word" costs one
// short term instead of bloating a shard.
const MaxTokenRunes = 32

// special folds letters that Unicode does not decompose into a base letter and a
// mark, for the languages that do not keep them (keptLetters): "ø" is "o" in
// an English index. search.js holds the same table (FOLD) and must stay in
// step.
var special = map[rune]string{
	'æ': "ae", 'ø': "o", 'œ': "oe", 'ß': "ss", 'đ': "d", 'ð': "d",
	'ł': "l", 'þ': "th", 'ı': "i", 'ς': "σ", 'ħ': "h", 'ŧ': "t",
}

// latin caches the folding of the first 0x250 code points (Latin-1 and Latin
// Extended A/B), which is nearly all the non-ASCII text this site has, so the
// hot loop never calls the normaliser. It is a variable's initialiser, not
// an init func, so that the stop lists, folded as they are read, come after it.
var latin = func() (t [0x250]string) {
	for r := rune(0x80); r < 0x250; r++ {
		t[r] = foldSlow(r)
	}
	return t
}()

// foldSlow lower-cases r, decomposes it (NFD) and drops combining marks, which
// mirrors JavaScript's s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").
func foldSlow(r rune) string {
	r = unicode.ToLower(r)
	if s, ok := special[r]; ok {
		return s
	}
	var b strings.Builder
	for _, c := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Me, c) || unicode.Is(unicode.Mc, c) {
			continue
		}
		if s, ok := special[c]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// foldRune returns the folded form of r; see Fold.
func foldRune(r rune) string {
	if r < 0x250 {
		return latin[r]
	}
	return foldSlow(r)
}

// Fold normalises s for matching in no language in particular: lower case,
// diacritics removed, æ→ae, ø→o, å→a, so "Østersjø" and "ostersjo" compare
// equal. Non-letters are kept. FoldIn folds for one language.
func Fold(s string) string { return FoldIn("", s) }

// FoldIn normalises s for matching in language lang: as Fold, except that
// the letters of lang's alphabet (KeptLetters) are kept, lower-cased, so
// that in Norwegian "mål" (goal) is not "mal" (template).
func FoldIn(lang, s string) string {
	keep := KeptLetters(lang)
	s = composed(keep, s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		if l, ok := kept(keep, r); ok {
			b.WriteRune(l)
			continue
		}
		b.WriteString(foldRune(r))
	}
	return b.String()
}

// kept returns r lower-cased and true when it is one of the letters keep.
func kept(keep string, r rune) (rune, bool) {
	if keep == "" {
		return r, false
	}
	l := unicode.ToLower(r)
	return l, strings.ContainsRune(keep, l)
}

// composed returns s in NFC when the language keeps letters, so that an
// "å" written as "a" and a combining ring (as macOS files and pastes may
// have it) is kept like the precomposed one. search.js does the same.
func composed(keep, s string) string {
	if keep == "" || norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// isWordRune says whether r belongs to a token: letters and digits, as the
// JavaScript pattern /[\p{L}\p{N}]+/u does.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// eachToken calls fn with every folded token of s, in order, cut to
// MaxTokenRunes. The token bytes are only valid during the call, which lets the
// indexer count words without allocating a string per word. ASCII, nearly all
// of the text, takes a closure-free fast path: this loop is most of the cost
// of indexing.
func eachToken(keep, s string, fn func(tok []byte)) { eachTokenJoined(keep, s, fn, nil) }

// isHyphen reports whether r joins the words on either side into one:
// "spin-off" is also "spinoff" (hyphen-minus, hyphen, non-breaking hyphen).
func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// wordAt reports whether a word rune starts at s[i].
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// eachTokenJoined is eachToken that also calls join, when it is not nil,
// with the words of every hyphenated run written as one ("spin-off" gives
// spin, off and then spinoff), so that "spinoff", "spin-off" and "spin off"
// find each other. The joined word is cut to MaxTokenRunes too. keep are
// the letters the language keeps (KeptLetters).
func eachTokenJoined(keep, s string, fn func(tok []byte), join func(joined []byte)) {
	eachTokenIn(new(tokenBuffers), keep, s, fn, join)
}

// tokenBuffers hold the token and the hyphenated run being read. The
// indexer keeps one per scratch space: made per call, they escape (fn sees
// them) and cost an allocation per field and heading of every page.
type tokenBuffers struct {
	tok, chain [4 * MaxTokenRunes]byte
}

// eachTokenIn is eachTokenJoined with its buffers in bufs.
func eachTokenIn(bufs *tokenBuffers, keep, s string, fn func(tok []byte), join func(joined []byte)) {
	s = composed(keep, s)
	tok, chain := bufs.tok[:0], bufs.chain[:0]
	n, chainN, parts := 0, 0, 0 // runes in tok and chain, tokens in chain
	// flush ends the current token; hyphen says the run goes on after it.
	flush := func(hyphen bool) {
		fn(tok)
		// Only a hyphenated run is copied: most words are not in one.
		if join != nil && (hyphen || parts > 0) {
			for _, r := range string(tok) {
				if chainN < MaxTokenRunes {
					chain = utf8.AppendRune(chain, r)
					chainN++
				}
			}
			parts++
			if !hyphen {
				join(chain)
				chain, chainN, parts = chain[:0], 0, 0
			}
		}
		tok, n = tok[:0], 0
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				if len(tok) > 0 {
					flush(c == '-' && wordAt(s, i))
				}
				continue
			}
			if n < MaxTokenRunes {
				tok = append(tok, c)
				n++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if l, ok := kept(keep, r); ok {
			if n < MaxTokenRunes {
				tok = utf8.AppendRune(tok, l)
				n++
			}
			continue
		}
		for _, f := range foldRune(r) {
			if !isWordRune(f) {
				if len(tok) > 0 {
					flush(isHyphen(r) && wordAt(s, i))
				}
			} else if n < MaxTokenRunes {
				tok = utf8.AppendRune(tok, f)
				n++
			}
		}
	}
	if len(tok) > 0 {
		flush(false)
	}
}

// Tokenize returns the tokens of s in order, folded in no language in
// particular (Fold), stop words included.
func Tokenize(s string) []string { return TokenizeIn("", s) }

// TokenizeIn returns the tokens of s in order, folded for language lang
// (FoldIn), stop words included; it is what lang's index and its search box
// both see of a text.
func TokenizeIn(lang, s string) []string { return tokensKeeping(KeptLetters(lang), s) }

// tokensKeeping returns the tokens of s in order, folded except for the
// letters in keep (KeptLetters), stop words included.
func tokensKeeping(keep, s string) []string {
	var out []string
	eachToken(keep, s, func(t []byte) { out = append(out, string(t)) })
	return out
}

// NormalizeQuery is a query as the report of searches that found nothing
// keeps it: its words folded for language lang, one space apart, at most as
// many words and characters as a search uses.
func NormalizeQuery(lang, q string) string {
	toks := TokenizeIn(lang, q)
	if len(toks) > maxQueryTokens {
		toks = toks[:maxQueryTokens]
	}
	s := strings.Join(toks, " ")
	if utf8.RuneCountInString(s) > maxQueryRunes {
		s = strings.TrimSpace(string([]rune(s)[:maxQueryRunes]))
	}
	return s
}
