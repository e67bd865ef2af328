package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/sitetest"
)

// assertSameTree fails with the differences between two output folders.
func assertSameTree(t *testing.T, want, got string) {
	t.Helper()
	if d := diffTrees(readTree(t, want), readTree(t, got)); d != "" {
		t.Errorf("incremental output differs from a full build:\n%s", d)
	}
}

func TestIncrementalEqualsFullBuild(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	edit := func(file, old, new string) func(t *testing.T, src string) []string {
		return func(t *testing.T, src string) []string {
			p := filepath.Join(src, file)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(old)) {
				t.Fatalf("%s does not contain %q", file, old)
			}
			if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
				t.Fatal(err)
			}
			return []string{file}
		}
	}
	write := func(file, text string) func(t *testing.T, src string) []string {
		return func(t *testing.T, src string) []string {
			if err := os.WriteFile(filepath.Join(src, file), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			return []string{file}
		}
	}
	remove := func(file string) func(t *testing.T, src string) []string {
		return func(t *testing.T, src string) []string {
			if err := os.Remove(filepath.Join(src, file)); err != nil {
				t.Fatal(err)
			}
			return []string{file}
		}
	}
	tests := []struct {
		name   string
		change func(t *testing.T, src string) []string
	}{
		{"body edit", edit("content/case-studies/roche-agreement-2021.md", "Medical innovation through collaboration", "Medical innovation, together")},
		{"title edit shown in lists and on pages that link it", edit("content/pathways/talent-and-recruitment.md", "title: ", "title: Renamed ")},
		{"summary edit", edit("content/offerings/mentoring.md", "summary: ", "summary: Now ")},
		{"new term", edit("content/case-studies/roche-agreement-2021.md", "sectors: [", "sectors: [newterm, ")},
		{"new page", write("content/case-studies/a-new-story.md", "---\ntitle: A new story\nsummary: Something happened.\ndate: 2026-10-01\npartners: [Roche]\nsources: [{title: A source, date: 2021}]\nsectors: [pharma]\n---\n\nIt went well.\n")},
		{"new translation", write("content/case-studies/novartis-mathematics-internships.nb.md", "---\ntitle: Praksis for matematikkstudenter\nsummary: Et årlig praksisprogram.\ndate: 2022-04-01\npartners: [Novartis]\nsources: [{title: A source, date: 2021}]\n---\n\nTekst.\n")},
		{"deleted page", remove("content/partners/bayer-norway.md")},
		{"footer page edit", edit("content/about.md", "title: ", "title: All ")},
		{"layout edit", edit("layouts/_default/single.html", "<article class=\"wrap page\">", "<article class=\"wrap page changed\">")},
		{"static edit", edit("static/css/site.css", "--radius: 10px;", "--radius: 8px;")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := sitetest.Fixture(t)
			live := filepath.Join(t.TempDir(), "live")
			site, _, err := Open(context.Background(), Options{Source: src, Out: live, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			changed := tt.change(t, src)
			if _, err := site.Update(context.Background(), changed); err != nil {
				t.Fatal(err)
			}
			if err := site.WaitIndex(); err != nil {
				t.Fatal(err)
			}
			full := filepath.Join(t.TempDir(), "full")
			if _, err := Build(context.Background(), Options{Source: src, Out: full, Now: now}); err != nil {
				t.Fatal(err)
			}
			assertSameTree(t, full, live)
		})
	}
}

func TestIncrementalKeepsLastGoodSiteOnError(t *testing.T) {
	src := sitetest.Fixture(t)
	live := filepath.Join(t.TempDir(), "live")
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	site, _, err := Open(context.Background(), Options{Source: src, Out: live, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	before := readTree(t, live)
	bad := "content/case-studies/roche-agreement-2021.md"
	if err := os.WriteFile(filepath.Join(src, bad), []byte("---\ntitle: [unclosed\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = site.Update(context.Background(), []string{bad})
	if err == nil || !strings.Contains(err.Error(), bad+":") {
		t.Fatalf("Update error = %v, want a positioned error in %s", err, bad)
	}
	after := readTree(t, live)
	if len(after) != len(before) {
		t.Fatalf("a failed update changed the output: %d files before, %d after", len(before), len(after))
	}
	for p, b := range before {
		if !bytes.Equal(b, after[p]) {
			t.Fatalf("a failed update changed %s", p)
		}
	}
}
