package contact_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

// osloZone is the zone of storetest.Site (timezone: Europe/Oslo).
var osloZone, _ = time.LoadLocation("Europe/Oslo")

func decodeEmail(t *testing.T, m *contact.Message) *contact.Email {
	t.Helper()
	e, err := storetest.Mailer(t).Email(m)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// inquiry is a research inquiry received at the given Oslo time, full of
// text the visitor typed.
func inquiry(lang string, received time.Time) *contact.Inquiry {
	q := storetest.NewInquiry(1, received)
	q.Topic, q.Lang = "research", lang
	q.Name, q.Organisation = "Mallory <script>", "Evil Corp & Co"
	q.Message = "Click http://phish.example/login now"
	q.Hash = q.ContentHash()
	return q
}

func TestReceivedMessages(t *testing.T) {
	m := storetest.Mailer(t)
	q := inquiry("en", time.Date(2026, 11, 30, 10, 15, 0, 0, osloZone)) // a Monday
	q.DueAt = m.DueAt(q.Topic, q.CreatedAt)
	msgs := m.Received(q)
	var purposes []string
	for _, msg := range msgs {
		purposes = append(purposes, msg.Purpose+":"+msg.Kind+":"+msg.Target)
	}
	want := "unit:email:unit1@example.org unit:email:unit2@example.org unit:webhook:https://hook.example/x ack:email:" + q.Email
	if strings.Join(purposes, " ") != want {
		t.Fatalf("messages %v\nwant %s", purposes, want)
	}
	// The links follow each unit mail once it is sent, and nothing else.
	var links []*contact.Message
	for _, msg := range msgs {
		then := m.Then(msg)
		if msg.Purpose == contact.PurposeUnit && msg.Kind == contact.KindEmail {
			if len(then) != 1 || then[0].Purpose != contact.PurposeActions || then[0].Target != msg.Target || then[0].InquiryID != q.ID {
				t.Fatalf("after %s's mail: %+v; want its links mail", msg.Target, then)
			}
			links = append(links, then...)
		} else if then != nil {
			t.Errorf("after %s:%s: %+v; want nothing", msg.Purpose, msg.Kind, then)
		}
	}
	for _, msg := range []*contact.Message{msgs[0], msgs[1]} {
		e := decodeEmail(t, msg)
		if e.ReplyTo != q.Email || !strings.Contains(e.Body, q.Message) || !strings.Contains(e.Subject, q.Reference()) || strings.Contains(e.Body, "token=") {
			t.Errorf("unit mail %+v", e)
		}
		if !strings.Contains(e.Body, "Reply by:     Wednesday, 2 December 2026") {
			t.Errorf("unit mail lacks the promise (2 working days from Monday):\n%s", e.Body)
		}
	}
	for _, msg := range links {
		e := decodeEmail(t, msg)
		if e.ReplyTo != "" || strings.Contains(e.Body, q.Email) || !strings.Contains(e.Subject, q.Reference()) {
			t.Errorf("links mail %+v", e)
		}
		// Each recipient's links are its own: the token names its address.
		for _, action := range []string{contact.LinkClaim, contact.LinkAnswered} {
			link := findLink(t, e.Body, "/"+action+"?token=")
			u, _ := url.Parse(link)
			if u.Host != "partner.example.org" || u.Path != "/api/inquiries/"+q.ID+"/"+action {
				t.Errorf("link %s", link)
			}
			l, err := m.Keys().Check(t.Context(), u.Query().Get("token"), q.ID, action, q.CreatedAt)
			if err != nil || !l.For(msg.Target) || l.For("unit1@example.org") == l.For("unit2@example.org") {
				t.Errorf("%s link of %s: %v", action, msg.Target, err)
			}
		}
	}
	var n contact.Notification
	if err := json.Unmarshal(msgs[2].Payload, &n); err != nil || n.Reference != q.Reference() || n.Message != q.Message {
		t.Errorf("webhook payload %s (%v)", msgs[2].Payload, err)
	}
	q.Spam = true
	if got := m.Received(q); got != nil {
		t.Errorf("spam got %d messages; want none, no acknowledgement either", len(got))
	}
}

// TestAcknowledgementWithoutOrganisation: a site.yaml without
// organisation.name signs the acknowledgement with the site's title, not an
// empty line (seen as a visitor on the test site, issue 23's retry).
func TestAcknowledgementWithoutOrganisation(t *testing.T) {
	cfg := storetest.Config(t)
	cfg.Organisation.Name = nil
	m := contact.NewMailer(cfg, storetest.Texts(t, cfg), contact.NewKeyring([]byte("storetest-key-storetest-key-storetest-key"), nil), "")
	q := inquiry("en", time.Date(2026, 11, 30, 10, 15, 0, 0, osloZone))
	q.DueAt = m.DueAt(q.Topic, q.CreatedAt)
	for _, msg := range m.Received(q) {
		if msg.Purpose != contact.PurposeAck {
			continue
		}
		e, err := m.Email(msg)
		if err != nil {
			t.Fatal(err)
		}
		title := cfg.Title.Get("en")
		if body := strings.TrimRight(e.Body, "\n"); title == "" || !strings.HasSuffix(body, "\n"+title) {
			t.Errorf("acknowledgement is not signed with the site's title %q:\n%s", title, e.Body)
		}
	}
}

func findLink(t *testing.T, body, part string) string {
	t.Helper()
	for _, f := range strings.Fields(body) {
		if strings.Contains(f, part) {
			return f
		}
	}
	t.Fatalf("no link with %q in\n%s", part, body)
	return ""
}

// TestAcknowledgement: the visitor's mail has the reference, the topic, the
// promised date counted in working days, and what happens next, in the
// visitor's language, and nothing the visitor typed.
func TestAcknowledgement(t *testing.T) {
	m := storetest.Mailer(t)
	tests := []struct {
		name, lang string
		received   time.Time
		promise    string // research: 2 working days
	}{
		{"weekday", "en", time.Date(2026, 11, 30, 10, 15, 0, 0, osloZone), "You will hear from us by Wednesday, 2 December 2026."},
		{"over a weekend", "en", time.Date(2026, 12, 3, 16, 0, 0, 0, osloZone), "You will hear from us by Monday, 7 December 2026."},
		{"over 17 May", "nb", time.Date(2027, 5, 13, 9, 0, 0, 0, osloZone), "Du vil høre fra oss innen tirsdag 18. mai 2027."},
		{"over Easter", "nb", time.Date(2026, 4, 1, 12, 0, 0, 0, osloZone), "Du vil høre fra oss innen onsdag 8. april 2026."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := inquiry(tt.lang, tt.received)
			q.DueAt = m.DueAt(q.Topic, q.CreatedAt)
			var ack *contact.Message
			for _, msg := range m.Received(q) {
				if msg.Purpose == contact.PurposeAck {
					ack = msg
				}
			}
			if ack == nil || ack.Target != q.Email {
				t.Fatalf("no acknowledgement to %s", q.Email)
			}
			e := decodeEmail(t, ack)
			text := e.Subject + "\n" + e.Body + "\n" + string(ack.Payload) // not even kept in the outbox
			if !strings.Contains(e.Body, tt.promise) {
				t.Errorf("body lacks %q:\n%s", tt.promise, e.Body)
			}
			label := map[string]string{"en": "Research collaboration", "nb": "Forskningssamarbeid"}[tt.lang]
			for _, want := range []string{q.Reference(), label} {
				if !strings.Contains(text, want) {
					t.Errorf("acknowledgement lacks %q:\n%s", want, text)
				}
			}
			for _, typed := range []string{"Mallory", "script", "Evil", "phish", "Click", q.Message, q.Organisation} {
				if strings.Contains(text, typed) {
					t.Errorf("acknowledgement quotes what the visitor typed (%q):\n%s", typed, text)
				}
			}
			if e.ReplyTo != "" || e.Lang != tt.lang {
				t.Errorf("reply-to %q, lang %q", e.ReplyTo, e.Lang)
			}
		})
	}
}

func TestDueAtAndRemindAt(t *testing.T) {
	m := storetest.Mailer(t)
	fri := time.Date(2026, 12, 4, 15, 0, 0, 0, osloZone)
	if got, want := m.DueAt("general", fri), time.Date(2026, 12, 10, 0, 0, 0, 0, osloZone); !got.Equal(want) {
		t.Errorf("general (3 working days) from a Friday: due %s, want the end of Wednesday (%s)", got, want)
	}
	if got, want := m.RemindAt(fri), time.Date(2026, 12, 9, 0, 0, 0, 0, osloZone); !got.Equal(want) {
		t.Errorf("remind after 2 working days from a Friday: %s, want %s", got, want)
	}
	if !m.DueAt("no-such-topic", fri).IsZero() {
		t.Error("unknown topic has a due time")
	}
}

func TestDecodeLegacyEmail(t *testing.T) {
	// An outbox row queued before issue 12: the webhook's JSON, recipients in Target.
	payload := `{"id":"abc","created_at":"2026-01-02T10:00:00Z","lang":"en","topic":"general","topic_label":"Something else","name":"Kari","email":"kari@example.no","organisation":"Equinor","message":"Hello"}`
	e, err := contact.DecodeEmail(&contact.Message{Target: "a@example.org,b@example.org", Payload: []byte(payload)})
	if err != nil || e.Subject != "[Something else] Equinor" || e.ReplyTo != "kari@example.no" || !strings.Contains(e.Body, "Hello") {
		t.Errorf("legacy email %+v, %v", e, err)
	}
}

func TestReference(t *testing.T) {
	id := contact.NewID(time.Now())
	ref := contact.Reference(id)
	if len(ref) != 9 || ref[4] != '-' || strings.ContainsAny(ref, "ILOUilou") || ref != strings.ToUpper(ref) {
		t.Errorf("Reference(%s) = %q", id, ref)
	}
	if other := contact.Reference(contact.NewID(time.Now())); other == ref {
		t.Errorf("two ids, one reference %s", ref)
	}
}

func TestCheckPublicURL(t *testing.T) {
	for _, ok := range []string{"", "https://partner.uio.no", "http://127.0.0.1:8090/"} {
		if err := contact.CheckPublicURL(ok); err != nil {
			t.Errorf("CheckPublicURL(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"partner.uio.no", "ftp://partner.uio.no", "https://", "https://a b/"} {
		if err := contact.CheckPublicURL(bad); err == nil || !strings.Contains(err.Error(), "--public-url") {
			t.Errorf("CheckPublicURL(%q) = %v, want an error naming the flag", bad, err)
		}
	}
}

func TestTopicLabel(t *testing.T) {
	cfg := storetest.Config(t)
	for _, tc := range []struct{ topic, lang, want string }{
		{"research", "en", "Research collaboration"},
		{"research", "nb", "Forskningssamarbeid"},
		{"gone", "en", "gone"},
	} {
		if got := contact.TopicLabel(cfg, tc.topic, tc.lang); got != tc.want {
			t.Errorf("TopicLabel(%s, %s) = %q, want %q", tc.topic, tc.lang, got, tc.want)
		}
	}
	if got := contact.TopicLabel(nil, "research", "en"); got != "research" {
		t.Errorf("without site.yaml: %q, want the id", got)
	}
}
