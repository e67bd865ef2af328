package story

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/attachment/attachmenttest"
	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/issueform"
)

// Front matter cannot be injected through any field, and the story's
// Markdown cannot put script on the site: answers that look like YAML, a
// "---" line, front-matter fields, HTML and javascript: links are kept as
// the author's text. The pages read back with exactly the fields the form
// gives; the built pages carry no script, frame or javascript: link; and
// portal check tells the author about the link it removes.
func TestNoInjection(t *testing.T) {
	root := testSite(t)
	a := answers(t)
	a[fTitle] = `Roche: "ten years" # not a comment`
	a[fSummary] = "Fine.\n---\ndraft: true\ntitle: Evil\n..."
	a[fNewPartners] = "---\nAcme & Co. (Norge)"
	a[fStory] = "---\ntitle: Evil\ndraft: true\nurl: /evil/\n---\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n```yaml\nlayout: evil\n```"
	a[fTitleNB] = "'; DROP TABLE pages; --"
	a[fSummaryNB] = "Sammendrag: «sitat» & [lenke]"
	a[fStoryNB] = "...\n---\n"
	a[fPhoto] = photoField
	a[fPhotoAlt] = `Lab: "A" #1 ]] --- & {x: y}`
	a[fPhotoAltNB] = "'null' ~ [yes, no]"
	a[fSourceTitle] = `Report: "x" # y ]] {date: 1999}`
	a[fSourcePublisher] = "--- & *alias"
	a[fSourceURL] = `https://example.org/a?b="c"&d='e'#f`
	res, err := convert(t, root, event(t, 11, issueform.Render(template(mustSite(t)).FieldLabels(), a)), attachmenttest.JPEG(t, 8, 8))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	page := func(file, lang string) *content.Page {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			t.Fatal(err)
		}
		p, err := content.Parse(cfg, file, data, content.Regular, Section, res.Slug, lang)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		return p
	}
	en := page("content/case-studies/"+res.Slug+".md", "en")
	nb := page("content/case-studies/"+res.Slug+".nb.md", "nb")
	if en.Title != a[fTitle] || en.Summary != "Fine. --- draft: true title: Evil ..." || en.Draft || en.URLPath != "" || en.Layout != "" {
		t.Errorf("English page: title %q summary %q draft %v url %q layout %q", en.Title, en.Summary, en.Draft, en.URLPath, en.Layout)
	}
	if nb.Title != a[fTitleNB] || nb.Summary != a[fSummaryNB] {
		t.Errorf("Norwegian page: title %q summary %q", nb.Title, nb.Summary)
	}
	if en.String("imageAlt") != a[fPhotoAlt] || nb.String("imageAlt") != a[fPhotoAltNB] || en.String("image") != res.Slug+"-photo.jpg" {
		t.Errorf("photo fields: %q %q %q", en.String("image"), en.String("imageAlt"), nb.String("imageAlt"))
	}
	want := []string{"title", "summary", "date", "partners", "sources", "image", "imageAlt"}
	for _, p := range []*content.Page{en, nb} {
		if len(p.Lines) != len(want) {
			t.Errorf("%s has fields %v, want %v", p.File, p.Lines, want)
		}
		if got := strings.Join(p.List("partners"), "|"); got != "Roche|Acme & Co. (Norge)" {
			t.Errorf("%s partners %q", p.File, got)
		}
		if len(p.Sources) != 1 || p.Sources[0].Title != a[fSourceTitle] || p.Sources[0].Publisher != a[fSourcePublisher] || p.Sources[0].URL != a[fSourceURL] || p.Sources[0].Date.String() != "2021-02" {
			t.Errorf("%s sources %+v", p.File, p.Sources)
		}
	}
	if !strings.HasPrefix(string(en.Body), "---\ntitle: Evil\n") {
		t.Errorf("the story's text is not the page's text: %q", en.Body)
	}

	var warned bool
	for _, f := range res.Findings {
		if strings.Contains(f.Msg, `link "javascript:alert(1)" is removed from the page`) && strings.HasPrefix(f.Where, fStory+", line ") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("the check does not tell the author about the javascript: link; findings %+v", res.Findings)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(context.Background(), generator.Options{Source: root, Out: out, Now: now}); err != nil {
		t.Fatalf("build: %v", err)
	}
	for _, lang := range []string{"", "nb/"} {
		data, err := os.ReadFile(filepath.Join(out, lang+"case-studies", res.Slug, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		html := strings.ToLower(string(data))
		for _, bad := range []string{"<script>alert", "javascript:", "<iframe"} {
			if strings.Contains(html, bad) {
				t.Errorf("/%scase-studies/%s/ contains %q", lang, res.Slug, bad)
			}
		}
		if lang == "" && !strings.Contains(html, "&lt;script>alert(1)&lt;/script>") && !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("the story's HTML is not shown as text:\n%s", html)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "evil")); err == nil {
		t.Error("the story's url: line made a page at /evil/")
	}
}
