package starter_test

import (
	"context"
	"encoding/json"
	"github.com/uio-partner/portal/internal/sitetest"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/theme"
)

// TestSwedishSite runs a Swedish and English site made by portal init
// (country SE) through check, build, search and the contact endpoint with
// its mails.
func TestSwedishSite(t *testing.T) {
	dir := newSite(t, "Karolinska Institutet", "SE", "sv", "en")
	// What a Swedish office writes first, in both languages (shared with
	// e2e/new-site.test.mjs).
	pages, err := os.ReadFile("testdata/swedish-pages.txtar")
	if err != nil {
		t.Fatal(err)
	}
	sitetest.Extract(t, dir, string(pages))
	out := build(t, dir)

	t.Run("search", func(t *testing.T) {
		r, err := search.Open(out, "sv")
		if err != nil {
			t.Fatal(err)
		}
		found := func(q string) []string {
			res, err := r.Search(q, nil)
			if err != nil {
				t.Fatal(err)
			}
			var urls []string
			for _, id := range res.IDs {
				rec, err := r.Record(id)
				if err != nil {
					t.Fatal(err)
				}
				urls = append(urls, rec.URL)
			}
			return urls
		}
		if got := found("praktikplatser"); len(got) == 0 || got[0] != "/offerings/praktik/" {
			t.Errorf(`search "praktikplatser" in sv = %v, want the Swedish page first`, got)
		}
		// With a Swedish stemmer (Snowball's), another form of the word
		// finds the page, and a stop word alone finds nothing.
		if search.Stem("sv", "praktikplatser") != "praktikplatser" {
			if got := found("praktikplats"); len(got) == 0 || got[0] != "/offerings/praktik/" {
				t.Errorf(`search "praktikplats" in sv = %v, want the page with "praktikplatser"`, got)
			}
			if got := found("och"); len(got) != 0 {
				t.Errorf(`search "och" (a stop word) in sv = %v, want nothing`, got)
			}
		}
	})

	t.Run("contact", func(t *testing.T) {
		cfg, err := config.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
		stockholm, _ := time.LoadLocation("Europe/Stockholm")
		monday := time.Date(2027, 1, 4, 10, 0, 0, 0, stockholm) // Epiphany is Wednesday 6 January
		store.Now = func() time.Time { return monday }
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		texts, err := theme.LoadStrings(dir, cfg)
		if err != nil {
			t.Fatal(err)
		}
		mailer := contact.NewMailer(cfg, texts, contact.NewKeyring(contact.NewSecret(), nil), "")
		h := contacthttp.NewHandler(cfg, store, contacthttp.WithMailer(mailer), contacthttp.WithRateLimit(0, 0), contacthttp.WithLogger(quiet), contacthttp.WithClock(func() time.Time { return monday }))
		type answer struct {
			Reference string `json:"reference"`
			ReplyBy   string `json:"reply_by"`
		}
		send := func(lang, email, message string) answer {
			form := url.Values{"name": {"Anna Svensson"}, "email": {email}, "organisation": {"Exempel AB"}, "topic": {"general"},
				"message": {message}, "consent": {"yes"}, "lang": {lang}}
			req := httptest.NewRequest(http.MethodPost, "/api/contact", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept", "application/json")
			req.RemoteAddr = "192.0.2.10:5555"
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var reply answer
			if err := json.Unmarshal(rec.Body.Bytes(), &reply); rec.Code != http.StatusCreated || err != nil {
				t.Fatalf("POST /api/contact: %d %s", rec.Code, rec.Body)
			}
			return reply
		}
		reply := send("sv", "anna@example.se", "Vi vill gärna ta emot två studenter på praktik i vår.")
		send("en", "anna@example.com", "We would like to take two students on placements this spring.")
		// Three working days from Monday 4 January 2027 in Sweden: Tuesday,
		// Thursday, Friday (Norway's calendar would say Thursday 7).
		if reply.ReplyBy != "2027-01-08" {
			t.Errorf("reply_by = %q, want 2027-01-08", reply.ReplyBy)
		}
		msgs, err := store.Claim(context.Background(), "test", []string{contact.KindEmail}, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		mails := map[string]contact.Email{}
		for _, m := range msgs {
			e, err := mailer.Email(m)
			if err != nil {
				t.Fatal(err)
			}
			mails[m.Purpose+" "+m.Target] = *e
		}
		ack, ok := mails[contact.PurposeAck+" anna@example.se"]
		if !ok {
			t.Fatalf("no acknowledgement to the visitor among %v", keys(mails))
		}
		if !strings.Contains(ack.Body, "Karolinska Institutet") || !strings.Contains(ack.Body, reply.Reference) {
			t.Errorf("the acknowledgement does not name the institution and the reference %s:\n%s", reply.Reference, ack.Body)
		}
		// In Swedish, its day written as Swedish readers write it (CLDR).
		if !strings.Contains(ack.Subject, "Vi har tagit emot din förfrågan") || !strings.Contains(ack.Body, "fredag 8 januari 2027") {
			t.Errorf("the acknowledgement is not in Swedish with the promised day fredag 8 januari 2027:\n%s\n%s", ack.Subject, ack.Body)
		}
		if example.MatchString(ack.Subject + ack.Body) {
			t.Errorf("the acknowledgement names the example site's institution:\n%s", ack.Body)
		}
		// In English, the institution is named as it is written in
		// site.yaml: no article added by the text ("the Karolinska
		// Institutet"), for a name that takes none.
		en, ok := mails[contact.PurposeAck+" anna@example.com"]
		if !ok {
			t.Fatalf("no English acknowledgement among %v", keys(mails))
		}
		if !strings.Contains(en.Body, "Karolinska Institutet") || strings.Contains(strings.ToLower(en.Body), "the karolinska") {
			t.Errorf("the English acknowledgement does not name Karolinska Institutet as written:\n%s", en.Body)
		}
		if _, ok := mails[contact.PurposeUnit+" partnerships@example.org"]; !ok {
			t.Errorf("no mail to the topic's unit among %v", keys(mails))
		}
	})
}

func keys(m map[string]contact.Email) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
