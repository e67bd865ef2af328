package contacthttp_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/theme"
)

// The pages behind the links in the units' mails are written with the
// theme strings of the site's default language, whatever it is, and say
// so in their html lang: here Swedish (testdata/sv-en), never a fixed
// English.
func TestLinkPagesSpeakTheDefaultLanguage(t *testing.T) {
	cfg, err := config.Load("../testdata/sv-en")
	if err != nil {
		t.Fatal(err)
	}
	texts, err := theme.LoadStrings("../testdata/sv-en", cfg)
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	m := contact.NewMailer(cfg, texts, contact.NewKeyring([]byte("sv-en-test-key-sv-en-test-key-sv-en-test"), nil), "")
	links := contacthttp.NewLinks(store, m, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	mux := http.NewServeMux()
	mux.Handle(contacthttp.LinksPath+"{id}/{action}", links)

	for _, c := range []struct {
		path   string
		status int
		want   []string
	}{
		{contacthttp.LinksPath + "x/claim", 403, []string{`<html lang="sv">`, "<title>Den här länken kan inte användas</title>", "Länken saknar sin nyckel."}},
		{contacthttp.LinksPath + "x/other?token=t", 404, []string{`<html lang="sv">`, "Sidan finns inte. Använd länkarna i mejlet."}},
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.path, nil))
		body := rec.Body.String()
		if rec.Code != c.status {
			t.Errorf("%s: status %d, want %d", c.path, rec.Code, c.status)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: page lacks %q:\n%s", c.path, w, body)
			}
		}
	}
}
