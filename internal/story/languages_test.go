package story

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/issueform"
	"github.com/uio-partner/portal/internal/sitetest"
	"github.com/uio-partner/portal/internal/starter"
	"gopkg.in/yaml.v3"
)

// swedishSite is a site made by portal init with langs (the default
// first, country SE), given case studies that name partner pages, as a
// site that takes stories has: the form's lists and the pages a story
// becomes need them.
func swedishSite(t *testing.T, langs ...string) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "site")
	if _, err := starter.Write(starter.Options{Dir: root, Name: "Karolinska Institutet", Languages: langs, Country: "SE"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	title := func(sv, en string) string {
		var parts []string
		for _, l := range langs {
			parts = append(parts, l+": "+map[string]string{"sv": sv, "en": en}[l])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	yml := string(data)
	for _, edit := range [][2]string{
		{"  noindex: {type: bool}\n", "  noindex: {type: bool}\n  date: {type: date}\n  partners: {type: list}\n  image: {type: image}\n  imageAlt: {type: string}\n"},
		{"\nsections:\n", "\ntaxonomies:\n  - name: partners\n    title: " + title("Partner", "Partners") + "\n    section: partners\n\nsections:\n"},
		{"\ncontact:\n", "  - name: partners\n    title: " + title("Partner", "Partners") + "\n    required: [title]\n" +
			"  - name: case-studies\n    title: " + title("Exempel på samarbete", "Case studies") + "\n    required: [title, summary, date]\n    optional: [partners, image, imageAlt]\n    sort: -date\n\ncontact:\n"},
	} {
		if !strings.Contains(yml, edit[0]) {
			t.Fatalf("site.yaml of portal init has no %q: update swedishSite", edit[0])
		}
		yml = strings.Replace(yml, edit[0], edit[1], 1)
	}
	sitetest.WriteFile(t, root, "site.yaml", yml)
	sitetest.WriteFile(t, root, "content/partners/volvo.md", "---\ntitle: Volvo\n---\n")
	if err := WriteTemplate(root); err != nil {
		t.Fatal(err)
	}
	return root
}

// A Swedish and English site (Swedish the default) gets a form in Swedish
// first, then English, with one set of fields for the English version;
// a story sent with it becomes x.md in Swedish and x.en.md in English.
func TestSwedishEnglishStory(t *testing.T) {
	root := swedishSite(t, "sv", "en")
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(TemplateFile)))
	if err != nil {
		t.Fatal(err)
	}
	var form struct {
		Name string
		Body []struct {
			ID         string
			Attributes struct{ Label, Value string }
		}
	}
	if err := yaml.Unmarshal(data, &form); err != nil {
		t.Fatal(err)
	}
	if form.Name != "Dela en samarbetsberättelse / Share a partnership story" {
		t.Errorf("the form's name is %q, want Swedish, then English", form.Name)
	}
	labels := map[string]string{}
	var ids []string
	for _, e := range form.Body {
		if e.ID != "" {
			labels[e.ID], ids = e.Attributes.Label, append(ids, e.ID)
		}
	}
	for id, want := range map[string]string{
		"title":        "Rubrik / Title",
		"story":        "Berättelsen / The story",
		"partners":     "Partner / Partners",
		"title-en":     "Rubrik på engelska / English title",
		"summary-en":   "Sammanfattning på engelska / English summary",
		"story-en":     "Berättelsen på engelska / The story in English",
		"photo-alt-en": "Vad bilden visar, på engelska / What the photo shows, in English",
		"consent":      "Samtycke / Permission",
	} {
		if labels[id] != want {
			t.Errorf("field %s is labelled %q, want %q", id, labels[id], want)
		}
	}
	for _, id := range ids {
		if strings.HasSuffix(id, "-sv") || strings.HasSuffix(id, "-nb") {
			t.Errorf("the form has a field %s: the default language's fields are the main ones, and the site has no Norwegian", id)
		}
	}
	if !strings.Contains(string(data), "### English version (optional) / Version på engelska (valfri)") || !strings.Contains(string(data), "Write the story in English too if you can") {
		t.Errorf("the English section, in English first, is missing from the form:\n%s", data)
	}

	s, err := loadSite(root)
	if err != nil {
		t.Fatal(err)
	}
	f := template(s).FieldLabels()
	body := issueform.Render(f, map[string]string{
		labels["title"]:        "Sensorer med Volvo",
		labels["summary"]:      "Studenter byggde sensorer tillsammans med Volvo.",
		labels["partners"]:     "Volvo",
		labels["story"]:        "Det började med en sommar.",
		labels["title-en"]:     "Sensors with Volvo",
		labels["summary-en"]:   "Students built sensors with Volvo.",
		labels["story-en"]:     "It started with a summer.",
		labels["consent"]:      "- [X] " + s.f.consentBox,
		labels["date"]:         "2026-03-01",
		labels["new-partners"]: "",
	})
	res, err := convert(t, root, event(t, 11, body), nil)
	if err != nil {
		t.Fatalf("the story: %v\n%s", err, body)
	}
	want := []string{"content/case-studies/sensorer-med-volvo.en.md", "content/case-studies/sensorer-med-volvo.md"}
	if !slices.Equal(res.Files, want) {
		t.Fatalf("written %v, want %v", res.Files, want)
	}
	for file, title := range map[string]string{want[1]: "Sensorer med Volvo", want[0]: "Sensors with Volvo"} {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "title: "+title+"\n") {
			t.Errorf("%s has not the title %q:\n%s", file, title, data)
		}
	}
	if reply := res.Reply(); !strings.HasPrefix(reply, "Tack! Din berättelse är klar för granskning. / Thank you! Your story is ready for review.\n") {
		t.Errorf("the reply does not thank the author in Swedish, then English:\n%s", reply)
	}
	if reply := res.Reply(); !strings.Contains(reply, "at `/case-studies/sensorer-med-volvo/`, in English at `/en/case-studies/sensorer-med-volvo/`") {
		t.Errorf("the reply does not give both pages' addresses:\n%s", reply)
	}
	if pr := res.PullRequestBody(); !strings.Contains(pr, "`content/case-studies/sensorer-med-volvo.en.md`: the story in English") || strings.Contains(pr, "there is none yet") {
		t.Errorf("the pull request does not describe the English page:\n%s", pr)
	}

	// Without the English fields, the pull request asks for the English
	// version and says which page stands in.
	only := body
	for _, f := range []string{"Sensors with Volvo", "Students built sensors with Volvo.", "It started with a summer."} {
		only = strings.Replace(only, f, "_No response_", 1)
	}
	res, err = convert(t, root, event(t, 13, strings.Replace(only, "Sensorer med Volvo", "Sommar med Volvo", 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "- [ ] The English version: there is none yet; add `content/case-studies/sommar-med-volvo.en.md`, or merge without it (the Swedish page is shown at the English address with a note)."; !strings.Contains(res.PullRequestBody(), want) {
		t.Errorf("the pull request of a story in Swedish alone lacks %q:\n%s", want, res.PullRequestBody())
	}

	// Half an English version is refused at the English field left empty.
	body = strings.Replace(body, "It started with a summer.", "_No response_", 1)
	_, err = convert(t, root, event(t, 12, strings.Replace(body, "Sensorer med Volvo", "Mer med Volvo", 1)), nil)
	assertRefused(t, err, labels["story-en"], "the version in English needs a title, a summary and the text")
	if r := err.(*Refusal).Reply(); !strings.HasPrefix(r, "Tack för din berättelse! Den kan inte bli en sida ännu: / Thank you for your story! It cannot become a page yet:") {
		t.Errorf("the refusal does not begin in Swedish, then English:\n%s", r)
	}
}

// A site in one language gets one set of fields: no section for another
// language, and labels in that language alone.
func TestOneLanguageStoryForm(t *testing.T) {
	root := swedishSite(t, "sv")
	s, err := loadSite(root)
	if err != nil {
		t.Fatal(err)
	}
	got := template(s).FieldLabels()
	want := []string{"Rubrik", "Sammanfattning", "Datum", "Partner", "En partner som inte finns i listan", "Berättelsen", "Bild (valfri)", "Vad bilden visar", "Samtycke"}
	if !slices.Equal(got, want) {
		t.Errorf("the form's fields are %q, want %q", got, want)
	}
}
