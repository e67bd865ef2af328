package generator

import (
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/sitetest"
)

// linkAttrs are the attributes whose values are addresses the visitor's
// browser (or the site's scripts) follows.
var linkAttrs = map[string]bool{"href": true, "src": true, "action": true, "srcset": true, "data-thanks": true, "data-search-root": true}

// TestEveryAddressFromTheModel builds a site whose addresses differ from
// the example's wherever site.yaml and content allow (testdata/sites/addresses.txtar:
// Norwegian at /, English at /en/, sections named otherwise, the contact,
// search and thank-you pages at addresses of their own) and follows every
// link of the output, of the mails an inquiry sends and of the search
// results: each must lead to a file the build wrote. A rule worked out
// anywhere but the site model (/contact/, /search/, a /nb/ prefix) leads
// nowhere here.
func TestEveryAddressFromTheModel(t *testing.T) {
	root := sitetest.FixtureArchive(t, "addresses")
	out := buildSite(t, root, Options{NoMinify: true})
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	// The endpoint's own addresses are served by portal contact serve, not the build.
	endpoint := map[string]bool{cfg.Contact.Endpoint: true, cfg.Search.MissURL(): true}
	base, _ := url.Parse(cfg.BaseURL)
	follow := func(from, link string) {
		t.Helper()
		u, err := url.Parse(link)
		if err != nil {
			t.Errorf("%s: link %q: %v", from, link, err)
			return
		}
		switch {
		case u.Scheme == "mailto" || u.Scheme == "tel" || link == "" || strings.HasPrefix(link, "#"):
			return
		case u.Host != "" && !strings.EqualFold(u.Host, base.Host):
			return // another site
		case !strings.HasPrefix(u.Path, "/"):
			t.Errorf("%s: link %q is relative: the site writes every address from its root", from, link)
			return
		case endpoint[u.Path] || strings.HasPrefix(u.Path, "/api/"):
			return
		}
		fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(u.Path)))
		if err == nil && fi.IsDir() {
			_, err = os.Stat(filepath.Join(out, filepath.FromSlash(u.Path), "index.html"))
			if strings.HasPrefix(u.Path, "/search/") { // an index folder, read by search.js
				_, err = os.Stat(filepath.Join(out, filepath.FromSlash(u.Path), "manifest.json"))
			}
		}
		if err != nil {
			t.Errorf("%s: link %q leads to nothing the build wrote", from, link)
		}
	}

	// The pages, lists, feeds and the sitemap.
	pages := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, out))
		switch filepath.Ext(p) {
		case ".html":
			pages++
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			followHTML(t, rel, f, follow)
		case ".xml":
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range xmlLink.FindAllStringSubmatch(string(data), -1) {
				follow(rel, m[1]+m[2])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 20 {
		t.Fatalf("only %d pages built", pages)
	}
	for _, want := range []string{"kontakt/index.html", "en/kontakt/forskning/index.html", "sok/index.html", "en/kontakt/mottatt/index.html", "en/tjenester/page/2/index.html", "om-oss/index.html"} {
		if !exists(out, want) {
			t.Errorf("the build wrote no %s", want)
		}
	}
	assertContains(t, out, "en/index.html", `href="/en/kontakt/"`, `action="/en/sok/"`)
	assertContains(t, out, "kontakt/index.html", `data-thanks="/kontakt/mottatt/"`)

	// The mails of an inquiry in each language.
	m := contact.NewMailer(cfg, contact.NewKeyring(contact.NewSecret(), nil), "")
	for _, l := range cfg.Languages {
		now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
		inq := &contact.Inquiry{ID: "inq" + l.Code, CreatedAt: now, Lang: l.Code, Topic: "forskning", Name: "Kari", Email: "kari@example.com", Message: "Sensorer?", Progress: contact.Progress{DueAt: now.Add(72 * time.Hour)}}
		for _, msg := range m.Received(inq) {
			if msg.Kind != contact.KindEmail {
				continue
			}
			e, err := m.Email(msg)
			if err != nil {
				t.Fatal(err)
			}
			for _, link := range mailLink.FindAllString(e.Body, -1) {
				follow("mail "+msg.Purpose+" ("+l.Code+")", link)
			}
		}
	}

	// The endpoint's answers to a form sent without JavaScript: the
	// thank-you page it redirects to, and the links of the site's contact
	// page it shows around a form with a problem.
	page, err := LoadContactForm(root)
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	h := contacthttp.NewHandler(cfg, store, contacthttp.WithFormPage(page), contacthttp.WithRateLimit(0, 0), contacthttp.WithLogger(slog.New(slog.DiscardHandler)))
	for i, l := range cfg.Languages {
		for _, email := range []string{"kari@example.com", "not an address"} {
			v := url.Values{"name": {"Kari"}, "email": {email}, "organisation": {"Sensorfabrikken"}, "topic": {"forskning"},
				"message": {fmt.Sprintf("Sensorer? (%d)", i)}, "consent": {"yes"}, "lang": {l.Code}}
			req := httptest.NewRequest(http.MethodPost, cfg.Contact.Endpoint, strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = "192.0.2.10:5555"
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			from := "endpoint (" + l.Code + ", " + email + ")"
			switch rec.Code {
			case http.StatusSeeOther:
				follow(from, rec.Header().Get("Location"))
			case http.StatusUnprocessableEntity:
				followHTML(t, from, rec.Body, follow)
			default:
				t.Errorf("%s: %d\n%s", from, rec.Code, rec.Body)
			}
		}
	}

	// The search results in each language.
	for _, l := range cfg.Languages {
		r, err := search.Open(out, l.Code)
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.Search("sensor", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.IDs) < 3 {
			t.Errorf("search (%s) for sensor found %d pages", l.Code, len(res.IDs))
		}
		for _, id := range res.IDs {
			rec, err := r.Record(id)
			if err != nil {
				t.Fatal(err)
			}
			follow("search result ("+l.Code+")", rec.URL)
		}
	}
}

// followHTML follows every address of the HTML page r.
func followHTML(t *testing.T, from string, r io.Reader, follow func(from, link string)) {
	t.Helper()
	doc, err := html.Parse(r)
	if err != nil {
		t.Fatalf("%s: %v", from, err)
	}
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			switch {
			case !linkAttrs[a.Key]:
			case a.Key == "srcset":
				for _, c := range strings.Split(a.Val, ",") {
					follow(from, strings.Fields(c)[0])
				}
			default:
				follow(from, a.Val)
			}
		}
	}
}

var (
	// xmlLink is an address in the sitemap or a feed: the site's base URL, and the path.
	xmlLink  = regexp.MustCompile(`(?:<loc>|href=")(https://samarbeid\.example\.org)(/[^<"]*)`)
	mailLink = regexp.MustCompile(`https?://[^\s<>")]+`)
)
