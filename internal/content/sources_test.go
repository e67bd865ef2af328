package content

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/uio-partner/portal/internal/config"
)

// sourcesConfig is a site whose stories require sources.
func sourcesConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte(`title: T
baseURL: https://example.org/
languages: [{code: en, name: English}]
fields:
  sources: {type: sources}
sections:
  - name: stories
    required: [title, sources]
  - name: notes
    optional: [sources]
`))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestSources(t *testing.T) {
	cfg := sourcesConfig(t)
	p, err := Parse(cfg, "content/stories/a.md", []byte(`---
title: A
sources:
  - title: UiO signs cooperation agreement with Roche
    publisher: University of Oslo
    date: 2021-02-15
    url: https://www.uio.no/x
  - title: "A month"
    date: 2021-02
  - {title: A year, date: 2019}
---
Text.
`), Regular, "stories", "a", "en")
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{
		{Title: "UiO signs cooperation agreement with Roche", Publisher: "University of Oslo", URL: "https://www.uio.no/x", Line: 4,
			Date: SourceDate{Time: time.Date(2021, 2, 15, 0, 0, 0, 0, time.UTC), Precision: Day}},
		{Title: "A month", Line: 8, Date: SourceDate{Time: time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC), Precision: Month}},
		{Title: "A year", Line: 10, Date: SourceDate{Time: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), Precision: Year}},
	}
	if diff := cmp.Diff(want, p.Sources); diff != "" {
		t.Errorf("Sources (-want, +got):\n%s", diff)
	}
	if got := []string{p.Sources[0].Date.String(), p.Sources[1].Date.String(), p.Sources[2].Date.String()}; !cmp.Equal(got, []string{"2021-02-15", "2021-02", "2019"}) {
		t.Errorf("dates written as %v", got)
	}
}

// TestBadSources: every bad source is refused at its line and column, all
// at once, and a page of a section that requires sources is refused
// without one.
func TestBadSources(t *testing.T) {
	cfg := sourcesConfig(t)
	for _, tc := range []struct {
		name, file, section, src string
		want                     []string
	}{
		{"missing", "content/stories/a.md", "stories", "---\ntitle: A\n---\n",
			[]string{`content/stories/a.md:3: front matter: missing required field "sources": stories pages name the sources of their facts, one "- title: …" with date: (2021-02-15, 2021-02 or 2021), and publisher: and url: where known`}},
		{"empty list", "content/stories/a.md", "stories", "---\ntitle: A\nsources: []\n---\n",
			[]string{`content/stories/a.md:3: front matter: missing required field "sources": stories pages name the sources of their facts, one "- title: …" with date: (2021-02-15, 2021-02 or 2021), and publisher: and url: where known`}},
		{"optional", "content/notes/a.md", "notes", "---\ntitle: A\n---\n", nil},
		{"every problem", "content/stories/a.md", "stories", `---
title: A
sources:
  - publisher: Nobody
    date: 2021-02-15
  - title: No date
  - title: ""
    date: Feb 2021
  - title: Bad address
    date: 2021-13
    url: javascript:alert(1)
  - title: Ftp
    date: 2021-02-30
    url: ftp://example.org/x
  - title: Relative
    date: "2021"
    url: /about/
    adress: x
  - just a line
  - title: [a, b]
    date: 21
---
`, []string{
			`content/stories/a.md:4:5: front matter: source 1 has no title: add title: the title of the article, report or page`,
			`content/stories/a.md:6:5: front matter: source 2 ("No date") has no date: add date: the day it was published (2021-02-15), or the month (2021-02) or year (2021) if that is all it gives`,
			`content/stories/a.md:7:12: front matter: source 3: title is empty: write the title of the article, report or page`,
			`content/stories/a.md:8:11: front matter: source 3: date must be a date like 2021-02-15, 2021-02 or 2021, not "Feb 2021"`,
			`content/stories/a.md:10:11: front matter: source 4: date must be a date like 2021-02-15, 2021-02 or 2021, not "2021-13"`,
			`content/stories/a.md:11:10: front matter: source 4: url must be a web address starting with https:// or http://, not "javascript:alert(1)"`,
			`content/stories/a.md:13:11: front matter: source 5: date must be a date like 2021-02-15, 2021-02 or 2021, not "2021-02-30"`,
			`content/stories/a.md:14:10: front matter: source 5: url must be a web address starting with https:// or http://, not "ftp://example.org/x"`,
			`content/stories/a.md:17:10: front matter: source 6: url must be a web address starting with https:// or http://, not "/about/"`,
			`content/stories/a.md:18:5: front matter: source 6: unknown field "adress"; a source has title, publisher, date and url`,
			`content/stories/a.md:19:5: front matter: source 7 of "sources" must have fields title: and date:, one per line, not a single value`,
			`content/stories/a.md:20:12: front matter: source 8: title must be a single value, not a list or a map`,
			`content/stories/a.md:21:11: front matter: source 8: date must be a date like 2021-02-15, 2021-02 or 2021, not "21"`,
		}},
		{"not a list", "content/stories/a.md", "stories", "---\ntitle: A\nsources: UiO news, 2021\n---\n",
			[]string{`content/stories/a.md:3:10: front matter: field "sources" must be a list of sources, one "- title: …" with date: (2021-02-15, 2021-02 or 2021), and publisher: and url: where known`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(cfg, tc.file, []byte(tc.src), Regular, tc.section, "a", "en")
			var got []string
			if err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want, +got):\n%s", diff)
			}
		})
	}
}
