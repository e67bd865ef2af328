package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Økt samarbeid":                "okt-samarbeid",
		"Hello, World!":                "hello-world",
		"  --Leading and trailing--  ": "leading-and-trailing",
		"Ærlig talt på Blindern":       "aerlig-talt-pa-blindern",
		"Straße café":                  "strasse-cafe",
		"../../etc/passwd":             "etc-passwd",
		"日本語":                          "",
		"LMI (Legemiddelindustrien)":   "lmi-legemiddelindustrien",
	}
	for in, want := range tests {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if got := Slugify(in); got != "" && !ValidSlug(got) {
			t.Errorf("Slugify(%q) = %q is not a valid slug", in, got)
		}
	}
}

func TestValidSlug(t *testing.T) {
	for _, s := range []string{"a", "abc-123", "x-"} {
		if !ValidSlug(s) {
			t.Errorf("ValidSlug(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-a", "..", "a/b", "A", "a b", "a.b", "a_b", "æ", strings.Repeat("a", 201)} {
		if ValidSlug(s) {
			t.Errorf("ValidSlug(%q) = true", s)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2024-03-01":                time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
		"2024-03-01T10:30:00Z":      time.Date(2024, 3, 1, 10, 30, 0, 0, time.UTC),
		"2024-03-01T10:30:00+01:00": time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC),
		"2024-03-01 10:30":          time.Date(2024, 3, 1, 10, 30, 0, 0, time.UTC),
	} {
		got, ok := ParseDate(in)
		if !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"tomorrow", "2024-02-30", "01.03.2024", "2024-3-1", ""} {
		if _, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q) accepted", in)
		}
	}
}

func TestPublished(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	tests := []struct {
		name                   string
		p                      Page
		drafts, fut, exp, want bool
	}{
		{"plain", Page{}, false, false, false, true},
		{"draft", Page{Draft: true}, false, false, false, false},
		{"draft with drafts", Page{Draft: true}, true, false, false, true},
		{"published before now", Page{PublishDate: past}, false, false, false, true},
		{"publish date in the future", Page{PublishDate: future}, false, false, false, false},
		{"future with future", Page{PublishDate: future}, false, true, false, true},
		{"expires later", Page{ExpiryDate: future}, false, false, false, true},
		{"expired", Page{ExpiryDate: past}, false, false, false, false},
		{"expires exactly now", Page{ExpiryDate: now}, false, false, false, false},
		{"expired with expired", Page{ExpiryDate: past}, false, false, true, true},
		{"draft and future with future only", Page{Draft: true, PublishDate: future}, false, true, false, false},
	}
	for _, tt := range tests {
		if got := tt.p.Published(now, tt.drafts, tt.fut, tt.exp); got != tt.want {
			t.Errorf("%s: Published = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseLines(t *testing.T) {
	cfg := mustConfig(t)
	src := "\n---\ntitle: T\nsummary: S\ndate: 2024-03-01\ntags: [a, A , b, '']\n---\nBody line one.\n"
	p, err := Parse(cfg, "content/news/x.md", []byte("\ufeff"+src), Regular, "news", "x", "en")
	if err != nil {
		t.Fatal(err)
	}
	if p.Lines["title"] != 3 || p.Lines["tags"] != 6 || p.FrontMatterEnd != 7 || p.BodyLine != 8 {
		t.Errorf("Lines %v, FrontMatterEnd %d, BodyLine %d; want title 3, tags 6, end 7, body 8", p.Lines, p.FrontMatterEnd, p.BodyLine)
	}
	if string(p.Body) != "Body line one.\n" {
		t.Errorf("Body = %q", p.Body)
	}
	if got := strings.Join(p.Terms["tags"], "|"); got != "a|A|b" {
		t.Errorf("Terms = %q, want a|A|b (trimmed, empty dropped)", got)
	}
	if p.Line("summary") != 4 || p.Line("weight") != 7 {
		t.Errorf("Line(summary) = %d, Line(weight) = %d; want 4 and 7 (absent: the closing ---)", p.Line("summary"), p.Line("weight"))
	}
}

func TestLoadSkipsEditorFiles(t *testing.T) {
	cfg := mustConfig(t)
	root := t.TempDir()
	page := "---\ntitle: T\nsummary: S\ndate: 2024-03-01\n---\n"
	for name, data := range map[string]string{
		"content/news/a.md":      page,
		"content/news/a.nb.md":   page,
		"content/news/.a.md.swp": "\x00binary",
		"content/news/a.md~":     "backup",
		"content/news/#a.md#":    "autosave",
		"content/.git/config":    "x",
		"content/news/.DS_Store": "x",
		"content/news/notes.tmp": "x",
		"content/_index.md":      "---\ntitle: Home\n---\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, err := Load(root, cfg)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var files []string
	for _, p := range site.Pages {
		files = append(files, p.File)
	}
	if got := strings.Join(files, " "); got != "content/_index.md content/news/a.md content/news/a.nb.md" {
		t.Errorf("pages %s", got)
	}
	en, nb := site.Pages[1], site.Pages[2]
	if en.TranslationKey() != nb.TranslationKey() || en.Lang != "en" || nb.Lang != "nb" {
		t.Error("a.md and a.nb.md are not one page in two languages")
	}
}

// Regression: a file ending in the closing --- without a newline put
// FrontMatterEnd (where missing fields are reported) on the line above.
func TestFrontMatterEndWithoutNewline(t *testing.T) {
	cfg := mustConfig(t)
	for _, src := range []string{"---\ntitle: T\ndate: 2024-03-01\n---", "---\ntitle: T\ndate: 2024-03-01\n---\n", "---\r\ntitle: T\r\ndate: 2024-03-01\r\n---\r\nBody"} {
		_, err := Parse(cfg, "content/news/x.md", []byte(src), Regular, "news", "x", "en")
		want := `content/news/x.md:4: front matter: missing required field "summary"`
		if err == nil || err.Error() != want {
			t.Errorf("Parse(%q) = %v, want %s", src, err, want)
		}
	}
}
