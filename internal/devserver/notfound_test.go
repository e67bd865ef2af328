package devserver

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// The preview answers a missing address with the 404 page of the language
// the site model says the address is in: on a site with Norwegian at / and
// English at /en/, /en/x/ gets the English page, and /nb/x/ and /x/ the
// Norwegian one (nb has no prefix there).
func TestNotFoundPageInTheAddressLanguage(t *testing.T) {
	s, hs := newServer(t, sitetest.FixtureArchive(t, "addresses"))
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	for path, lang := range map[string]string{"/en/nope/": "en", "/nope/": "nb", "/nb/nope/": "nb"} {
		code, body := get(t, hs.URL+path)
		if code != http.StatusNotFound || !strings.Contains(body, `<html lang="`+lang+`"`) {
			head, _, _ := strings.Cut(body, "<head")
			t.Errorf("GET %s: %d %q, want 404 in %s", path, code, head, lang)
		}
	}
}
