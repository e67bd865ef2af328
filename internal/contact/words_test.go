package contact_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/theme"
)

// svMailer is the mailer of testdata/sv-en: a Swedish and English site,
// Swedish first, whose words are its own theme strings.
func svMailer(t *testing.T) *contact.Mailer {
	t.Helper()
	cfg, err := config.Load("testdata/sv-en")
	if err != nil {
		t.Fatal(err)
	}
	texts, err := theme.LoadStrings("testdata/sv-en", cfg)
	if err != nil {
		t.Fatal(err)
	}
	return contact.NewMailer(cfg, texts, contact.NewKeyring([]byte("words-test-key-words-test-key-words-test"), nil), "")
}

// TestMailsInTheSiteLanguages: a Swedish site's acknowledgement is in
// Swedish, names the institution site.yaml gives, and writes dates as
// Swedish does (CLDR sv_SE); an English visitor's is in English with
// en_GB dates; a language the site lacks gets the default language, and
// the units' mails are in the default language.
func TestMailsInTheSiteLanguages(t *testing.T) {
	m := svMailer(t)
	received := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		lang  string
		wants []string
		re    string
	}{
		{"sv", []string{"Vi har tagit emot ditt ärende (", "Tack för att du kontaktade Exempelhögskolan.", "Ämne:                Forskningssamarbete", "Mottaget:            onsdag 1 maj 2024", "kontaktformuläret på\nhttps://samverkan.example.se/.", "Samarbeta med Exempelhögskolan"},
			`Du får svar senast (måndag|tisdag|onsdag|torsdag|fredag) \d+ maj 2024\.`},
		{"en", []string{"We have received your inquiry (", "Thank you for contacting us.", "\n\nExample University College\n", "Topic:          Research collaboration", "Received:       Wednesday, 1 May 2024", "contact form\nat https://samverkan.example.se/en/."},
			`You will hear from us by (Monday|Tuesday|Wednesday|Thursday|Friday), \d+ May 2024\.`},
		{"de", []string{"Tack för att du kontaktade Exempelhögskolan.", "onsdag 1 maj 2024"}, `senast \S+ \d+ maj 2024`},
	} {
		q := &contact.Inquiry{ID: contact.NewID(received), CreatedAt: received, Lang: tt.lang, Topic: "research", Name: "Karin", Email: "karin@example.se", Message: "Hej"}
		q.DueAt = m.DueAt(q.Topic, q.CreatedAt)
		var ack, unit *contact.Email
		for _, msg := range m.Received(q) {
			e, err := m.Email(msg)
			if err != nil {
				t.Fatal(err)
			}
			switch msg.Purpose {
			case contact.PurposeAck:
				ack = e
			case contact.PurposeUnit:
				unit = e
			}
		}
		if ack == nil || unit == nil {
			t.Fatalf("%s: no acknowledgement or unit mail", tt.lang)
		}
		text := ack.Subject + "\n" + ack.Body
		for _, w := range tt.wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s acknowledgement lacks %q:\n%s", tt.lang, w, text)
			}
		}
		if !regexp.MustCompile(tt.re).MatchString(text) {
			t.Errorf("%s acknowledgement does not match %s:\n%s", tt.lang, tt.re, text)
		}
		if strings.Contains(text, "Oslo") || strings.Contains(text, "%!") {
			t.Errorf("%s acknowledgement:\n%s", tt.lang, text)
		}
		// The rows' values are lined up after the longest label, which the
		// declared fields decide: the test looks past the spaces.
		for _, w := range []string{"Nytt ärende från samverkansportalens kontaktformulär.", "Referens: ", "Mottaget: onsdag 1 maj 2024, 12:00", "Svar senast: "} {
			if !strings.Contains(squeeze.ReplaceAllString(unit.Body, " "), w) {
				t.Errorf("unit mail of a %s inquiry lacks %q:\n%s", tt.lang, w, unit.Body)
			}
		}
	}
}

// squeeze finds runs of spaces, to compare lined-up rows by their words.
var squeeze = regexp.MustCompile(` {2,}`)

// TestUnitMailsInTheDefaultLanguage: the escalation, the reminder and the
// digest are the site's default language's words and dates.
func TestUnitMailsInTheDefaultLanguage(t *testing.T) {
	m := svMailer(t)
	received := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	q := &contact.Inquiry{ID: contact.NewID(received), CreatedAt: received, Lang: "en", Topic: "research", Name: "Karin", Email: "karin@example.se", Organisation: "Volvo", Message: "Hi"}
	q.DueAt = m.DueAt(q.Topic, q.CreatedAt)
	q.ClaimedAt, q.ClaimedBy = received.Add(time.Hour), "forskning@example.se"
	msgs := append(m.Escalation(q, received.AddDate(0, 0, 7)), m.Reminder(q, received.AddDate(0, 0, 7))...)
	msgs = append(msgs, m.Digest(&contact.Report{Total: &contact.Figures{}}, time.Date(2024, 5, 6, 8, 0, 0, 0, time.UTC))...)
	var all strings.Builder
	for _, msg := range msgs {
		var e contact.Email
		if err := json.Unmarshal(msg.Payload, &e); err != nil {
			t.Fatal(err)
		}
		all.WriteString(e.Subject + "\n" + e.Body + "\n")
	}
	for _, w := range []string{"Inte taget: [Forskningssamarbete] Volvo (", "Påminnelse: [Forskningssamarbete] Volvo (", "Du tog ärende ", " onsdag 1 maj 2024, 13:00,",
		"Ärenden till samverkansportalen, vecka 18: 0 mottagna, 0 öppna", "för veckan måndag 29 april 2024 till söndag 5 maj 2024."} {
		if !strings.Contains(all.String(), w) {
			t.Errorf("the units' mails lack %q:\n%s", w, all.String())
		}
	}
	if strings.Contains(all.String(), "Reminder") || strings.Contains(all.String(), "Unclaimed") {
		t.Errorf("English in the units' mails of a Swedish site:\n%s", all.String())
	}
}
