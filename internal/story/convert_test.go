package story

import (
	"bytes"
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/attachment/attachmenttest"
	"github.com/uio-partner/portal/internal/check"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/generator"
)

// The fixture event is what GitHub sends a workflow when someone submits
// the form with every field filled in: English and Norwegian, a photo, two
// partners from the list (one by its label with its Norwegian name) and a
// new one, two sectors (one with commas in its name) and a faculty. Every
// field ends up in place, the site's check finds no error anywhere, and the
// site builds with the story in both languages.
func TestConvertEvent(t *testing.T) {
	root := testSite(t)
	ev, err := os.ReadFile(filepath.Join("testdata", "event-opened.json"))
	if err != nil {
		t.Fatal(err)
	}
	photo := attachmenttest.JPEG(t, 320, 240)
	res, err := convert(t, root, ev, photo)
	if err != nil {
		t.Fatal(err)
	}
	const slug = "sensors-and-signal-processing-with-ffi"
	want := []string{
		TemplateFile,
		"content/case-studies/" + slug + "-photo.jpg",
		"content/case-studies/" + slug + ".md",
		"content/case-studies/" + slug + ".nb.md",
		"content/partners/acme-robotics-as.md",
	}
	if strings.Join(res.Files, "\n") != strings.Join(want, "\n") {
		t.Fatalf("files:\n%s\nwant:\n%s", strings.Join(res.Files, "\n"), strings.Join(want, "\n"))
	}
	if res.Slug != slug || res.Branch != "story/issue-42" || res.Issue.Number != 42 {
		t.Errorf("result: slug %q branch %q issue %d", res.Slug, res.Branch, res.Issue.Number)
	}
	for _, f := range want[2:] {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "full/"+path.Base(f), string(data))
	}
	if data, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(want[1]))); !bytes.Equal(data, photo) {
		t.Error("the photo is not the attachment's bytes")
	}
	form, _ := os.ReadFile(filepath.Join(root, TemplateFile))
	if !strings.Contains(string(form), "        - Acme Robotics AS\n") {
		t.Error("the rewritten form does not list the new partner")
	}
	if stale, err := Stale(root); err != nil || stale {
		t.Errorf("the form disagrees with the site after the story (stale %v, %v)", stale, err)
	}
	checkGolden(t, "full/reply.md", res.Reply())
	checkGolden(t, "full/pull-request.md", res.PullRequestBody())
	checkGolden(t, "full/check.md", res.CheckComment())
	checkGolden(t, "full/commit.txt", res.CommitMessage())

	for _, d := range check.Run(context.Background(), check.Options{Source: root}) {
		if d.Severity == diag.Error {
			t.Errorf("check: %s", d)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(context.Background(), generator.Options{Source: root, Out: out, Now: now}); err != nil {
		t.Fatalf("build: %v", err)
	}
	for page, text := range map[string]string{
		"case-studies/" + slug + "/index.html":                            "Two research groups worked on the same questions.",
		"nb/case-studies/" + slug + "/index.html":                         "«Vi så at vi jobbet med de samme spørsmålene»",
		"partners/acme-robotics-as/index.html":                            "Sensors and signal processing with FFI",
		"nb/partners/norwegian-defence-research-establishment/index.html": "Sensorer og signalbehandling med FFI",
		"sectors/technology/index.html":                                   "Sensors and signal processing with FFI",
		"faculties/mathematics-and-natural-sciences/index.html":           "Sensors and signal processing with FFI",
		"nb/partners/novo-seed/index.html":                                "Sensorer og signalbehandling med FFI",
		"case-studies/index.html":                                         "Sensors and signal processing with FFI",
	} {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(page)))
		if err != nil || !strings.Contains(string(data), text) {
			t.Errorf("%s does not show %q (%v)", page, text, err)
		}
	}
}

// The least a story needs: the form's required fields, a partner from the
// list, and everything else left empty, as GitHub writes it (_No
// response_, an optional dropdown at None). The date is the day the issue
// was opened, in Oslo; the title's Norwegian letters are spelled out in the
// address.
func TestConvertMinimal(t *testing.T) {
	root := testSite(t)
	res, err := convert(t, root, event(t, 7, body(t, "minimal.md")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Files, " ") != "content/case-studies/okt-samarbeid-med-roche.md" {
		t.Fatalf("files %q", res.Files)
	}
	data, _ := os.ReadFile(filepath.Join(root, res.Files[0]))
	checkGolden(t, "minimal/okt-samarbeid-med-roche.md", string(data))
	checkGolden(t, "minimal/pull-request.md", res.PullRequestBody())
}

// A browser sends text areas with CRLF line endings: the pages are the same.
func TestConvertCRLF(t *testing.T) {
	lf, crlf := testSite(t), testSite(t)
	b := body(t, "full.md")
	if _, err := convert(t, lf, event(t, 42, b), attachmenttest.JPEG(t, 8, 8)); err != nil {
		t.Fatal(err)
	}
	res, err := convert(t, crlf, event(t, 42, strings.ReplaceAll(b, "\n", "\r\n")), attachmenttest.JPEG(t, 8, 8))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		a, _ := os.ReadFile(filepath.Join(lf, f))
		c, _ := os.ReadFile(filepath.Join(crlf, f))
		if !bytes.Equal(a, c) {
			t.Errorf("%s differs with CRLF:\n%s", f, diffLines(string(a), string(c)))
		}
	}
}

// The same story sent twice, or the same issue converted again after an
// edit or a re-run, makes the same files byte for byte and names the same
// branch, so the workflow updates one pull request; a second issue with a
// story already on the site is refused.
func TestSameStoryTwice(t *testing.T) {
	a, b := testSite(t), testSite(t)
	ev := event(t, 42, body(t, "full.md"))
	photo := attachmenttest.JPEG(t, 16, 16)
	first, err := convert(t, a, ev, photo)
	if err != nil {
		t.Fatal(err)
	}
	again, err := convert(t, b, ev, photo)
	if err != nil {
		t.Fatal(err)
	}
	if first.Branch != again.Branch || strings.Join(first.Files, ",") != strings.Join(again.Files, ",") {
		t.Fatalf("the same issue makes branch %s %v, then %s %v", first.Branch, first.Files, again.Branch, again.Files)
	}
	for _, f := range first.Files {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two conversions", f)
		}
	}
	before := listing(t, a)
	_, err = convert(t, a, event(t, 43, body(t, "full.md")), photo)
	assertRefused(t, err, fTitle, "a case study with this address exists: /case-studies/sensors-and-signal-processing-with-ffi/")
	if after := listing(t, a); after != before {
		t.Errorf("a refused story changed the site:\n%s", diffLines(before, after))
	}
}

func assertRefused(t *testing.T, err error, field, msg string) {
	t.Helper()
	r, ok := err.(*Refusal)
	if !ok {
		t.Fatalf("err = %v, want a refusal", err)
	}
	for _, p := range r.Problems {
		if p.Field == field && strings.Contains(p.Msg, msg) {
			return
		}
	}
	t.Errorf("refusal:\n%s\nwant %s: %q", r.Reply(), field, msg)
}

// An issue written before the form asked for a source has no source
// fields: where the site does not require one, it converts as before,
// without sources.
func TestIssueFromBeforeSources(t *testing.T) {
	root := testSite(t)
	yml := filepath.Join(root, "site.yaml")
	data, err := os.ReadFile(yml)
	if err != nil {
		t.Fatal(err)
	}
	optional := strings.Replace(string(data), "required: [title, summary, date, sources]", "required: [title, summary, date]", 1)
	if optional == string(data) {
		t.Fatal("site.yaml's case studies are not as this test knows them")
	}
	if err := os.WriteFile(yml, []byte(optional), 0o644); err != nil {
		t.Fatal(err)
	}
	b := body(t, "minimal.md")
	i, j := strings.Index(b, "### Source: title"), strings.Index(b, "### Photo (optional)")
	res, err := convert(t, root, event(t, 7, b[:i]+b[j:]), nil)
	if err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(filepath.Join(root, res.Files[0]))
	if strings.Contains(string(data), "sources:") {
		t.Errorf("a story without a source has sources:\n%s", data)
	}
}
