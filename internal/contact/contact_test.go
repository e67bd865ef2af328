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

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"Equinor":                     "Equinor",
		"=HYPERLINK(\"http://evil\")": "'=HYPERLINK(\"http://evil\")",
		"+1+1":                        "'+1+1",
		"-2+3":                        "'-2+3",
		"@SUM(A1)":                    "'@SUM(A1)",
		"\tx":                         "'\tx",
		"\rx":                         "'\rx",
		"=1\n=2":                      "'=1\n'=2",
		"Acme AS;=HYPERLINK(1)":       "Acme AS;'=HYPERLINK(1)",
		"a, -2+3":                     "a, '-2+3",
		"a;\"=1\"":                    "a;\"'=1\"",
		"3-4 people, 1+1 ok":          "3-4 people, 1+1 ok",
		"":                            "",
	} {
		if got := contact.CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCSVFormulaInjection parses the export as a spreadsheet would with each
// list separator it may be set to (issue 12, defect 2: Norwegian Excel uses
// ";", and only a cell's first character used to be checked). No cell may
// start with a formula, whichever separator splits the lines.
func TestCSVFormulaInjection(t *testing.T) {
	evil := []string{
		"=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\t=x", "\r=x", "=1\n=2",
		"Acme AS;=HYPERLINK(\"http://evil\";\"x\")", "Acme AS,=1+1", "Acme AS\t=1+1", "a; -2+3", "a;\"=1\"",
		"x\r\n@SUM(A1)", "Kari;  =cmd|' /C calc'!A0",
	}
	var inqs []*contact.Inquiry
	for i, s := range evil {
		inqs = append(inqs, &contact.Inquiry{ID: "id", CreatedAt: time.Unix(0, 0), Name: s, Organisation: s, Message: s, Email: "a@b.no", Topic: "general", SpamScore: i})
	}
	var b bytes.Buffer
	if err := contact.WriteCSV(&b, inqs); err != nil {
		t.Fatal(err)
	}
	for _, sep := range []rune{',', ';', '\t'} {
		r := csv.NewReader(bytes.NewReader(b.Bytes()))
		r.Comma, r.LazyQuotes, r.FieldsPerRecord = sep, true, -1
		records, err := r.ReadAll()
		if err != nil {
			t.Fatalf("separator %q: %v", sep, err)
		}
		for _, rec := range records {
			for _, cell := range rec {
				if c := strings.TrimLeft(cell, " \""); c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
					t.Errorf("separator %q: cell %q starts a formula", sep, cell)
				}
			}
		}
	}
	// Read back with the real separator, every value is the original with
	// only the defusing quotes added.
	rows, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil || len(rows) != len(evil)+1 || rows[0][0] != "id" {
		t.Fatalf("rows %q, %v", rows, err)
	}
	for i, row := range rows[1:] {
		// Line breaks are written as LF (StripControl).
		want := contact.StripControl(evil[i])
		if got := strings.ReplaceAll(row[6], "'", ""); got != strings.ReplaceAll(want, "'", "") {
			t.Errorf("row %d: organisation %q, want %q with quotes added", i, row[6], want)
		}
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

// FuzzCSVCell: whatever a visitor types, no separator a spreadsheet may use
// starts a formula in the written file, and only quotes are added.
func FuzzCSVCell(f *testing.F) {
	for _, s := range []string{"Acme AS;=HYPERLINK(1)", "=1\n=2", "a, -2", "\t@x", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cell := contact.CSVCell(s)
		if strings.ReplaceAll(cell, "'", "") != strings.ReplaceAll(s, "'", "") {
			t.Fatalf("CSVCell(%q) = %q changed more than quotes", s, cell)
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		_ = w.Write([]string{"x", cell, "y"})
		w.Flush()
		for _, sep := range []rune{',', ';', '\t'} {
			r := csv.NewReader(bytes.NewReader(b.Bytes()))
			r.Comma, r.LazyQuotes, r.FieldsPerRecord = sep, true, -1
			records, err := r.ReadAll()
			if err != nil {
				continue // a parse the spreadsheet would not make either
			}
			for _, rec := range records {
				for _, c := range rec {
					if c := strings.TrimLeft(c, " \""); c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
						t.Fatalf("CSVCell(%q) = %q: with %q a cell starts %q", s, cell, sep, c)
					}
				}
			}
		}
	})
}

// TestCSVStripsControlCharacters: inquiries stored before control characters
// were stripped at the form still reach the CSV without them.
func TestCSVStripsControlCharacters(t *testing.T) {
	var b bytes.Buffer
	q := &contact.Inquiry{ID: "id", CreatedAt: time.Unix(0, 0), Name: "Kari\x1b[31m", Message: "a\x00b\x07\r\nc\td", Email: "a@b.no"}
	if err := contact.WriteCSV(&b, []*contact.Inquiry{q}); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(b.String(), "\x00\x07\x1b") {
		t.Errorf("CSV has control characters: %q", b.String())
	}
	if !strings.Contains(b.String(), "\"ab\nc\td\"") {
		t.Errorf("CSV lost tab or newline: %q", b.String())
	}
}

func TestLimitMemo(t *testing.T) {
	var m contact.LimitMemo
	now := time.Now()
	if m.Limited("a", now) {
		t.Error("an empty memo limits")
	}
	m.Remember("a", now.Add(time.Hour))
	if !m.Limited("a", now) || m.Limited("a", now.Add(time.Hour)) || m.Limited("b", now) {
		t.Error("Limited does not follow Remember")
	}
	m.Forget()
	if m.Limited("a", now) {
		t.Error("Forget kept a limit")
	}
}
