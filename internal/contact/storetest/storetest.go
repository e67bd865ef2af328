// Package storetest is the one test table every contact.Store must pass, so
// SQLite and PostgreSQL are held to identical behaviour.
package storetest

import (
	"context"
	"embed"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/theme"
)

// Open returns a fresh, empty store whose clock (for outbox leases and the
// times it records itself) is now, or the real clock if now is nil; the
// test closes it.
type Open func(t *testing.T, now func() time.Time) contact.Store

// Site is the site.yaml of the tests' Mailer: "general" mails one unit
// address and escalates to the coordinators; "research" mails two, has a
// webhook and its own escalate_to.
const Site = `
title: {en: Partner with the University of Oslo, nb: Samarbeid med Universitetet i Oslo}
baseURL: https://partner.example.org/
country: NO
timezone: Europe/Oslo
organisation: {name: {en: University of Oslo, nb: Universitetet i Oslo}}
languages:
  - {code: en, name: English, locale: en_GB}
  - {code: nb, name: Norsk, locale: nb_NO}
sections: [{name: news, title: News}]
contact:
  coordinators: [office@example.org, coordinator@example.org]
  reply_within: 3d
  remind_after: 2d
  # Not sitetest.CoreFields: a message up to 10,000 characters, so that
  # the disk-full test (health_test.go) fills the database in fewer posts.
  fields:
    - {name: topic, type: topic, required: true, label: Topic}
    - {name: name, type: text, required: true, label: Name}
    - {name: email, type: email, required: true, label: Email}
    - {name: organisation, type: text, label: Organisation}
    - {name: message, type: textarea, required: true, max: 10000, label: Message}
    - {name: consent, type: checkbox, required: true, label: I agree that my inquiry is stored.}
  topics:
    - id: general
      label: {en: Something else, nb: Noe annet}
      to: [a@example.org]
    - id: research
      label: {en: Research collaboration, nb: Forskningssamarbeid}
      to: [unit1@example.org, unit2@example.org]
      escalate_to: head@example.org
      reply_within: 2d
      webhook: https://hook.example/x
`

// Config parses Site.
func Config(tb testing.TB) *config.Config {
	tb.Helper()
	cfg, err := config.Parse([]byte(Site))
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

// i18n holds the mail texts of Site's languages (testdata/i18n).
//
//go:embed testdata/i18n/*.yaml
var i18n embed.FS

// Texts returns the theme strings of Site's languages, with the mails'.
func Texts(tb testing.TB, cfg *config.Config) *theme.Strings {
	tb.Helper()
	files := map[string]string{}
	for _, l := range cfg.Languages {
		b, err := i18n.ReadFile("testdata/i18n/" + l.Code + ".yaml")
		if err != nil {
			tb.Fatal(err)
		}
		files["i18n/"+l.Code+".yaml"] = string(b)
	}
	s, err := theme.ParseStrings(files, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// WriteSite writes Site and its mail texts as a site's files under root:
// site.yaml and layouts/i18n/<lang>.yaml.
func WriteSite(tb testing.TB, root string) {
	tb.Helper()
	if err := os.WriteFile(filepath.Join(root, "site.yaml"), []byte(Site), 0o644); err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(root, "layouts", "i18n")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	for _, l := range Config(tb).Languages {
		b, err := i18n.ReadFile("testdata/i18n/" + l.Code + ".yaml")
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, l.Code+".yaml"), b, 0o644)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// Mailer returns a mailer for Site with a fixed key, as the endpoint would
// have, with links at https://partner.example.org.
func Mailer(tb testing.TB) *contact.Mailer {
	cfg := Config(tb)
	return contact.NewMailer(cfg, Texts(tb, cfg), contact.NewKeyring([]byte("storetest-key-storetest-key-storetest-key"), nil), "")
}

// NewInquiry returns a valid inquiry whose content is unique to n.
func NewInquiry(n int, now time.Time) *contact.Inquiry {
	q := &contact.Inquiry{
		ID: contact.NewID(now), CreatedAt: now.UTC().Truncate(time.Millisecond), Lang: "en", Topic: "general",
		Name: "Kari Nordmann", Email: fmt.Sprintf("Kari%d@Example.no", n), Organisation: "Equinor",
		Message: fmt.Sprintf("Hello number %d", n),
	}
	q.Hash = q.ContentHash()
	return q
}

// Messages returns what the endpoint would queue for q (its due time set as
// the endpoint sets it): unit mail, webhook and acknowledgement.
func Messages(tb testing.TB, q *contact.Inquiry) []*contact.Message {
	m := Mailer(tb)
	if q.DueAt.IsZero() {
		q.DueAt = m.DueAt(q.Topic, q.CreatedAt)
	}
	return m.Received(q)
}

// unitMail is q's mail to its unit only, so counts in the outbox stay
// simple where the acknowledgement does not matter.
func unitMail(tb testing.TB, q *contact.Inquiry) []*contact.Message {
	var out []*contact.Message
	for _, m := range Messages(tb, q) {
		if m.Purpose == contact.PurposeUnit {
			out = append(out, m)
		}
	}
	return out
}

// Run runs the table against stores from open.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s contact.Store)
	}{
		{"SaveAndList", testSaveAndList},
		{"IdempotencyKey", testIdempotencyKey},
		{"DedupWindow", testDedupWindow},
		{"Concurrent", testConcurrent},
		{"PurgeAndDelete", testPurgeAndDelete},
		{"OutboxLease", testOutboxLease},
		{"OutboxRetry", testOutboxRetry},
		{"OutboxKinds", testOutboxKinds},
		{"AckLimits", testAckLimits},
		{"AckFlood", testAckFlood},
		{"TakeAndAnswer", testTakeAndAnswer},
		{"TakeRace", testTakeRace},
		{"Escalation", testEscalation},
		{"Reminder", testReminder},
		{"Jobs", testJobs},
		{"Secrets", testSecrets},
		{"DeadMessages", testDeadMessages},
		{"PurgeRemovesHistory", testPurgeRemovesHistory},
		{"Progress", testProgress},
		{"Misses", testMisses},
	}
	t.Run("Lifecycle", func(t *testing.T) { RunLifecycle(t, open) })
	RunAttacks(t, open)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t, nil)
			t.Cleanup(func() { s.Close() })
			tt.fn(t, s)
		})
	}
}

func mustSave(t *testing.T, s contact.Store, q *contact.Inquiry, msgs []*contact.Message) (string, bool) {
	t.Helper()
	id, created, err := s.Save(context.Background(), q, msgs)
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	return id, created
}

func testSaveAndList(t *testing.T, s contact.Store) {
	ctx := context.Background()
	now := time.Now()
	old := NewInquiry(1, now.Add(-48*time.Hour))
	old.Spam, old.SpamScore = true, 60
	mustSave(t, s, old, nil)
	q := NewInquiry(2, now)
	q.Key = "key-2"
	// A declared field beyond the core columns goes to the extra column.
	q.Extra = map[string]string{"phone": "+47 22 85 50 50", "background": "Zwei\nLinien \"quoted\" ✓"}
	q.Hash = q.ContentHash()
	if id, created := mustSave(t, s, q, unitMail(t, q)); id != q.ID || !created {
		t.Fatalf("Save = %q, %v; want %q, true", id, created, q.ID)
	}
	all, err := s.Inquiries(ctx, contact.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].ID != old.ID || all[1].ID != q.ID {
		t.Fatalf("Inquiries = %v; want old then new", all)
	}
	got := all[1]
	if got.Email != q.Email || got.Message != q.Message || got.Key != "key-2" || got.Hash != q.Hash || !got.CreatedAt.Equal(q.CreatedAt) {
		t.Errorf("stored %+v; want %+v", got, q)
	}
	if !maps.Equal(got.Extra, q.Extra) || all[0].Extra != nil {
		t.Errorf("extra fields stored as %q and %q; want %q and none", got.Extra, all[0].Extra, q.Extra)
	}
	if one, err := s.Inquiry(ctx, q.ID); err != nil || !maps.Equal(one.Extra, q.Extra) {
		t.Errorf("Inquiry(%s).Extra = %q, %v; want %q", q.ID, one.Extra, err, q.Extra)
	}
	if !all[0].Spam || all[0].SpamScore != 60 {
		t.Errorf("spam flag lost: %+v", all[0])
	}
	recent, err := s.Inquiries(ctx, contact.Filter{Since: now.Add(-time.Hour)})
	if err != nil || len(recent) != 1 || recent[0].ID != q.ID {
		t.Errorf("Inquiries(since) = %v, %v; want only the new one", recent, err)
	}
}

// testIdempotencyKey: a key answers a retry of the same content with the
// first id, but never swallows different content (issue 12, defect 1: a
// visitor who goes Back, edits and sends again must not lose the edit).
func testIdempotencyKey(t *testing.T, s contact.Store) {
	now := time.Now()
	a := NewInquiry(1, now)
	a.Key = "k1"
	mustSave(t, s, a, unitMail(t, a))
	retry := NewInquiry(1, now.Add(time.Second))
	retry.Key = "k1"
	if id, created := mustSave(t, s, retry, unitMail(t, retry)); id != a.ID || created {
		t.Errorf("same key, same content: Save = %q, %v; want %q, false", id, created, a.ID)
	}
	b := NewInquiry(2, now) // different content, same key: an edit sent again
	b.Key = "k1"
	if id, created := mustSave(t, s, b, unitMail(t, b)); id != b.ID || !created {
		t.Errorf("same key, new content: Save = %q, %v; want %q, true", id, created, b.ID)
	}
	again := NewInquiry(2, now.Add(time.Second))
	again.Key = "k1"
	if id, created := mustSave(t, s, again, unitMail(t, again)); id != b.ID || created {
		t.Errorf("retry of the edit: Save = %q, %v; want %q, false", id, created, b.ID)
	}
	all, err := s.Inquiries(context.Background(), contact.Filter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("stored %d inquiries (%v); want both versions", len(all), err)
	}
	assertPending(t, s, 2)
}

func testDedupWindow(t *testing.T, s contact.Store) {
	now := time.Now()
	a := NewInquiry(1, now.Add(-contact.DedupWindow-time.Minute))
	mustSave(t, s, a, nil)
	b := NewInquiry(1, now) // same content, outside the window: a new inquiry
	if id, created := mustSave(t, s, b, nil); id != b.ID || !created {
		t.Errorf("outside window: Save = %q, %v; want %q, true", id, created, b.ID)
	}
	c := NewInquiry(1, now.Add(time.Minute)) // inside b's window
	if id, created := mustSave(t, s, c, nil); id != b.ID || created {
		t.Errorf("inside window: Save = %q, %v; want %q, false", id, created, b.ID)
	}
}

// testConcurrent posts distinct and duplicate inquiries at once: each
// distinct one is stored once, and all duplicates get its id.
func testConcurrent(t *testing.T, s contact.Store) {
	const n = 40
	now := time.Now()
	ids := make([]string, 2*n)
	var wg sync.WaitGroup
	for i := range 2 * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := NewInquiry(i%n, now)
			q.Key = fmt.Sprintf("c%d", i%n)
			id, _, err := s.Save(context.Background(), q, unitMail(t, q))
			if err != nil {
				t.Error(err)
			}
			ids[i] = id
		}()
	}
	wg.Wait()
	for i := range n {
		if ids[i] != ids[i+n] || ids[i] == "" {
			t.Errorf("twins %d got ids %q and %q", i, ids[i], ids[i+n])
		}
	}
	all, err := s.Inquiries(context.Background(), contact.Filter{})
	if err != nil || len(all) != n {
		t.Fatalf("stored %d inquiries (%v); want %d", len(all), err, n)
	}
	assertPending(t, s, n)
}

func testPurgeAndDelete(t *testing.T, s contact.Store) {
	ctx := context.Background()
	now := time.Now()
	old := NewInquiry(1, now.Add(-400*24*time.Hour))
	mustSave(t, s, old, unitMail(t, old))
	for i := 2; i <= 3; i++ {
		q := NewInquiry(i, now)
		q.Email = "Ola@Example.no"
		q.Hash = q.ContentHash()
		mustSave(t, s, q, unitMail(t, q))
	}
	keep := NewInquiry(4, now)
	mustSave(t, s, keep, unitMail(t, keep))
	if n, err := s.Purge(ctx, now.Add(-365*24*time.Hour)); err != nil || n != 1 {
		t.Errorf("Purge = %d, %v; want 1", n, err)
	}
	inqs, pending, err := s.DeleteEmail(ctx, " ola@EXAMPLE.no")
	if err != nil || inqs != 2 || pending != 2 {
		t.Errorf("DeleteEmail = %d, %d, %v; want 2, 2", inqs, pending, err)
	}
	all, _ := s.Inquiries(ctx, contact.Filter{})
	if len(all) != 1 || all[0].ID != keep.ID {
		t.Errorf("left %v; want only %s", all, keep.ID)
	}
	assertPending(t, s, 1)
}

// assertPending claims everything due and checks the count, then gives the
// claims back by letting them lapse (lease of 1ns).
func assertPending(t *testing.T, s contact.Store, want int) {
	t.Helper()
	msgs, err := s.Claim(context.Background(), "counter", nil, 1000, time.Nanosecond)
	if err != nil || len(msgs) != want {
		t.Errorf("pending messages = %d (%v); want %d", len(msgs), err, want)
	}
	time.Sleep(2 * time.Millisecond)
}

func testOutboxLease(t *testing.T, s contact.Store) {
	ctx := context.Background()
	now := time.Now()
	for i := range 3 {
		q := NewInquiry(i, now)
		mustSave(t, s, q, unitMail(t, q))
	}
	a, err := s.Claim(ctx, "a", nil, 2, 300*time.Millisecond)
	if err != nil || len(a) != 2 || a[0].ID >= a[1].ID {
		t.Fatalf("Claim a = %v, %v; want 2 in id order", a, err)
	}
	if a[0].Kind != contact.KindEmail || a[0].Target != "a@example.org" || len(a[0].Payload) == 0 {
		t.Errorf("message = %+v", a[0])
	}
	b, _ := s.Claim(ctx, "b", nil, 10, time.Minute)
	if len(b) != 1 {
		t.Fatalf("Claim b got %d; want the 1 unclaimed", len(b))
	}
	if err := s.Sent(ctx, "a", a[0].ID, nil); err != nil {
		t.Fatal(err)
	}
	time.Sleep(350 * time.Millisecond) // a's lease on a[1] lapses: a crashed sender
	c, _ := s.Claim(ctx, "c", nil, 10, time.Minute)
	if len(c) != 1 || c[0].ID != a[1].ID {
		t.Fatalf("Claim c = %v; want the lapsed %d", c, a[1].ID)
	}
	// a's late report must not steal c's claim, nor queue what follows
	// the message: c's report does, once.
	then := func(m *contact.Message) []*contact.Message {
		return []*contact.Message{{InquiryID: m.InquiryID, Kind: contact.KindEmail, Purpose: contact.PurposeActions, Target: m.Target, Payload: m.Payload}}
	}
	_ = s.Sent(ctx, "a", a[1].ID, then(a[1]))
	if err := s.Sent(ctx, "c", c[0].ID, then(c[0])); err != nil {
		t.Fatal(err)
	}
	if err := s.Sent(ctx, "b", b[0].ID, nil); err != nil {
		t.Fatal(err)
	}
	follow, err := s.Claim(ctx, "d", nil, 10, time.Minute)
	if err != nil || len(follow) != 1 || follow[0].Purpose != contact.PurposeActions || follow[0].InquiryID != c[0].InquiryID {
		t.Fatalf("after the reports: %+v (%v); want the one message that follows c's", follow, err)
	}
	if err := s.Sent(ctx, "d", follow[0].ID, nil); err != nil {
		t.Fatal(err)
	}
	assertPending(t, s, 0)
}

func testOutboxRetry(t *testing.T, s contact.Store) {
	ctx := context.Background()
	q := NewInquiry(1, time.Now())
	mustSave(t, s, q, unitMail(t, q))
	m, _ := s.Claim(ctx, "a", nil, 1, time.Minute)
	if len(m) != 1 {
		t.Fatal("nothing to claim")
	}
	if err := s.Retry(ctx, "a", m[0].ID, time.Now().Add(200*time.Millisecond), "smtp down"); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Claim(ctx, "a", nil, 1, time.Minute); len(again) != 0 {
		t.Fatal("claimed before its retry time")
	}
	time.Sleep(250 * time.Millisecond)
	again, _ := s.Claim(ctx, "a", nil, 1, time.Minute)
	if len(again) != 1 || again[0].Attempts != 1 {
		t.Fatalf("after retry time: %v; want one message with 1 attempt", again)
	}
}

// testOutboxKinds: a sender claims only the kinds it can deliver.
func testOutboxKinds(t *testing.T, s contact.Store) {
	ctx := context.Background()
	q := NewInquiry(1, time.Now())
	q.Topic = "research"
	var msgs []*contact.Message
	for _, m := range Messages(t, q) {
		if m.Purpose == contact.PurposeUnit {
			msgs = append(msgs, m)
		}
	}
	mustSave(t, s, q, msgs)
	if none, _ := s.Claim(ctx, "a", []string{}, 10, time.Minute); len(none) != 0 {
		t.Errorf("claim of no kinds got %d messages", len(none))
	}
	hooks, err := s.Claim(ctx, "a", []string{contact.KindWebhook}, 10, time.Minute)
	if err != nil || len(hooks) != 1 || hooks[0].Kind != contact.KindWebhook {
		t.Fatalf("webhook claim = %v, %v", hooks, err)
	}
	mail, err := s.Claim(ctx, "b", []string{contact.KindEmail, contact.KindWebhook}, 10, time.Minute)
	if err != nil || len(mail) != 2 || mail[0].Kind != contact.KindEmail || mail[0].Target != "unit1@example.org" || mail[1].Target != "unit2@example.org" {
		t.Fatalf("email claim = %v, %v; want one mail per unit address", mail, err)
	}
}
