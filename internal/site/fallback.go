package site

import (
	"sort"

	"github.com/uio-partner/portal/internal/content"
)

// Fallback is a page shown at the address of a language it has no
// translation into, in its original's text.
type Fallback struct {
	File string // the original, e.g. content/offerings/talent.md
	Lang string // the language of the address, e.g. nb
}

// Fallbacks lists the site's fallback pages, in language and file order.
func (s *Site) Fallbacks() []Fallback {
	var out []Fallback
	for _, l := range s.Langs {
		for _, list := range [][]*Page{l.Pages, l.Standalone} {
			for _, r := range list {
				if r.Fallback {
					out = append(out, Fallback{File: r.File, Lang: l.Code})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Lang != out[j].Lang {
			return out[i].Lang < out[j].Lang
		}
		return out[i].File < out[j].File
	})
	return out
}

// SwapSources points the site's pages at replacement sources (an edited
// page whose front matter is unchanged) and returns a function that points
// them back: nothing else of the linked site changes, and relinking 13,000
// pages would cost more than rendering the one.
func (s *Site) SwapSources(repl map[*content.Page]*content.Page) (undo func()) {
	type swapped struct {
		ref *Page
		old *content.Page
	}
	var done []swapped
	swap := func(r *Page) {
		if r == nil {
			return
		}
		if n, ok := repl[r.Page]; ok && n != nil {
			done = append(done, swapped{r, r.Page})
			r.setSource(n)
		}
	}
	for _, l := range s.Langs {
		swap(l.Home)
		for _, sec := range l.Sections {
			swap(sec.Intro)
		}
		for _, list := range [][]*Page{l.Pages, l.Standalone} {
			for _, r := range list {
				swap(r)
			}
		}
	}
	return func() {
		for _, d := range done {
			d.ref.setSource(d.old)
		}
	}
}
