package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// step is a guide step's file with the given answers (YAML flow maps, one
// per line from line 5).
func step(url string, answers ...string) string {
	s := "---\ntitle: A question?\nlayout: guide\nurl: " + url + "\nanswers:\n"
	for _, a := range answers {
		s += "  - " + a + "\n"
	}
	return s + "---\n"
}

// Each way a guide can strand a visitor is refused by the build, at the
// line that causes it, leaving public/ untouched.
func TestGuideRefusesWhatStrandsAVisitor(t *testing.T) {
	tests := []struct {
		name  string
		files []string // path, content pairs over the fixture site
		want  []string
	}{
		{
			name:  "an answer leading to no step",
			files: []string{"content/guide-research.md", step("/guide/research/", "{label: A, next: guide-reserch}")},
			want:  []string{`content/guide-research.md:6:5: the answer "A" leads nowhere: there is no guide step "guide-reserch"`},
		},
		{
			name:  "an answer leading to no page and one to no topic",
			files: []string{"content/guide-research.md", step("/guide/research/", "{label: A, page: pathways/nope}", "{label: B, topic: nope}")},
			want: []string{
				`content/guide-research.md:6:5: the answer "A" leads nowhere: there is no published page "pathways/nope"`,
				`content/guide-research.md:7:5: the answer "B" leads nowhere: there is no contact topic "nope"`,
			},
		},
		{
			name:  "an answer with two places",
			files: []string{"content/guide-research.md", step("/guide/research/", "{label: A, page: pathways/research-collaboration, topic: general}")},
			want:  []string{`content/guide-research.md:6:5: front matter: the answer "A" must lead to exactly one place`},
		},
		{
			name:  "a loop",
			files: []string{"content/guide-research.md", step("/guide/research/", "{label: Back, next: guide}")},
			want:  []string{`content/guide-research.md:6:5: the answer "Back" makes a loop: it leads back to guide step "guide"`},
		},
		{
			name:  "a dead end",
			files: []string{"content/guide-research.md", step("/guide/research/")},
			want:  []string{`content/guide-research.md:5:1: guide step "guide-research" is a dead end`},
		},
		{
			name: "a step in one language only",
			files: []string{
				"content/guide-research.md", step("/guide/research/", "{label: A, next: guide-extra}"),
				"content/guide-extra.md", step("/guide/extra/", "{label: A, topic: general}"),
			},
			want: []string{`content/guide-extra.md:1:1: guide step "guide-extra" has no Norsk translation`},
		},
		{
			name: "a path of five questions",
			files: []string{
				"content/guide-research.md", step("/guide/research/", "{label: A, next: guide-a}"),
				"content/guide-research.nb.md", step("/guide/research/", "{label: A, next: guide-a}"),
				"content/guide-a.md", step("/guide/a/", "{label: A, next: guide-b}"),
				"content/guide-a.nb.md", step("/guide/a/", "{label: A, next: guide-b}"),
				"content/guide-b.md", step("/guide/b/", "{label: A, next: guide-c}"),
				"content/guide-b.nb.md", step("/guide/b/", "{label: A, next: guide-c}"),
				"content/guide-c.md", step("/guide/c/", "{label: A, topic: general}"),
				"content/guide-c.nb.md", step("/guide/c/", "{label: A, topic: general}"),
			},
			want: []string{
				`content/guide-c.md:1:1: guide step "guide-c" is question 5 on some path: every path must end within 4 questions`,
				`content/guide-c.nb.md:1:1: guide step "guide-c" is question 5 on some path`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := sitetest.Fixture(t)
			for i := 0; i+1 < len(tt.files); i += 2 {
				sitetest.WriteFile(t, root, tt.files[i], tt.files[i+1])
			}
			list := buildErr(t, root)
			assertDiagnostics(t, list, tt.want)
		})
	}
}

// The fixture site's guide (the example's, frozen): every answer of every step is a link, each
// path ends within four questions at a page that is not a guide step, and
// the home page offers the guide in each language.
func TestGuideEveryPathEnds(t *testing.T) {
	out := buildSite(t, sitetest.Fixture(t), Options{NoMinify: true})
	for _, start := range []string{"/guide/", "/nb/guide/"} {
		ends := 0
		var walk func(url string, depth int)
		walk = func(url string, depth int) {
			if depth > 4 {
				t.Errorf("%s is question %d", url, depth)
				return
			}
			page := readOut(t, out, strings.TrimPrefix(url, "/")+"index.html")
			_, list, ok := strings.Cut(page, `<ul class="guide-answers"`)
			if !ok {
				t.Fatalf("%s has no answers", url)
			}
			list, _, _ = strings.Cut(list, "</ul>")
			hrefs := strings.Split(list, `href="`)[1:]
			if len(hrefs) == 0 {
				t.Errorf("%s is a dead end", url)
			}
			for _, h := range hrefs {
				to, _, _ := strings.Cut(h, `"`)
				if strings.Contains(to, "/guide/") {
					walk(to, depth+1)
					continue
				}
				if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(to, "/")), "index.html")); err != nil {
					t.Errorf("%s: the answer leads to %s, which was not built", url, to)
				}
				ends++
			}
		}
		walk(start, 1)
		if ends < 7 {
			t.Errorf("%s: only %d ends", start, ends)
		}
		home := strings.TrimSuffix(start, "guide/")
		assertContains(t, out, strings.TrimPrefix(home, "/")+"index.html", `<a href="`+start+`">`)
	}
	assertContains(t, out, "guide/index.html", `<a href="/contact/facilities/">Use a laboratory</a>`)
	assertContains(t, out, "nb/guide/students/index.html", `<a href="/nb/offerings/mentoring/">La ansatte være mentorer for studenter</a>`)
}
