package theme

import (
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// FileSize is a document's size for readers of the view's language: "24
// KB", "1.2 MB" ("1,2 MB" in Norwegian: the decimal mark is the locale's,
// from CLDR through x/text). Small files round up, so none shows as 0 KB.
func (v *View) FileSize(n int64) string {
	p := message.NewPrinter(language.Make(v.Lang.Code))
	switch {
	case n < 1000*1000:
		return p.Sprintf("%d KB", (n+999)/1000)
	case n < 10*1000*1000:
		return p.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return p.Sprintf("%d MB", (n+500*1000)/(1000*1000))
}
