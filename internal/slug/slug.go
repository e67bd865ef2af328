// Package slug is the one rule that turns text into the part of an address
// a reader can type: page and term addresses, picture names and heading ids
// (anchors) all follow it, so a link made one way finds what another made.
package slug

import "strings"

// Make turns a title, term or heading into a URL-safe slug: lower-case
// ASCII letters, digits and single dashes; Norwegian and other Latin
// letters are transliterated, so none is lost ("Økt samarbeid" →
// "okt-samarbeid", "Når du trenger en" → "nar-du-trenger-en").
func Make(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if t, ok := translit[r]; ok {
			if b.Len() > 0 && dash {
				b.WriteByte('-')
			}
			dash = false
			b.WriteString(t)
			continue
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if b.Len() > 0 && dash {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

var translit = map[rune]string{
	'æ': "ae", 'ø': "o", 'å': "a", 'ä': "a", 'ö': "o", 'ü': "u", 'ß': "ss",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'á': "a", 'à': "a", 'â': "a", 'ã': "a",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o",
	'ú': "u", 'ù': "u", 'û': "u", 'ç': "c", 'ñ': "n", 'ý': "y", 'ÿ': "y", 'š': "s",
	'ž': "z", 'č': "c", 'ł': "l", 'đ': "d", 'þ': "th", 'ð': "d",
}
