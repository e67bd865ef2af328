package main

import (
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// minimalSite writes a site with one page, plus extra files.
func minimalSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	var overrides []string
	for name, body := range extra {
		overrides = append(overrides, name, body)
	}
	return sitetest.Write(t, `
-- site.yaml --
title: T
baseURL: https://example.org/
languages: [{code: en, name: English}]
sections:
  - {name: partners, title: Partners, required: [title], optional: [summary], sort: title}
-- layouts/_default/baseof.html --
{{block "main" .}}{{end}}
-- layouts/_default/single.html --
{{define "main"}}{{.Content}}{{end}}
-- content/partners/roche.md --
---
title: Roche
---
Text.
`, overrides...)
}

func TestCheckExitCodes(t *testing.T) {
	clean := minimalSite(t, nil)
	warnings := minimalSite(t, map[string]string{"content/partners/a.md": "---\ntitle: A\n---\n# A\n"})
	errs := minimalSite(t, map[string]string{"content/partners/a.md": "---\ntitle: A\n---\n[x](/nope/)\n"})
	for _, tc := range []struct {
		name       string
		args       []string
		code       int
		out, inErr string
	}{
		{"clean", []string{"check", "--source", clean}, 0, "", "check: no problems found\n"},
		{"warnings only", []string{"check", "--source", warnings}, 0,
			"content/partners/a.md:4:1: warning: heading level 1 in the text: the title is the page's only level-1 heading; use \"## \" for sections\n",
			"check: no errors, 1 warning(s)\n"},
		{"errors", []string{"check", "--source", errs}, 1,
			"content/partners/a.md:4:5: error: broken link \"/nope/\": the site has no page at /nope/\n",
			"check: 1 error(s), 0 warning(s)\n"},
		{"github format", []string{"check", "--format", "github", "--source", errs}, 1,
			"::error file=content/partners/a.md,line=4,col=5::broken link \"/nope/\": the site has no page at /nope/\n",
			"check: 1 error(s), 0 warning(s)\n"},
		{"unknown format", []string{"check", "--format", "xml", "--source", clean}, 2, "", "portal check: unknown format \"xml\": want text or github\n"},
		{"extra argument", []string{"check", "content"}, 2, "", "portal check: unexpected argument \"content\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, tc.args...)
			if code != tc.code || out != tc.out || errOut != tc.inErr {
				t.Errorf("exit %d, stdout %q, stderr %q\nwant exit %d, stdout %q, stderr %q", code, out, errOut, tc.code, tc.out, tc.inErr)
			}
		})
	}
}

func TestNewCommand(t *testing.T) {
	site := minimalSite(t, nil)
	code, out, errOut := run(t, "new", "--source", site, "partners", "Økt samarbeid", "--lang", "en")
	if code != 0 || !strings.HasPrefix(out, "wrote content/partners/okt-samarbeid.md\n") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, _, errOut = run(t, "new", "--source", site, "partners", "Økt samarbeid")
	if want := "portal: content/partners/okt-samarbeid.md already exists: edit that file, or choose another title (or --slug)\n"; code != 1 || errOut != want {
		t.Errorf("overwrite: exit %d, stderr %q; want 1, %q", code, errOut, want)
	}
	code, _, errOut = run(t, "new", "--source", site, "news", "X")
	if want := "portal: unknown section \"news\": site.yaml declares partners\n"; code != 1 || errOut != want {
		t.Errorf("unknown section: exit %d, stderr %q; want 1, %q", code, errOut, want)
	}
	if code, _, _ = run(t, "new", "--source", site, "partners"); code != 2 {
		t.Errorf("missing title: exit %d, want 2", code)
	}
}
