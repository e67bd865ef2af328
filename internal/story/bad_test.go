package story

import (
	"bytes"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/attachment/attachmenttest"
	"github.com/uio-partner/portal/internal/images/imagetest"
	"github.com/uio-partner/portal/internal/issueform"
)

// answers are the minimal fixture's answers, by label, to change one at a
// time.
func answers(t *testing.T) map[string]string {
	t.Helper()
	r, err := issueform.Parse(body(t, "minimal.md"), template(mustSite(t)).FieldLabels())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range template(mustSite(t)).FieldLabels() {
		out[l] = r.Text(l)
	}
	return out
}

func mustSite(t testing.TB) *site {
	t.Helper()
	s, err := loadSite(testSite(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const photoField = "![IMG_2034](https://github.com/user-attachments/assets/" + photoID + ")"

// Every bad input of the issue gets a reply that names the field and says
// what to do, and nothing is written: the site is byte for byte as before.
func TestBadInput(t *testing.T) {
	jpg := attachmenttest.JPEG(t, 32, 32)
	big := append(append([]byte{}, jpg...), bytes.Repeat([]byte{0}, 30<<20)...)
	for _, tt := range []struct {
		name   string
		change map[string]string
		photo  []byte
		field  string
		msg    string
	}{
		{"empty title", map[string]string{fTitle: ""}, nil, fTitle, "this is required"},
		{"title of spaces", map[string]string{fTitle: "   "}, nil, fTitle, "this is required"},
		{"overlong title", map[string]string{fTitle: strings.Repeat("Samarbeid ", 13)}, nil, fTitle, "it is 129 characters long; keep it to 120"},
		{"title on two lines (an edited body)", map[string]string{fTitle: "Roche\ndraft: true"}, nil, fTitle, "write it on one line"},
		{"title of symbols only", map[string]string{fTitle: "!!! ???"}, nil, fTitle, "it needs letters or digits"},
		{"title with HTML", map[string]string{fTitle: "<script>alert(1)</script>"}, nil, fTitle, "looks like HTML"},
		{"title with text-reordering characters", map[string]string{fTitle: "Roche \u202Eevil"}, nil, fTitle, "invisible control character (U+202E)"},
		{"overlong summary", map[string]string{fSummary: strings.Repeat("a ", 151)}, nil, fSummary, "keep it to 300"},
		{"empty story", map[string]string{fStory: ""}, nil, fStory, "this is required"},
		{"the placeholder marker in the story", map[string]string{fStory: "Intro.\n\nPLACEHOLDER: the rest"}, nil, fStory + ", line 3", "is text still to be written"},
		{"a date that is not a date", map[string]string{fDate: "tomorrow"}, nil, fDate, "`tomorrow` is not a date: write it as 2025-03-01"},
		{"the 30th of February", map[string]string{fDate: "2026-02-30"}, nil, fDate, "is not a date"},
		{"a year with a typo", map[string]string{fDate: "20260-03-01"}, nil, fDate, "is not a date"},
		{"a date far in the future", map[string]string{fDate: "2099-01-01"}, nil, fDate, "is not a date"},
		{"no partner", map[string]string{fPartners: ""}, nil, fPartners, "name at least one partner"},
		{"a source date that is not a date", map[string]string{fSourceDate: "Feb 2021"}, nil, fSourceDate, "`Feb 2021` is not a date: write it as 2021-02-22 (or 22.2.2021), or the month (2021-02) or the year (2021)"},
		{"a source's 30th of February", map[string]string{fSourceDate: "2021-02-30"}, nil, fSourceDate, "is not a date"},
		{"a source date in the future", map[string]string{fSourceDate: "2099-01"}, nil, fSourceDate, "`2099-01` is in the future"},
		{"a source without a date", map[string]string{fSourceDate: ""}, nil, fSourceDate, "this is required with a source"},
		{"a source without a title", map[string]string{fSourceTitle: ""}, nil, fSourceTitle, "this is required"},
		{"a source title with HTML", map[string]string{fSourceTitle: "<a href=x>News</a>"}, nil, fSourceTitle, "looks like HTML"},
		{"a source address that is a script", map[string]string{fSourceURL: "javascript:alert(1)"}, nil, fSourceURL, "`javascript:alert(1)` is not a web address"},
		{"a source address without its scheme", map[string]string{fSourceURL: "www.uio.no/news"}, nil, fSourceURL, "is not a web address: write the address as the browser shows it, starting with https://"},
		{"a source address of another kind", map[string]string{fSourceURL: "ftp://example.org/report.pdf"}, nil, fSourceURL, "is not a web address"},
		{"a source address on two lines", map[string]string{fSourceURL: "https://example.org/\nhttps://evil.example/"}, nil, fSourceURL, "is not a web address"},
		{"a partner name with HTML", map[string]string{fNewPartners: "<b>Acme</b>"}, nil, fNewPartners, "`<b>Acme</b>` is not a plain name"},
		{"a partner name with a Markdown link", map[string]string{fNewPartners: "[Acme](https://evil.example)"}, nil, fNewPartners, "is not a plain name"},
		{"a partner name of symbols", map[string]string{fNewPartners: "&&&"}, nil, fNewPartners, "has no letters or digits"},
		{"an overlong partner name", map[string]string{fNewPartners: strings.Repeat("Acme ", 30)}, nil, fNewPartners, "a partner's name is at most 120"},
		{"a partner no longer in the list", map[string]string{fPartners: "Roche, Umbrella Corporation"}, nil, fPartners, "`Umbrella Corporation` is not one of the form's choices"},
		{"a sector not in the list", map[string]string{fSectors: "Mining"}, nil, fSectors, "`Mining` is not one of the form's choices"},
		{"permission not given", map[string]string{fConsent: "- [ ] " + consentBox}, nil, fConsent, "tick the box"},
		{"a picture in the story text", map[string]string{fStory: "Text.\n\n<img width=\"10\" alt=\"Image\" src=\"https://github.com/user-attachments/assets/" + photoID + "\" />"}, nil, fStory, "a picture in the text, which the site cannot show"},
		{"a Markdown picture in the Norwegian text", map[string]string{fTitleNB: "T", fSummaryNB: "S.", fStoryNB: "![x](https://example.org/x.png)"}, nil, fStoryNB, "a picture in the text"},
		{"half a Norwegian version", map[string]string{fTitleNB: "Økt samarbeid"}, nil, fStoryNB, "the version in Norwegian needs a title, a summary and the text"},
		{"a photo without alt text", map[string]string{fPhoto: photoField}, jpg, fPhotoAlt, "say what the photo shows"},
		{"text in the photo field", map[string]string{fPhoto: "see attached", fPhotoAlt: "A lab"}, nil, fPhoto, "the field has text but no photo"},
		{"an attachment on another host", map[string]string{fPhoto: "![x](https://evil.example/x.jpg)", fPhotoAlt: "A lab"}, nil, fPhoto, "not a file uploaded to GitHub"},
		{"a 30 MB attachment", map[string]string{fPhoto: photoField, fPhotoAlt: "A lab"}, big, fPhoto, "the photo is 30.0 MB; the limit is 20.0 MB"},
		{"an attachment that is not an image", map[string]string{fPhoto: photoField, fPhotoAlt: "A lab"}, []byte("%PDF-1.7\n1 0 obj\n"), fPhoto, "the attachment is not a photo (its content is application/pdf)"},
		{"an iPhone photo", map[string]string{fPhoto: photoField, fPhotoAlt: "A lab"}, imagetest.HEIC(), fPhoto, "export it as JPEG"},
		{"a missing attachment", map[string]string{fPhoto: "![x](https://github.com/user-attachments/assets/00000000-0000-4000-8000-000000000000)", fPhotoAlt: "A lab"}, jpg, fPhoto, "GitHub answered 404 Not Found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := testSite(t)
			before := listing(t, root)
			a := answers(t)
			for k, v := range tt.change {
				a[k] = v
			}
			b := issueform.Render(template(mustSite(t)).FieldLabels(), a)
			_, err := convert(t, root, event(t, 9, b), tt.photo)
			assertRefused(t, err, tt.field, tt.msg)
			if after := listing(t, root); after != before {
				t.Errorf("a refused story changed the site:\n%s", diffLines(before, after))
			}
		})
	}
}

// A body that is not the form's (a blank issue, or the form's headings
// edited away) is refused as a whole; so is an event that is not about an
// issue, or is about a pull request.
func TestNotAStory(t *testing.T) {
	root := testSite(t)
	_, err := convert(t, root, event(t, 5, "I have a story about Roche, call me!"), nil)
	assertRefused(t, err, "", "this issue was not written with the story form")
	for _, ev := range []string{`{}`, `not json`, `{"issue":{"number":3,"pull_request":{"url":"x"}}}`} {
		if _, err := convert(t, root, []byte(ev), nil); err == nil {
			t.Errorf("%s converted", ev)
		} else if _, refused := err.(*Refusal); refused {
			t.Errorf("%s: a refusal, want an error of the workflow's", ev)
		}
	}
}

// The refusal says it all in one reply, field by field, in both languages,
// with the author's text as code (no Markdown, no mention of anyone).
func TestRefusalReply(t *testing.T) {
	root := testSite(t)
	a := answers(t)
	a[fTitle] = ""
	a[fDate] = "@everyone **now**"
	a[fNewPartners] = "<b>Acme</b>"
	_, err := convert(t, root, event(t, 9, issueform.Render(template(mustSite(t)).FieldLabels(), a)), nil)
	r, ok := err.(*Refusal)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	checkGolden(t, "refused/reply.md", r.Reply())
}
