package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

// seedProgress stores three inquiries: one answered in time, one claimed
// and overdue, one new, plus a spam-flagged one.
func seedProgress(t *testing.T) (path string, ids []string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "contact.db")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now()
	for i, age := range []time.Duration{20 * 24 * time.Hour, 10 * 24 * time.Hour, time.Hour, time.Hour} {
		q := storetest.NewInquiry(i, now.Add(-age))
		q.Spam = i == 3
		if _, _, err := db.Save(ctx, q, storetest.Messages(t, q)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, q.ID)
	}
	claim := func(i int, after time.Duration) time.Time {
		at := now.Add(-[]time.Duration{20 * 24 * time.Hour, 10 * 24 * time.Hour}[i]).Add(after)
		if _, err := db.Take(ctx, ids[i], contact.Claim{By: "a@example.org", Name: "Kari", At: at}); err != nil {
			t.Fatal(err)
		}
		return at
	}
	at := claim(0, 2*time.Hour)
	if _, err := db.MarkAnswered(ctx, ids[0], "a@example.org", at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	claim(1, 6*time.Hour)
	return path, ids
}

func TestContactReport(t *testing.T) {
	path, ids := seedProgress(t)
	env := map[string]string{"PORTAL_DB": path, "PORTAL_SOURCE": t.TempDir()} // no site.yaml: topic ids
	out, err := runEnv(t, env, "contact", "report")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "general 3 2 1 2 4h 0m 4h 0m 1 1 1 Total 3 2 1 2 4h 0m 4h 0m 1 1 1") {
		t.Errorf("figures: want 3 received, 2 claimed, 1 answered, 2 open, medians 4h, 1 kept, 1 broken, 1 pending:\n%s", out)
	}
	for _, want := range []string{
		"Spam-flagged, not counted above: 1",
		"Open inquiries, oldest first: 2",
		contact.Reference(ids[1]) + "  general                   10 days (claimed, promise broken)",
		contact.Reference(ids[2]) + "  general                   1 hour (new)",
		"Undeliverable messages: 0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Kari") || strings.Contains(out, "@Example.no") || strings.Contains(out, "Hello number") {
		t.Errorf("the report shows personal data:\n%s", out)
	}

	out, err = runEnv(t, env, "contact", "report", "--format", "json", "--since", time.Now().AddDate(0, 0, -15).Format(time.DateOnly))
	var r contact.Report
	if err != nil || json.Unmarshal([]byte(out), &r) != nil || r.Total.Received != 2 || len(r.Open) != 2 || r.From.IsZero() {
		t.Errorf("json since 15 days ago: %v\n%s", err, out)
	}

	out, err = runEnv(t, env, "contact", "report", "--format", "csv")
	rows, cerr := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || cerr != nil || len(rows) != 3 || rows[0][0] != "topic" || rows[1][0] != "general" || rows[2][0] != "total" || rows[2][2] != "3" || rows[2][6] != "4.0" {
		t.Errorf("csv: %v %v\n%s", err, cerr, out)
	}
	for _, bad := range [][]string{{"--format", "xml"}, {"--since", "last week"}} {
		if _, err := runEnv(t, env, append([]string{"contact", "report"}, bad...)...); err == nil {
			t.Errorf("report %v did not fail", bad)
		}
	}
}

// TestExportHasProgress: the export gains reference, status, claimed_by,
// claimed_at and answered_at.
func TestExportHasProgress(t *testing.T) {
	path, ids := seedProgress(t)
	out, err := runEnv(t, map[string]string{"PORTAL_DB": path}, "contact", "export")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 5 {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := strings.Join(rows[0][10:], ","); got != "reference,status,claimed_by,claimed_at,answered_at" {
		t.Errorf("new columns %s", got)
	}
	first := rows[1]
	if first[10] != contact.Reference(ids[0]) || first[11] != "answered" || first[12] != "Kari <a@example.org>" || first[13] == "" || first[14] == "" {
		t.Errorf("answered row %q", first)
	}
	if rows[3][11] != "new" || rows[3][12] != "" || rows[3][14] != "" {
		t.Errorf("new row %q", rows[3])
	}
	out, err = runEnv(t, map[string]string{"PORTAL_DB": path}, "contact", "export", "--format", "json")
	var got []map[string]any
	if err != nil || json.Unmarshal([]byte(out), &got) != nil || got[0]["status"] != "answered" || got[0]["reference"] != contact.Reference(ids[0]) || got[0]["answered_at"] == nil || got[2]["claimed_at"] != nil {
		t.Errorf("json export: %v\n%s", err, out)
	}
}

func TestContactRotateSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	env := map[string]string{"PORTAL_DB": path}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	before, _, _ := db.Secrets(ctx, contact.NewSecret())
	db.Close()
	if out, err := runEnv(t, env, "contact", "rotate-secret"); err != nil || !strings.HasPrefix(out, "rotated the link-signing key") {
		t.Fatalf("rotate-secret: %q %v", out, err)
	}
	db, _ = sqlite.Open(ctx, path)
	defer db.Close()
	cur, prev, _ := db.Secrets(ctx, contact.NewSecret())
	if string(prev) != string(before) || string(cur) == string(before) {
		t.Errorf("after rotation the previous key is %x, want %x", prev, before)
	}
	env["PORTAL_SECRET"] = strings.Repeat("k", 40)
	if _, err := runEnv(t, env, "contact", "rotate-secret"); err == nil || !strings.Contains(err.Error(), "PORTAL_SECRET is set") {
		t.Errorf("rotate-secret with PORTAL_SECRET set: %v", err)
	}
}

func TestContactServeRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--smtp-tls", "sometimes"},
		{"--public-url", "partner.uio.no"},
	} {
		env := map[string]string{"PORTAL_DB": filepath.Join(t.TempDir(), "c.db")}
		_, err := runEnv(t, env, append([]string{"contact", "serve", "--source", "testdata/contact", "--addr", "127.0.0.1:0"}, args...)...)
		if err == nil || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("serve %v: %v; want an error naming the flag", args, err)
		}
	}
	env := map[string]string{"PORTAL_DB": filepath.Join(t.TempDir(), "c.db"), "PORTAL_SECRET": "short"}
	if _, err := runEnv(t, env, "contact", "serve", "--source", "testdata/contact", "--addr", "127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "PORTAL_SECRET is 5 characters long") {
		t.Errorf("short PORTAL_SECRET: %v", err)
	}
}

// BenchmarkContactReport runs `portal contact report` (opening the database
// as the command does) over 100,000 inquiries received over a year in six
// topics: 2% spam, and of the rest 60% answered, 20% claimed and 20% new.
// The target (issue 12) is at most 1 s; see docs/bench-contact.md.
func BenchmarkContactReport(b *testing.B) {
	path := seedReport(b, 100_000)
	for _, format := range []string{"text", "json", "csv"} {
		b.Run(format, func(b *testing.B) {
			m := &Main{Env: cli.Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}}
			for b.Loop() {
				if err := m.Run(context.Background(), []string{"contact", "report", "--db", path, "--format", format, "--source", "testdata/contact"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// seedReport stores n inquiries through the store (so the rows are what
// the endpoint writes), then sets their progress in a few statements: n
// claims and answers one by one would be n durable commits.
func seedReport(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "contact.db")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	topics := []string{"research-collaboration", "talent-and-internships", "facilities", "licensing-and-spinoffs", "continuing-education", "general"}
	start := time.Now().AddDate(-1, 0, 0)
	var wg sync.WaitGroup
	work := make(chan int)
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				q := storetest.NewInquiry(i, start.Add(time.Duration(i)*(365*24*time.Hour)/time.Duration(n)))
				q.Topic, q.Spam = topics[i%len(topics)], i%50 == 0
				q.Hash = q.ContentHash()
				q.DueAt = q.CreatedAt.Add(3 * 24 * time.Hour)
				if _, _, err := db.Save(ctx, q, nil); err != nil {
					b.Error(err)
				}
			}
		}()
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{
		// rowid order is arrival order: 60% answered within 1-5 days, 20% claimed, the rest new.
		`UPDATE inquiries SET status = 'claimed', claimed_by = 'unit@example.org', claimed_at = created_at + (rowid % 48) * 3600000 WHERE rowid % 5 <> 0`,
		`UPDATE inquiries SET status = 'answered', answered_by = 'unit@example.org', answered_at = claimed_at + (rowid % 96) * 3600000 WHERE rowid % 5 IN (1, 2, 3)`,
	} {
		if _, err := raw.ExecContext(ctx, stmt); err != nil {
			b.Fatal(err)
		}
	}
	return path
}

// TestContactReportMisses: the report lists the searches that found
// nothing, each from three or more clients, in text and JSON.
func TestContactReportMisses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contact.db")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	c := contact.NewMissCounter(db, time.UTC)
	for i := range 4 {
		for _, q := range []string{"microscopes", "mikroskop"} {
			if err := c.Count(ctx, "198.51.100."+string(rune('1'+i))+"/32", "en", q); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.Count(ctx, "198.51.100.9/32", "en", "kari nordmann"); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	env := map[string]string{"PORTAL_DB": path, "PORTAL_SOURCE": t.TempDir()}
	out, err := runEnv(t, env, "contact", "report")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Searches that found nothing (each sent by at least 3 different visitors on one day): 2") ||
		!strings.Contains(out, "microscopes") || strings.Contains(out, "kari") {
		t.Errorf("text report:\n%s", out)
	}
	out, err = runEnv(t, env, "contact", "report", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Misses []contact.MissSummary `json:"searches_that_found_nothing"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Misses) != 2 || r.Misses[0].Clients != 4 || r.Misses[0].Query != "microscopes" && r.Misses[0].Query != "mikroskop" {
		t.Errorf("json misses = %+v", r.Misses)
	}
}
