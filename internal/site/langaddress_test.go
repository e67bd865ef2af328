package site

import (
	"testing"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
)

// SplitLang reads back what Prefix writes, for any default language and
// language codes, and never takes a path segment that merely starts like a
// language's code for its prefix.
func TestSplitLangInvertsPrefix(t *testing.T) {
	cfg := &config.Config{Languages: []config.Language{{Code: "sv"}, {Code: "en"}, {Code: "se"}}}
	for _, tc := range []struct{ u, lang, rest string }{
		{"/", "sv", "/"},
		{"/tjanster/x/", "sv", "/tjanster/x/"},
		{"/en/", "en", "/"},
		{"/en", "en", "/"},
		{"/en/tjanster/page/2/", "en", "/tjanster/page/2/"},
		{"/se/om/", "se", "/om/"},
		{"/sv/x/", "sv", "/sv/x/"}, // the default language has no prefix: /sv/ is a path of its own
		{"/english/", "sv", "/english/"},
		{"/nb/x/", "sv", "/nb/x/"}, // not a language of this site
	} {
		lang, rest := SplitLang(cfg, tc.u)
		if lang != tc.lang || rest != tc.rest {
			t.Errorf("SplitLang(%q) = %q, %q; want %q, %q", tc.u, lang, rest, tc.lang, tc.rest)
		}
		if tc.lang != "sv" || tc.u == "/" {
			if back := Prefix(lang, "sv") + rest; back != tc.u && back != tc.u+"/" {
				t.Errorf("Prefix(%q) + %q = %q, want %q", lang, rest, back, tc.u)
			}
		}
	}
	if got := HomeURL(cfg, "en"); got != "/en/" {
		t.Errorf("HomeURL(en) = %q", got)
	}
	if got := HomeURL(cfg, "sv"); got != "/" {
		t.Errorf("HomeURL(sv) = %q", got)
	}
}

// The contact, search and thank-you pages are where their files and url:
// put them; the fixed paths are used only when a site has no such page.
func TestStandalonePagesByLayout(t *testing.T) {
	cfg := &config.Config{Languages: []config.Language{{Code: "nb"}, {Code: "en"}}}
	page := func(slug, layout, url, lang string) *content.Page {
		return &content.Page{Kind: content.Standalone, Slug: slug, Layout: layout, URLPath: url, Lang: lang}
	}
	s := link(cfg, []*content.Page{
		page("kontakt", ContactLayout, "", "nb"), page("kontakt", ContactLayout, "", "en"),
		page("sok", SearchLayout, "/finn/", "nb"), page("sok", SearchLayout, "/finn/", "en"),
		page("takk", ThanksLayout, "/kontakt/mottatt/", "nb"),
	})
	for _, tc := range []struct{ lang, contact, search, thanks string }{
		{"nb", "/kontakt/", "/finn/", "/kontakt/mottatt/"},
		{"en", "/en/kontakt/", "/en/finn/", "/en/kontakt/mottatt/"}, // the Norwegian page, as a fallback
	} {
		l := s.Lang(tc.lang)
		if got := [3]string{l.ContactURL(), l.SearchURL(), l.ThanksURL()}; got != [3]string{tc.contact, tc.search, tc.thanks} {
			t.Errorf("%s: contact, search, thanks = %q, want %q", tc.lang, got, [3]string{tc.contact, tc.search, tc.thanks})
		}
	}
	bare := link(cfg, nil).Lang("en")
	if got := [3]string{bare.ContactURL(), bare.SearchURL(), bare.ThanksURL()}; got != [3]string{"/en" + ContactPath, "/en" + SearchPath, "/en" + ThanksPath} {
		t.Errorf("a site without those pages: %q", got)
	}
}
