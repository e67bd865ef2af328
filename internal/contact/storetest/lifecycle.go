package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
)

// acks counts the acknowledgements pending in the outbox, and lets the
// claims lapse again.
func acks(t *testing.T, s contact.Store) int {
	t.Helper()
	msgs, err := s.Claim(context.Background(), "ack-counter", []string{contact.KindEmail}, 1000, time.Nanosecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	n := 0
	for _, m := range msgs {
		if m.Purpose == contact.PurposeAck {
			n++
		}
	}
	return n
}

// testAckLimits: at most 3 acknowledgements to one address in 24 hours and
// 3 to one client in an hour; the inquiries themselves are all stored.
func testAckLimits(t *testing.T, s contact.Store) {
	now := time.Now().Add(-30 * time.Hour)
	for i := range 5 { // one address, different content
		q := NewInquiry(i, now.Add(time.Duration(i)*time.Minute))
		q.Email = "victim@example.org"
		q.Client = fmt.Sprintf("client-%d", i)
		q.Hash = q.ContentHash()
		mustSave(t, s, q, Messages(t, q))
	}
	if n := acks(t, s); n != contact.AckPerAddress {
		t.Errorf("one address: %d acknowledgements, want %d", n, contact.AckPerAddress)
	}
	late := NewInquiry(9, now.Add(25*time.Hour)) // after the 24 hours
	late.Email, late.Client = "victim@example.org", "client-9"
	late.Hash = late.ContentHash()
	mustSave(t, s, late, Messages(t, late))
	if n := acks(t, s); n != contact.AckPerAddress+1 {
		t.Errorf("a day later: %d acknowledgements, want %d", n, contact.AckPerAddress+1)
	}
	for i := range 5 { // one client, different addresses
		q := NewInquiry(10+i, now.Add(26*time.Hour+time.Duration(i)*time.Minute))
		q.Client = "one-client"
		mustSave(t, s, q, Messages(t, q))
	}
	if n := acks(t, s); n != contact.AckPerAddress+1+contact.AckPerClient {
		t.Errorf("one client: %d acknowledgements in all, want %d", n, contact.AckPerAddress+1+contact.AckPerClient)
	}
	if all, _ := s.Inquiries(context.Background(), contact.Filter{}); len(all) != 11 {
		t.Errorf("stored %d inquiries, want all 11", len(all))
	}
}

// testAckFlood: a flood of concurrent inquiries naming one victim's
// address gives it at most 3 acknowledgements, even when they are saved at
// once (on PostgreSQL, in concurrent transactions).
func testAckFlood(t *testing.T, s contact.Store) {
	now := time.Now()
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := NewInquiry(i, now)
			q.Email, q.Client = "Victim@Example.org", fmt.Sprintf("c%d", i)
			q.Hash = q.ContentHash()
			if _, _, err := s.Save(context.Background(), q, Messages(t, q)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := acks(t, s); n != contact.AckPerAddress {
		t.Errorf("flood: %d acknowledgements reached the victim, want %d", n, contact.AckPerAddress)
	}
}

func code(err error) string { return contact.ErrorCode(err) }

func testTakeAndAnswer(t *testing.T, s contact.Store) {
	ctx := context.Background()
	now := time.Now().Truncate(time.Millisecond)
	q := NewInquiry(1, now)
	mustSave(t, s, q, unitMail(t, q))
	claim := contact.Claim{By: "a@example.org", Name: "Kari", At: now.Add(time.Hour), RemindAt: now.Add(50 * time.Hour)}
	got, err := s.Take(ctx, q.ID, claim)
	if err != nil || got.Status != contact.StatusClaimed || got.ClaimedBy != "a@example.org" || got.ClaimerName != "Kari" || !got.ClaimedAt.Equal(claim.At) {
		t.Fatalf("Take = %+v, %v", got, err)
	}
	if again, err := s.Take(ctx, q.ID, contact.Claim{By: "A@example.org", At: now.Add(2 * time.Hour)}); err != nil || !again.ClaimedAt.Equal(claim.At) {
		t.Errorf("the claimer again: %+v, %v; want no change", again, err)
	}
	other, err := s.Take(ctx, q.ID, contact.Claim{By: "b@example.org", At: now.Add(3 * time.Hour)})
	if code(err) != contact.ECONFLICT || other == nil || other.ClaimedBy != "a@example.org" {
		t.Errorf("a later claim: %+v, %v; want ECONFLICT saying who has it", other, err)
	} else if msg := contact.ErrorMessage(err); msg == "" || !strings.Contains(msg, "Kari <a@example.org>") {
		t.Errorf("conflict message %q does not say who has it", msg)
	}
	done, err := s.MarkAnswered(ctx, q.ID, "b@example.org", now.Add(4*time.Hour))
	if err != nil || done.Status != contact.StatusAnswered || done.AnsweredBy != "b@example.org" || !done.AnsweredAt.Equal(now.Add(4*time.Hour)) || done.ClaimedBy != "a@example.org" {
		t.Fatalf("MarkAnswered = %+v, %v", done, err)
	}
	if _, err := s.MarkAnswered(ctx, q.ID, "a@example.org", now.Add(5*time.Hour)); code(err) != contact.EGONE {
		t.Errorf("answered twice: %v, want EGONE", err)
	}
	if _, err := s.Take(ctx, q.ID, contact.Claim{By: "c@example.org", At: now.Add(6 * time.Hour)}); code(err) != contact.EGONE {
		t.Errorf("claim after answered: %v, want EGONE", err)
	}
	full, err := s.Inquiry(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.History) != 2 || full.History[0].Action != contact.ActionClaimed || full.History[0].Actor != "a@example.org" ||
		full.History[1].Action != contact.ActionAnswered || full.History[1].Actor != "b@example.org" || !full.History[1].At.Equal(now.Add(4*time.Hour)) {
		t.Errorf("history %+v; want claimed by a, answered by b", full.History)
	}
	if len(full.Recipients) != 1 || full.Recipients[0] != "a@example.org" {
		t.Errorf("recipients %v, want the unit's address", full.Recipients)
	}
	// Answered without a claim first: it counts as claimed then.
	r := NewInquiry(2, now)
	mustSave(t, s, r, unitMail(t, r))
	if got, err := s.MarkAnswered(ctx, r.ID, "a@example.org", now.Add(time.Hour)); err != nil || got.ClaimedBy != "a@example.org" || !got.ClaimedAt.Equal(now.Add(time.Hour)) {
		t.Errorf("answered unclaimed: %+v, %v", got, err)
	}
	for _, err := range []error{
		func() error { _, err := s.Take(ctx, "nosuch", claim); return err }(),
		func() error { _, err := s.MarkAnswered(ctx, "nosuch", "a@example.org", now); return err }(),
		func() error { _, err := s.Inquiry(ctx, "nosuch"); return err }(),
	} {
		if code(err) != contact.ENOTFOUND {
			t.Errorf("unknown inquiry: %v, want ENOTFOUND", err)
		}
	}
}

// testTakeRace: claims made at once by different people: exactly one wins,
// and everyone else is told who.
func testTakeRace(t *testing.T, s contact.Store) {
	q := NewInquiry(1, time.Now())
	mustSave(t, s, q, unitMail(t, q))
	const n = 12
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.Take(context.Background(), q.ID, contact.Claim{By: fmt.Sprintf("p%d@example.org", i), At: time.Now()})
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch code(err) {
		case "":
			wins++
		case contact.ECONFLICT:
		default:
			t.Errorf("claim: %v", err)
		}
	}
	if wins != 1 {
		t.Errorf("%d claims won, want exactly 1", wins)
	}
	full, _ := s.Inquiry(context.Background(), q.ID)
	if len(full.History) != 1 {
		t.Errorf("history %+v; want one claim", full.History)
	}
}

// pending returns the messages due now and lets the claims lapse.
func pending(t *testing.T, s contact.Store, purpose string) []*contact.Message {
	t.Helper()
	msgs, err := s.Claim(context.Background(), "pending", nil, 1000, time.Nanosecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	var out []*contact.Message
	for _, m := range msgs {
		if m.Purpose == purpose {
			out = append(out, m)
		}
	}
	return out
}

func testEscalation(t *testing.T, s contact.Store) {
	ctx := context.Background()
	now := time.Now().Truncate(time.Millisecond)
	mk := func(n int, due time.Duration) *contact.Inquiry {
		q := NewInquiry(n, now.Add(-72*time.Hour))
		q.DueAt = now.Add(due)
		mustSave(t, s, q, unitMail(t, q))
		return q
	}
	overdue := mk(1, -time.Minute)
	mk(2, time.Hour) // not yet due
	claimed := mk(3, -time.Hour)
	mk(4, -time.Hour) // overdue too
	if _, err := s.Take(ctx, claimed.ID, contact.Claim{By: "a@example.org", At: now}); err != nil {
		t.Fatal(err)
	}
	spamQ := NewInquiry(5, now.Add(-72*time.Hour))
	spamQ.DueAt, spamQ.Spam = now.Add(-time.Hour), true
	mustSave(t, s, spamQ, nil)
	var composed []string
	compose := func(q *contact.Inquiry) []*contact.Message {
		composed = append(composed, q.ID)
		if q.Email == "" || q.Message == "" {
			t.Errorf("compose got a partial inquiry %+v", q)
		}
		return Mailer(t).Escalation(q, now)
	}
	n, err := s.FireDue(ctx, contact.TimerEscalation, now, 10, compose)
	if err != nil || n != 2 {
		t.Fatalf("FireDue = %d, %v; want 2 (the unclaimed overdue ones)", n, err)
	}
	if len(composed) != 2 || (composed[0] != overdue.ID && composed[1] != overdue.ID) {
		t.Errorf("composed for %v; want %s among them", composed, overdue.ID)
	}
	if n, err := s.FireDue(ctx, contact.TimerEscalation, now.Add(time.Minute), 10, compose); err != nil || n != 0 {
		t.Errorf("second FireDue = %d, %v; want 0: each escalates once", n, err)
	}
	esc := pending(t, s, contact.PurposeEscalation)
	if len(esc) != 4 { // two coordinators each
		t.Errorf("%d escalation mails, want 4", len(esc))
	}
	for _, m := range esc {
		if e, err := contact.DecodeEmail(m); err != nil || strings.Contains(e.Body, "token=") {
			t.Errorf("escalation mail with Reply-To %q carries links (%v):\n%s", e.ReplyTo, err, e.Body)
		}
	}
	if links := pending(t, s, contact.PurposeActions); len(links) != 4 {
		t.Errorf("%d mails with the escalation's links, want 4", len(links))
	}
	full, _ := s.Inquiry(ctx, overdue.ID)
	if len(full.History) != 1 || full.History[0].Action != contact.ActionEscalated || full.History[0].Actor != contact.ActorPortal ||
		full.History[0].Detail != "to office@example.org, coordinator@example.org" {
		t.Errorf("history %+v", full.History)
	}
	if n, err := s.FireDue(ctx, contact.TimerEscalation, now.Add(2*time.Hour), 10, compose); err != nil || n != 1 {
		t.Errorf("when the next runs out: %d, %v; want 1", n, err)
	}
	if _, err := s.FireDue(ctx, "nonsense", now, 1, compose); code(err) != contact.EINVALID {
		t.Errorf("unknown timer: %v", err)
	}
}

func testReminder(t *testing.T, s contact.Store) {
	ctx := context.Background()
	now := time.Now().Truncate(time.Millisecond)
	a, b, c := NewInquiry(1, now.Add(-time.Hour)), NewInquiry(2, now.Add(-time.Hour)), NewInquiry(3, now.Add(-time.Hour))
	for _, q := range []*contact.Inquiry{a, b, c} {
		mustSave(t, s, q, unitMail(t, q))
	}
	for _, q := range []*contact.Inquiry{a, b} {
		if _, err := s.Take(ctx, q.ID, contact.Claim{By: "a@example.org", At: now.Add(-time.Hour), RemindAt: now.Add(-time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MarkAnswered(ctx, b.ID, "a@example.org", now.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	compose := func(q *contact.Inquiry) []*contact.Message { return Mailer(t).Reminder(q, now) }
	if n, err := s.FireDue(ctx, contact.TimerReminder, now, 10, compose); err != nil || n != 1 {
		t.Fatalf("FireDue(reminder) = %d, %v; want 1 (claimed, not answered)", n, err)
	}
	if n, _ := s.FireDue(ctx, contact.TimerReminder, now.Add(time.Hour), 10, compose); n != 0 {
		t.Errorf("reminded again: %d", n)
	}
	rem := pending(t, s, contact.PurposeReminder)
	if len(rem) != 1 || rem[0].Target != "a@example.org" || rem[0].InquiryID != a.ID {
		t.Errorf("reminders %+v; want one to the claimer of %s", rem, a.ID)
	}
}

func testJobs(t *testing.T, s contact.Store) {
	ctx := context.Background()
	if last, err := s.LastRun(ctx, contact.JobDigest); err != nil || last != "" {
		t.Fatalf("LastRun of a new store = %q, %v", last, err)
	}
	digest := []*contact.Message{{Kind: contact.KindEmail, Purpose: contact.PurposeDigest, Target: "office@example.org", Payload: []byte(`{"to":"office@example.org","subject":"s","body":"b"}`)}}
	var wg sync.WaitGroup
	recorded := make([]bool, 6)
	for i := range recorded {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if recorded[i], err = s.RecordRun(ctx, contact.JobDigest, "2026-11-30", digest); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	n := 0
	for _, r := range recorded {
		if r {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d of %d concurrent RecordRun calls recorded the period, want 1", n, len(recorded))
	}
	if last, _ := s.LastRun(ctx, contact.JobDigest); last != "2026-11-30" {
		t.Errorf("LastRun = %q", last)
	}
	if got := pending(t, s, contact.PurposeDigest); len(got) != 1 || got[0].InquiryID != "" {
		t.Errorf("digest messages %+v; want one, about no inquiry", got)
	}
	if ok, _ := s.RecordRun(ctx, contact.JobDigest, "2026-12-07", nil); !ok {
		t.Error("next period not recorded")
	}
	if last, _ := s.LastRun(ctx, contact.JobDigest); last != "2026-12-07" {
		t.Errorf("LastRun = %q", last)
	}
}

func testSecrets(t *testing.T, s contact.Store) {
	ctx := context.Background()
	first, second := []byte("first-key-first-key-first-key-00"), []byte("second-key-second-key-second-key")
	cur, prev, err := s.Secrets(ctx, first)
	if err != nil || string(cur) != string(first) || prev != nil {
		t.Fatalf("Secrets = %q, %q, %v; want the fresh key stored", cur, prev, err)
	}
	if cur, _, _ := s.Secrets(ctx, second); string(cur) != string(first) {
		t.Errorf("a second instance got %q; want the stored key", cur)
	}
	third := []byte("third-key-third-key-third-key-00")
	if err := s.RotateSecret(ctx, third); err != nil {
		t.Fatal(err)
	}
	if cur, prev, _ := s.Secrets(ctx, second); string(cur) != string(third) || string(prev) != string(first) {
		t.Errorf("after rotation %q, %q; want third, first", cur, prev)
	}
}

func testDeadMessages(t *testing.T, s contact.Store) {
	ctx := context.Background()
	now := time.Now()
	q := NewInquiry(1, now)
	mustSave(t, s, q, unitMail(t, q))
	h, err := s.Health(ctx)
	if err != nil || h.Pending != 1 || h.Dead != 0 || h.OldestPending.IsZero() {
		t.Fatalf("Health = %+v, %v; want one pending", h, err)
	}
	msgs, _ := s.Claim(ctx, "a", nil, 10, time.Minute)
	if len(msgs) != 1 {
		t.Fatalf("claimed %d", len(msgs))
	}
	notices := Mailer(t).DeadNotice(msgs[0], "550 no such user")
	if err := s.Dead(ctx, "b", msgs[0].ID, "not mine", notices); err != nil {
		t.Fatal(err)
	}
	if dead, _ := s.DeadMessages(ctx); len(dead) != 0 {
		t.Errorf("another owner's Dead took effect: %+v", dead)
	}
	if err := s.Dead(ctx, "a", msgs[0].ID, "550 no such user", notices); err != nil {
		t.Fatal(err)
	}
	if err := s.Dead(ctx, "a", msgs[0].ID, "550 no such user", notices); err != nil { // a late repeat adds nothing
		t.Fatal(err)
	}
	dead, err := s.DeadMessages(ctx)
	if err != nil || len(dead) != 1 || dead[0].ID != msgs[0].ID || dead[0].LastError != "550 no such user" || dead[0].Purpose != contact.PurposeUnit || dead[0].DeadAt.IsZero() {
		t.Fatalf("DeadMessages = %+v, %v", dead, err)
	}
	time.Sleep(2 * time.Millisecond)
	again, _ := s.Claim(ctx, "c", nil, 10, time.Minute)
	if len(again) != 2 || again[0].Purpose != contact.PurposeDeadNotice || again[1].Purpose != contact.PurposeDeadNotice {
		t.Errorf("after Dead, claimable: %+v; want only the two coordinators' notices", again)
	}
	if h, _ := s.Health(ctx); h.Dead != 1 || h.Pending != 2 {
		t.Errorf("Health = %+v; want 1 dead, 2 pending", h)
	}
}

// testPurgeRemovesHistory: purge and erasure take the history and the
// acknowledgement records with the inquiry (a new inquiry under the same id
// starts with none, and the address gets acknowledgements again).
func testPurgeRemovesHistory(t *testing.T, s contact.Store) {
	ctx := context.Background()
	now := time.Now()
	old := NewInquiry(1, now.Add(-400*24*time.Hour))
	mustSave(t, s, old, unitMail(t, old))
	if _, err := s.Take(ctx, old.ID, contact.Claim{By: "a@example.org", At: now}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Purge(ctx, now.Add(-365*24*time.Hour)); err != nil || n != 1 {
		t.Fatalf("Purge = %d, %v", n, err)
	}
	twin := NewInquiry(2, now)
	twin.ID = old.ID
	mustSave(t, s, twin, nil)
	if got, err := s.Inquiry(ctx, old.ID); err != nil || len(got.History) != 0 || len(got.Recipients) != 0 {
		t.Errorf("after purge: %+v, %v; want no history left", got, err)
	}

	for i := range contact.AckPerAddress {
		q := NewInquiry(10+i, now)
		q.Email = "ola@example.no"
		q.Hash = q.ContentHash()
		mustSave(t, s, q, Messages(t, q))
		if i == 0 {
			if _, err := s.Take(ctx, q.ID, contact.Claim{By: "a@example.org", At: now}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, _, err := s.DeleteEmail(ctx, "OLA@example.no"); err != nil {
		t.Fatal(err)
	}
	q := NewInquiry(20, now)
	q.Email = "ola@example.no"
	q.Hash = q.ContentHash()
	mustSave(t, s, q, Messages(t, q))
	if n := acks(t, s); n != 1 {
		t.Errorf("after erasure, %d acknowledgements pending; want the new one (the old records went)", n)
	}
}

func testProgress(t *testing.T, s contact.Store) {
	ctx := context.Background()
	now := time.Now().Truncate(time.Millisecond)
	q := NewInquiry(1, now.Add(-time.Hour))
	q.DueAt = now.Add(48 * time.Hour)
	mustSave(t, s, q, unitMail(t, q))
	if _, err := s.Take(ctx, q.ID, contact.Claim{By: "a@example.org", At: now}); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Progress(ctx, contact.Filter{Since: now.Add(-2 * time.Hour)})
	if err != nil || len(rows) != 1 {
		t.Fatalf("Progress = %v, %v", rows, err)
	}
	p := rows[0]
	if p.ID != q.ID || p.Topic != "general" || p.Status != contact.StatusClaimed || !p.ClaimedAt.Equal(now) || !p.DueAt.Equal(q.DueAt) || p.Email != "" || p.Message != "" {
		t.Errorf("Progress row %+v", p)
	}
	if rows, _ := s.Progress(ctx, contact.Filter{Since: now}); len(rows) != 0 {
		t.Errorf("Progress(since later) = %v", rows)
	}
}
