package contacthttp_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/smtp"
	"github.com/uio-partner/portal/internal/contact/smtp/smtptest"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/sitetest"
	"github.com/uio-partner/portal/internal/theme"
)

// extraFieldSite is a two-language site whose form declares two fields
// beyond the core ones: a phone number (one line, its own limit) and the
// project's background (several lines, optional). %WEBHOOK% is the CRM.
const extraFieldSite = `
-- site.yaml --
title: {en: Test Site, nb: Testside}
baseURL: https://test.example.org/
languages:
  - {code: en, name: English, locale: en_GB}
  - {code: nb, name: Norsk, locale: nb_NO}
organisation:
  name: {en: Test University, nb: Testuniversitetet}
  url: https://uni.example.org/
sections:
  - name: news
    title: {en: News, nb: Nyheter}
contact:
  fields:
    - {name: topic, type: topic, required: true, label: {en: Topic, nb: Tema}}
    - {name: name, type: text, required: true, max: 200, autocomplete: name, label: {en: Your name, nb: Navnet ditt}}
    - {name: email, type: email, required: true, max: 254, autocomplete: email, label: {en: Your email, nb: E-posten din}}
    - name: phone
      type: tel
      required: true
      max: 20
      autocomplete: tel
      label: {en: Phone number, nb: Telefonnummer}
      hint: {en: So that we can call you back., nb: Så vi kan ringe deg opp.}
    - {name: organisation, type: text, max: 200, label: {en: Organisation, nb: Virksomhet}}
    - {name: message, type: textarea, max: 2000, required: true, label: {en: Your message, nb: Meldingen din}}
    - {name: background, type: textarea, max: 500, label: {en: Background, nb: Bakgrunn}}
    - {name: consent, type: checkbox, required: true, label: {en: I agree that you store my inquiry., nb: Jeg samtykker i at dere lagrer henvendelsen.}}
  topics:
    - id: research
      label: {en: Research, nb: Forskning}
      to: [research@example.org]
      webhook: %WEBHOOK%
-- content/_index.md --
---
title: Work with us
summary: One front door.
---
Hello.
-- content/_index.nb.md --
---
title: Samarbeid med oss
summary: Én inngang.
---
Hei.
-- content/contact.md --
---
title: Contact us
summary: Tell us what you want to do.
layout: contact
---
Choose a topic.
-- content/contact.nb.md --
---
title: Kontakt oss
summary: Fortell oss hva du vil gjøre.
layout: contact
---
Velg et tema.
-- content/thanks.md --
---
title: Thank you
summary: We have your message.
layout: thanks
---
Thanks.
-- content/thanks.nb.md --
---
title: Takk
summary: Vi har fått meldingen din.
layout: thanks
---
Takk.
-- content/search.md --
---
title: Search
summary: Search the site.
layout: search
---
-- content/search.nb.md --
---
title: Søk
summary: Søk på nettstedet.
layout: search
---
`

// builtField is a field of the built form, as a browser sees it.
type builtField struct {
	tag, typ, maxlength, label string
	required                   bool
	kept                       bool // data-keep: keep.js carries it across the language switch
}

// builtForm reads the fields of the contact form in a built page, in order.
func builtForm(t *testing.T, page string) (names []string, fields map[string]builtField) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	fields = map[string]builtField{}
	labels := map[string]string{}
	var text func(n *html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(text(c))
		}
		return b.String()
	}
	inForm := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "form" {
			for _, a := range n.Attr {
				if a.Key == "id" && a.Val == "contact-form" {
					inForm = true
					defer func() { inForm = false }()
				}
			}
		}
		if n.Type == html.ElementNode && inForm {
			attr := map[string]string{}
			required, kept := false, false
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
				required = required || a.Key == "required"
				kept = kept || a.Key == "data-keep"
			}
			switch n.Data {
			case "input", "select", "textarea":
				if name := attr["name"]; name != "" && attr["type"] != "hidden" && name != "website" {
					names = append(names, name)
					fields[name] = builtField{tag: n.Data, typ: attr["type"], maxlength: attr["maxlength"], required: required, kept: kept}
				}
			case "label":
				labels[attr["for"]] = strings.TrimSpace(text(n))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for name, f := range fields {
		f.label = labels["f-"+name]
		fields[name] = f
	}
	return names, fields
}

// TestAddedFieldFromFormToExport adds fields to a site's declaration only
// and follows them: into the built form in each language, through the
// endpoint's checks (its own limit, its type) and the theme's page sent
// back without JavaScript, into the store's extra JSON column, the unit's
// mail over SMTP (not the visitor's acknowledgement), the webhook's signed
// payload, and both exports.
func TestAddedFieldFromFormToExport(t *testing.T) {
	ctx := context.Background()
	var hookMu sync.Mutex
	var hooks [][]byte
	crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hookMu.Lock()
		hooks = append(hooks, b)
		hookMu.Unlock()
	}))
	defer crm.Close()
	root := sitetest.Write(t, strings.ReplaceAll(extraFieldSite, "%WEBHOOK%", crm.URL+"/inquiries"))
	sitetest.CopyFromRepo(t, root, "layouts", "static")
	out := filepath.Join(root, "public")
	if _, err := generator.Build(ctx, generator.Options{Source: root, Out: out, NoSearch: true, CacheDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}

	// The built form, in both languages: the fields in declared order, with
	// their labels, types and limits.
	wantOrder := "topic name email phone organisation message background consent"
	for _, c := range []struct{ page, phone, background string }{
		{"contact/index.html", "Phone number", "Background (optional)"},
		{"nb/contact/index.html", "Telefonnummer", "Bakgrunn (valgfritt)"},
	} {
		page, err := os.ReadFile(filepath.Join(out, c.page))
		if err != nil {
			t.Fatal(err)
		}
		names, fields := builtForm(t, string(page))
		if got := strings.Join(names, " "); got != wantOrder {
			t.Errorf("%s: fields %q, want %q", c.page, got, wantOrder)
		}
		if f := fields["phone"]; f.typ != "tel" || f.maxlength != "20" || !f.required || f.label != c.phone {
			t.Errorf("%s: phone field %+v", c.page, f)
		}
		if f := fields["background"]; f.tag != "textarea" || f.maxlength != "500" || f.required || f.label != c.background {
			t.Errorf("%s: background field %+v", c.page, f)
		}
		if f := fields["message"]; f.maxlength != "2000" {
			t.Errorf("%s: message maxlength %q, want the declared 2000", c.page, f.maxlength)
		}
		// The language switch (keep.js) carries every declared field but
		// the consent box, which is given on the page the visitor reads.
		for _, name := range names {
			if want := fields[name].typ != "checkbox"; fields[name].kept != want {
				t.Errorf("%s: field %s data-keep = %v, want %v", c.page, name, fields[name].kept, want)
			}
		}
	}
	enPage, _ := os.ReadFile(filepath.Join(out, "contact/index.html"))
	if !strings.Contains(string(enPage), `aria-describedby="f-phone-hint f-phone-error"`) || !strings.Contains(string(enPage), `id="f-phone-hint">So that we can call you back.</p>`) {
		t.Error("the phone field's hint is not shown and linked")
	}

	// The endpoint, configured from the same site.yaml, with the theme's page.
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(t.TempDir(), "contact.db")
	store, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	page, err := generator.LoadContactForm(root)
	if err != nil {
		t.Fatal(err)
	}
	keys := contact.NewKeyring([]byte("extra-field-test-key-extra-field-test-key"), nil)
	texts, err := theme.LoadStrings(root, cfg)
	if err != nil {
		t.Fatal(err)
	}
	mailer := contact.NewMailer(cfg, texts, keys, "")
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := contacthttp.NewHandler(cfg, store, contacthttp.WithFormPage(page), contacthttp.WithMailer(mailer), contacthttp.WithRateLimit(0, 0), contacthttp.WithLogger(quiet))
	post := func(values url.Values) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, cfg.Contact.Endpoint, strings.NewReader(values.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	// What a visitor fills in, field by field of the built form.
	names, _ := builtForm(t, string(enPage))
	typed := map[string]string{
		"topic": "research", "name": "Kari Nordmann", "email": "kari@example.no", "phone": "+47 22 85 50 50",
		"organisation": "Equinor", "message": "We would like to talk.", "background": "Two lines\nof background.", "consent": "yes",
	}
	form := url.Values{"lang": {"nb"}}
	for _, n := range names {
		form.Set(n, typed[n])
	}

	// Past the browser: the declared limit and type hold at the endpoint,
	// and the theme's page names the problem beside the field.
	tooLong := url.Values{}
	for k, v := range form {
		tooLong[k] = v
	}
	tooLong.Set("phone", "+47 22 85 50 50 00 00 0")
	tooLong.Set("message", strings.Repeat("x", 2001))
	rec := post(tooLong)
	body := rec.Body.String()
	if rec.Code != 422 || !strings.Contains(body, `id="f-phone" name="phone" type="tel" data-keep autocomplete="tel" required maxlength="20" value="&#43;47 22 85 50 50 00 00 0" aria-invalid="true"`) ||
		!strings.Contains(body, "Dette er for langt: høyst 20 tegn.") || !strings.Contains(body, "Dette er for langt: høyst 2000 tegn.") ||
		!strings.Contains(body, `<a href="#f-phone">`) {
		t.Errorf("too long a phone number and message: %d\n%s", rec.Code, body)
	}
	notTel := url.Values{}
	for k, v := range form {
		notTel[k] = v
	}
	notTel.Set("phone", "call me")
	if rec := post(notTel); rec.Code != 422 || !strings.Contains(rec.Body.String(), "Skriv inn et telefonnummer") {
		t.Errorf("a phone number of letters: %d", rec.Code)
	}
	if rec := post(form); rec.Code != 303 {
		t.Fatalf("valid post: %d\n%s", rec.Code, rec.Body)
	}

	// The store: the extra fields in the JSON column, the core ones in theirs.
	raw, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var extra, name string
	if err := raw.QueryRow(`SELECT extra, name FROM inquiries`).Scan(&extra, &name); err != nil {
		t.Fatal(err)
	}
	var column map[string]string
	if err := json.Unmarshal([]byte(extra), &column); err != nil || len(column) != 2 || column["phone"] != "+47 22 85 50 50" || column["background"] != "Two lines\nof background." || name != "Kari Nordmann" {
		t.Errorf("extra column %s (%v), name %q", extra, err, name)
	}

	// The outbox, delivered: mail over SMTP, the webhook to the CRM.
	relay, err := smtptest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer relay.Close()
	webhook, err := contacthttp.NewWebhook([]string{"whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})
	if err != nil {
		t.Fatal(err)
	}
	d := &contact.Dispatcher{Outbox: store, Owner: "test", Logger: quiet, Notifiers: map[string]contact.Notifier{
		contact.KindEmail:   &smtp.Sender{Addr: relay.Addr(), From: "Portal <noreply@example.org>", Hostname: "test", TLS: smtp.TLSNone, Timeout: 5 * time.Second, Render: mailer.Email},
		contact.KindWebhook: webhook,
	}, Then: mailer.Then}
	if n, err := d.RunOnce(ctx); err != nil || n != 3 {
		t.Fatalf("dispatched %d, %v; want the unit's mail, the webhook and the acknowledgement", n, err)
	}
	if n, err := d.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("dispatched %d, %v; want the links mail that follows the unit's mail", n, err)
	}
	var unit, ack string
	for _, m := range relay.Mail() {
		msg, err := mail.ReadMessage(strings.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		qp, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(qp), "\r\n", "\n")
		switch {
		case m.To[0] == "kari@example.no":
			ack = text
		case strings.Contains(text, "Reply to this mail to write to the sender"):
			unit = text
		}
	}
	for _, want := range []string{"Phone number: +47 22 85 50 50\n", "Your name:    Kari Nordmann\n", "Organisation: Equinor\n", "\nWe would like to talk.\n", "\nBackground:\nTwo lines\nof background.\n"} {
		if !strings.Contains(unit, want) {
			t.Errorf("the unit's mail lacks %q:\n%s", want, unit)
		}
	}
	if ack == "" || strings.Contains(ack, "22 85 50 50") || strings.Contains(ack, "background") {
		t.Errorf("the acknowledgement repeats what the visitor typed, or is missing:\n%s", ack)
	}
	hookMu.Lock()
	if len(hooks) != 1 {
		t.Fatalf("%d webhook calls, want 1", len(hooks))
	}
	var n contact.Notification
	if err := json.Unmarshal(hooks[0], &n); err != nil || n.Extra["phone"] != "+47 22 85 50 50" || n.Extra["background"] != "Two lines\nof background." || n.Name != "Kari Nordmann" {
		t.Errorf("webhook payload %s (%v)", hooks[0], err)
	}
	hookMu.Unlock()

	// Both exports.
	var csv, js bytes.Buffer
	if _, err := contact.Export(ctx, store, contact.Filter{}, contact.Exporter("csv"), "", &csv); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(csv.String(), "\n", 2)
	if !strings.HasSuffix(lines[0], ",answered_at,background,phone") || !strings.Contains(lines[1], `,"Two lines`+"\n"+`of background.",'+47 22 85 50 50`) {
		t.Errorf("CSV export:\n%s", csv.String())
	}
	if _, err := contact.Export(ctx, store, contact.Filter{}, contact.Exporter("json"), "", &js); err != nil {
		t.Fatal(err)
	}
	var exported []struct {
		Extra map[string]string `json:"extra"`
	}
	if err := json.Unmarshal(js.Bytes(), &exported); err != nil || len(exported) != 1 || exported[0].Extra["phone"] != "+47 22 85 50 50" {
		t.Errorf("JSON export: %s (%v)", js.String(), err)
	}
}
