package contact_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
)

func TestCSVFormulaInjection(t *testing.T) {
	evil := []string{"=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "=1\n=2"}
	var inqs []*contact.Inquiry
	for i, s := range evil {
		inqs = append(inqs, &contact.Inquiry{ID: "id", CreatedAt: time.Unix(0, 0), Name: s, Organisation: s, Message: s, Email: "a@b.no", Topic: "general", SpamScore: i})
	}
	var b bytes.Buffer
	if err := contact.WriteCSV(&b, inqs); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(evil)+1 || rows[0][0] != "id" {
		t.Fatalf("rows %q", rows)
	}
	for i, row := range rows[1:] {
		for _, cell := range []string{row[4], row[6], row[7]} {
			// encoding/csv reads a quoted CR back as LF, so compare after the quote only loosely.
			if !strings.HasPrefix(cell, "'") || len(cell) != len(evil[i])+1 {
				t.Errorf("row %d: cell %q not defused (from %q)", i, cell, evil[i])
			}
		}
	}
	if got := contact.CSVCell("Equinor"); got != "Equinor" {
		t.Errorf("plain cell changed: %q", got)
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := contact.WriteJSON(&b, nil); err != nil || strings.TrimSpace(b.String()) != "[]" {
		t.Fatalf("empty export %q, %v", b.String(), err)
	}
	b.Reset()
	q := &contact.Inquiry{ID: "x", Email: "a@b.no", Key: "secret-key", Hash: "h"}
	if err := contact.WriteJSON(&b, []*contact.Inquiry{q}); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || got[0]["email"] != "a@b.no" || got[0]["Key"] != nil {
		t.Errorf("export %s (%v)", b.String(), err)
	}
}

func TestBackoff(t *testing.T) {
	min, max := time.Second, time.Minute
	for attempts, want := range map[int]time.Duration{0: time.Second, 1: 2 * time.Second, 3: 8 * time.Second, 20: time.Minute} {
		got := contact.Backoff(attempts, min, max)
		if got < want || got > want+want/5 {
			t.Errorf("Backoff(%d) = %v, want %v..+20%%", attempts, got, want)
		}
	}
}

func TestNotificationsSkipSpam(t *testing.T) {
	q := &contact.Inquiry{ID: "x", Spam: true}
	if m := contact.Notifications(q, "L", []string{"a@b.no"}, "https://hook.example"); m != nil {
		t.Errorf("spam got notifications %v", m)
	}
	q.Spam = false
	m := contact.Notifications(q, "L", []string{"a@b.no", "c@d.no"}, "https://hook.example")
	if len(m) != 2 || m[0].Target != "a@b.no,c@d.no" || m[1].Kind != contact.KindWebhook {
		t.Errorf("notifications %+v", m)
	}
}

func TestSpamScore(t *testing.T) {
	now := time.UnixMilli(1_800_000_000_000)
	ms := func(d time.Duration) string { return strconv.FormatInt(now.Add(-d).UnixMilli(), 10) }
	tests := []struct {
		form contact.Form
		spam bool
	}{
		{contact.Form{"started": ms(time.Second)}, true},
		{contact.Form{"started": ms(10 * time.Second)}, false},
		{contact.Form{}, false},
		{contact.Form{"started": "garbage"}, false},
		{contact.Form{"started": ms(-time.Hour)}, false}, // clock skew: neutral
		{contact.Form{"message": "http://a https://b http://c", "name": "http://x"}, true},
	}
	for _, tt := range tests {
		if got := contact.SpamScore(tt.form, now) >= contact.SpamThreshold; got != tt.spam {
			t.Errorf("SpamScore(%v) spam=%v, want %v", tt.form, got, tt.spam)
		}
	}
}
