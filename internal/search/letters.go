package search

import "strings"

// keptLetters are, by language code, the letters with a diacritic (or no
// decomposition at all) that the language's alphabet has as letters of
// their own, lower case: the letters of CLDR's main exemplar set
// (common/main/<lang>.xml, exemplarCharacters) that CLDR's collation for
// the language sorts as separate letters rather than as an accented a, o
// or u. Search keeps them apart in that language's index and queries, so
// that in Norwegian "mål" (goal) is not "mal" (template), and folds every
// other diacritic ("idé" is "ide"). The Snowball stemmers of these
// languages expect the letters too (Norwegian, Danish and Swedish have
// suffix rules with them). No Go library ships CLDR's exemplar sets
// (golang.org/x/text has collation, not exemplars; go-playground/locales
// has neither), so they are written out here.
//
// German is not listed: German search conventionally folds ä, ö, ü and ß
// (ae, oe, ue and ss are the spellings without them, and Lucene's
// GermanNormalizationFilter folds them), CLDR's German collation sorts ä
// as a variant of a, and the German Snowball stemmer itself ends by
// removing the umlauts. French, Italian, Portuguese, Dutch, Irish and
// English accents are variants of their letters too.
var keptLetters = map[string]string{
	"nb": "æøå", "nn": "æøå", "no": "æøå", "da": "æøå",
	"sv": "åäö",
	"fi": "šžåäö",
	"et": "šžõäöü",
	"is": "áðéíóúýþæö",
	"fo": "áðíóúýæø",
	"hu": "áéíóöőúüű",
	"tr": "çğıöşü",
	"ro": "ăâîșțşţ", // ș and ț, and the cedilla forms still in use
	"es": "ñ",
	"pl": "ąćęłńóśźż",
	"cs": "áčďéěíňóřšťúůýž",
	"sk": "áäčďéíĺľňóôŕšťúýž",
	"sl": "čšž",
	"hr": "čćđšž", "bs": "čćđšž",
	"lv": "āčēģīķļņšūž",
	"lt": "ąčęėįšųūž",
	"ru": "й", // ё is written е as often as not, and Snowball's Russian folds it so
	"uk": "їй",
	"be": "ёйў",
	"bg": "й",
}

// KeptLetters returns the letters language code lang keeps when folding
// (keptLetters), by its code or its first part ("nb" for "nb-NO"); ""
// when it keeps none. The manifest carries them to search.js.
func KeptLetters(lang string) string {
	if k, ok := keptLetters[lang]; ok {
		return k
	}
	if i := strings.IndexByte(lang, '-'); i > 0 {
		return keptLetters[lang[:i]]
	}
	return ""
}

// keptOfAlgorithm returns the letters kept by the languages of Snowball
// algorithm name, for folding its stop list (the languages of one
// algorithm keep the same letters: TestKeptLettersByAlgorithm).
func keptOfAlgorithm(name string) string {
	for code, a := range algorithms {
		if a.name == name {
			return KeptLetters(code)
		}
	}
	return ""
}
