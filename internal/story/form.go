// Package story turns a partnership story submitted with the story form on
// GitHub (an issue form) into case-study pages: it writes the form from the
// site's lists, reads a submitted form from the issue event GitHub sends a
// workflow, checks every answer, downloads the attached photo, writes
// content/case-studies/<slug>.md (and <slug>.<lang>.md for each
// other site language the author wrote it in) with yaml.v3, runs the
// site's check on them, and says what happened in words for the issue and
// the pull request. It runs nothing and fetches nothing else.
package story

import (
	"os"
	"path/filepath"

	"github.com/uio-partner/portal/internal/attachment"
	"github.com/uio-partner/portal/internal/issueform"
)

// TemplateFile is where the form lives in the repository.
const TemplateFile = ".github/ISSUE_TEMPLATE/case-study.yml"

// Label is the issue label the form gives its issues; the workflow acts
// only on issues that have it.
const Label = "case-study"

const header = `The story form: GitHub shows it at Issues → New issue → "Share a partnership story".
Written by portal from the site's partner pages, sectors and faculties:
do not edit it by hand; after changing them run
  go run ./cmd/portal issue-form
(the Go tests fail while this file and the site disagree). A story sent
with it becomes a pull request (.github/workflows/story.yml).`

// template is the form for the site: its lists, its limits, and its
// texts in the site's languages (the theme strings story*).
func template(s *site) *issueform.Template {
	l, w, f := s.lists, s.words, &s.f
	def := s.cfg.DefaultLanguage()
	all := func(key string, args ...any) string { return w.all(" / ", key, args...) }
	t := &issueform.Template{
		Name:        all("storyFormName"),
		Description: all("storyFormDescription"),
		Title:       w.in(def, "storyIssueTitle"),
		Labels:      []string{Label},
	}
	add := func(e issueform.Element) { t.Body = append(t.Body, e) }
	required := &issueform.Validations{Required: true}
	add(markdown(w.all("\n\n", "storyIntro") + "\n\n" + all("storyPublic")))
	add(issueform.Element{Type: issueform.Input, ID: "title", Validations: required, Attributes: issueform.Attributes{
		Label:       f.title,
		Description: all("storyTitleHelp", s.max("title")),
		Placeholder: w.in(def, "storyTitleExample"),
	}})
	add(issueform.Element{Type: issueform.Textarea, ID: "summary", Validations: required, Attributes: issueform.Attributes{
		Label:       f.summary,
		Description: all("storySummaryHelp", s.max("summary")),
	}})
	add(issueform.Element{Type: issueform.Input, ID: "date", Attributes: issueform.Attributes{
		Label:       f.date,
		Description: all("storyDateHelp"),
		Placeholder: "2025-03-01",
	}})
	if len(l.Partners) > 0 {
		add(dropdown(f.partners, "partners", all("storyPartnersHelp"), l.Partners))
	}
	add(issueform.Element{Type: issueform.Textarea, ID: "new-partners", Attributes: issueform.Attributes{
		Label:       f.newPartners,
		Description: all("storyNewPartnersHelp"),
	}})
	if len(l.Sectors) > 0 {
		add(dropdown(f.sectors, "sectors", all("storySectorsHelp"), l.Sectors))
	}
	if len(l.Faculties) > 0 {
		add(dropdown(f.faculties, "faculties", all("storyFacultiesHelp"), l.Faculties))
	}
	add(issueform.Element{Type: issueform.Textarea, ID: "story", Validations: required, Attributes: issueform.Attributes{
		Label:       f.story,
		Description: all("storyTextHelp"),
		Placeholder: w.in(def, "storyTextExample"),
	}})
	if name, needed := s.sourcesField(); name != "" {
		sourceRequired := &issueform.Validations{Required: needed}
		add(markdown("### " + all("storySource") + "\n\n" + all("storySourceText")))
		add(issueform.Element{Type: issueform.Input, ID: "source-title", Validations: sourceRequired, Attributes: issueform.Attributes{
			Label:       f.sourceTitle,
			Description: all("storySourceTitleHelp"),
			Placeholder: w.in(def, "storySourceTitleExample"),
		}})
		add(issueform.Element{Type: issueform.Input, ID: "source-publisher", Attributes: issueform.Attributes{
			Label:       f.sourcePublisher,
			Description: all("storySourcePublisherHelp"),
			Placeholder: s.cfg.Organisation.Name.Get(def), // the institution, from site.yaml
		}})
		add(issueform.Element{Type: issueform.Input, ID: "source-date", Validations: sourceRequired, Attributes: issueform.Attributes{
			Label:       f.sourceDate,
			Description: all("storySourceDateHelp"),
			Placeholder: "2021-02-22",
		}})
		add(issueform.Element{Type: issueform.Input, ID: "source-url", Attributes: issueform.Attributes{
			Label:       f.sourceURL,
			Description: all("storySourceURLHelp"),
			Placeholder: s.cfg.Organisation.URL + "…",
		}})
	}
	add(issueform.Element{Type: issueform.Textarea, ID: "photo", Attributes: issueform.Attributes{
		Label:       f.photo,
		Description: all("storyPhotoHelp", attachment.MaxBytes>>20),
	}})
	add(issueform.Element{Type: issueform.Input, ID: "photo-alt", Attributes: issueform.Attributes{
		Label:       f.photoAlt,
		Description: all("storyPhotoAltHelp"),
		Placeholder: w.in(def, "storyPhotoAltExample"),
	}})
	// One set of fields per other language, its ID ending in the
	// language's code: the story in that language, all or none.
	for _, v := range f.versions {
		add(markdown("### " + w.about(" / ", "storyForVersion", v.lang, true) + "\n\n" + w.about(" / ", "storyForVersionText", v.lang, true)))
		add(issueform.Element{Type: issueform.Input, ID: "title-" + v.lang.Code, Attributes: issueform.Attributes{Label: v.title}})
		add(issueform.Element{Type: issueform.Textarea, ID: "summary-" + v.lang.Code, Attributes: issueform.Attributes{Label: v.summary}})
		add(issueform.Element{Type: issueform.Textarea, ID: "story-" + v.lang.Code, Attributes: issueform.Attributes{Label: v.story}})
		add(issueform.Element{Type: issueform.Input, ID: "photo-alt-" + v.lang.Code, Attributes: issueform.Attributes{Label: v.photoAlt}})
	}
	add(issueform.Element{Type: issueform.Checkboxes, ID: "consent", Attributes: issueform.Attributes{
		Label: f.consent,
		Boxes: []issueform.Box{{Label: f.consentBox, Required: true}},
	}})
	return t
}

func markdown(text string) issueform.Element {
	return issueform.Element{Type: issueform.Markdown, Attributes: issueform.Attributes{Value: text}}
}

func dropdown(label, id, description string, cs []Choice) issueform.Element {
	return issueform.Element{Type: issueform.Dropdown, ID: id, Attributes: issueform.Attributes{
		Label: label, Description: description, Multiple: true, Options: labels(cs),
	}}
}

// Template writes the form for the site at root, as TemplateFile holds it.
func Template(root string) ([]byte, error) {
	s, err := loadSite(root)
	if err != nil {
		return nil, err
	}
	return template(s).Marshal(header)
}

// Stale reports whether TemplateFile under root differs from the form the
// site's lists make today.
func Stale(root string) (bool, error) {
	want, err := Template(root)
	if err != nil {
		return false, err
	}
	got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(TemplateFile)))
	if err != nil && !os.IsNotExist(err) {
		return false, err
	}
	return string(got) != string(want), nil
}

// WriteTemplate writes the form for the site at root into TemplateFile,
// making its folder.
func WriteTemplate(root string) error {
	data, err := Template(root)
	if err != nil {
		return err
	}
	p := filepath.Join(root, filepath.FromSlash(TemplateFile))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
