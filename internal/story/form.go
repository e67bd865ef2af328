// Package story turns a partnership story submitted with the story form on
// GitHub (an issue form) into case-study pages: it writes the form from the
// site's lists, reads a submitted form from the issue event GitHub sends a
// workflow, checks every answer, downloads the attached photo, writes
// content/case-studies/<slug>.md (and .nb.md) with yaml.v3, runs the
// site's check on them, and says what happened in words for the issue and
// the pull request. It runs nothing and fetches nothing else.
package story

import (
	"fmt"
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

// The form's fields, by their labels in English and Norwegian: the labels
// are the headings GitHub writes into the body, so they are how the
// answers are found. Renaming one makes issues written with the old form
// unreadable: add the new label, keep reading the old one.
const (
	fTitle       = "Title / Tittel"
	fSummary     = "Summary / Sammendrag"
	fDate        = "Date / Dato"
	fPartners    = "Partners / Partnere"
	fNewPartners = "A partner not in the list / En partner som ikke er i listen"
	fSectors     = "Sectors / Sektorer"
	fFaculties   = "Faculties / Fakulteter"
	fStory       = "The story / Historien"
	fPhoto       = "Photo (optional) / Bilde (valgfritt)"
	fPhotoAlt    = "What the photo shows / Hva bildet viser"
	fTitleNB     = "Norwegian title / Norsk tittel"
	fSummaryNB   = "Norwegian summary / Norsk sammendrag"
	fStoryNB     = "The story in Norwegian / Historien på norsk"
	fPhotoAltNB  = "What the photo shows, in Norwegian / Hva bildet viser, på norsk"
	fConsent     = "Permission / Samtykke"
	// The source of the story, asked when case studies have a field of
	// type sources: it becomes the page's first source.
	fSourceTitle     = "Source: title / Kilde: tittel"
	fSourcePublisher = "Source: publisher / Kilde: utgiver"
	fSourceDate      = "Source: date / Kilde: dato"
	fSourceURL       = "Source: address / Kilde: adresse"
)

// sourceLabels are the source's fields: an issue written before the form
// asked for a source has none of them.
var sourceLabels = []string{fSourceTitle, fSourcePublisher, fSourceDate, fSourceURL}

// consentBox is the box that must be ticked.
const consentBox = "The people and organisations named have agreed to be named, and I may share the photo. / De som er nevnt, har sagt ja til å bli nevnt, og jeg kan dele bildet."

const header = `The story form: GitHub shows it at Issues → New issue → "Share a partnership story".
Written by portal from the site's partner pages, sectors and faculties:
do not edit it by hand; after changing them run
  go run ./cmd/portal issue-form
(the Go tests fail while this file and the site disagree). A story sent
with it becomes a pull request (.github/workflows/story.yml).`

// template is the form for the site: its lists and its limits.
func template(s *site) *issueform.Template {
	l := s.lists
	t := &issueform.Template{
		Name:        "Share a partnership story / Del en samarbeidshistorie",
		Description: "Tell the story of a partnership with us; it becomes a case study on the portal after review. / Fortell historien om et samarbeid med oss; den blir et eksempel på portalen etter gjennomgang.",
		Title:       "Story: ",
		Labels:      []string{Label},
	}
	add := func(e issueform.Element) { t.Body = append(t.Body, e) }
	required := &issueform.Validations{Required: true}
	add(markdown(`Thank you for sharing a partnership! Fill in the fields below and press **Create**: within a few minutes a pull request with your story appears, linked in a reply here, with a preview of the page. The communications team reviews it and publishes it; you are told here when they do. To change something later, edit this issue: the pull request follows.

Takk for at du deler et samarbeid! Fyll ut feltene og trykk **Create**: etter noen minutter kommer en pull request med historien din, lenket i et svar her, med en forhåndsvisning av siden. Kommunikasjonsavdelingen går gjennom den og publiserer den; du får beskjed her. Vil du endre noe senere, redigerer du denne saken: pull requesten følger med.

Write only what you know, and name people only with their agreement. Everything you write here is public. / Skriv bare det du vet, og nevn folk bare når de har sagt ja. Alt du skriver her, er offentlig.`))
	add(issueform.Element{Type: issueform.Input, ID: "title", Validations: required, Attributes: issueform.Attributes{
		Label:       fTitle,
		Description: fmt.Sprintf("The headline, at most %d characters. / Overskriften, høyst %[1]d tegn.", s.max("title")),
		Placeholder: "Sensors with the Norwegian Defence Research Establishment",
	}})
	add(issueform.Element{Type: issueform.Textarea, ID: "summary", Validations: required, Attributes: issueform.Attributes{
		Label:       fSummary,
		Description: fmt.Sprintf("One or two sentences that make a company want to read on, at most %d characters, plain text. They are shown in lists, search results and link previews. / Én eller to setninger, høyst %[1]d tegn, ren tekst.", s.max("summary")),
	}})
	add(issueform.Element{Type: issueform.Input, ID: "date", Attributes: issueform.Attributes{
		Label:       fDate,
		Description: "The day the story is published, as 2025-03-01 (or 1.3.2025). Leave it empty for today. / Dagen historien publiseres; la feltet stå tomt for i dag.",
		Placeholder: "2025-03-01",
	}})
	if len(l.Partners) > 0 {
		add(dropdown(fPartners, "partners", "The organisations the university worked with. Choose one or more; a partner that is not in the list goes in the next field. / Virksomhetene universitetet samarbeidet med. Velg én eller flere.", l.Partners))
	}
	add(issueform.Element{Type: issueform.Textarea, ID: "new-partners", Attributes: issueform.Attributes{
		Label:       fNewPartners,
		Description: "A partner that is not in the list, by its name, one per line. It gets a page of its own, which the communications team completes. / Én per linje; den får en egen side.",
	}})
	if len(l.Sectors) > 0 {
		add(dropdown(fSectors, "sectors", "The partner's industry sectors, if any fit. / Bransjene, hvis noen passer.", l.Sectors))
	}
	if len(l.Faculties) > 0 {
		add(dropdown(fFaculties, "faculties", "The faculties involved. / Fakultetene som var med.", l.Faculties))
	}
	add(issueform.Element{Type: issueform.Textarea, ID: "story", Validations: required, Attributes: issueform.Attributes{
		Label:       fStory,
		Description: "The story, in a few paragraphs: who worked together, what they did, what came of it. Use \"## \" before a line to make it a heading. Links to other sites are welcome; pictures go in the photo field below. / Historien, i noen avsnitt. Bilder legger du i feltet under.",
		Placeholder: "How it started…\n\n## What we did together\n\n…\n\n## What came of it\n\n…",
	}})
	if name, needed := s.sourcesField(); name != "" {
		sourceRequired := &issueform.Validations{Required: needed}
		add(markdown("### Source / Kilde\n\nWhere can a reader check the story? The news item, report or web page that says what happened: it is listed under \"Sources\" on the page, and every fact of the story must be in it. / Hvor kan en leser sjekke historien? Nyhetssaken, rapporten eller nettsiden som forteller hva som skjedde: den står under «Kilder» på siden, og alt historien sier, må stå i den."))
		add(issueform.Element{Type: issueform.Input, ID: "source-title", Validations: sourceRequired, Attributes: issueform.Attributes{
			Label:       fSourceTitle,
			Description: "The title of the news item, report or page. / Tittelen på nyhetssaken, rapporten eller siden.",
			Placeholder: "Cooperation agreement signed with Roche",
		}})
		add(issueform.Element{Type: issueform.Input, ID: "source-publisher", Attributes: issueform.Attributes{
			Label:       fSourcePublisher,
			Description: "Who published it, if you know. / Hvem som publiserte den, hvis du vet det.",
			Placeholder: s.cfg.Organisation.Name.Get(s.cfg.DefaultLanguage()), // the institution, from site.yaml
		}})
		add(issueform.Element{Type: issueform.Input, ID: "source-date", Validations: sourceRequired, Attributes: issueform.Attributes{
			Label:       fSourceDate,
			Description: "The day it was published, as 2021-02-22 (or 22.2.2021); the month (2021-02) or the year (2021) if that is all you know. / Dagen den ble publisert; måneden eller året hvis det er alt du vet.",
			Placeholder: "2021-02-22",
		}})
		add(issueform.Element{Type: issueform.Input, ID: "source-url", Attributes: issueform.Attributes{
			Label:       fSourceURL,
			Description: "Its web address, starting with https://, if it is public. / Nettadressen, som begynner med https://, hvis den er offentlig.",
			Placeholder: s.cfg.Organisation.URL + "…",
		}})
	}
	add(issueform.Element{Type: issueform.Textarea, ID: "photo", Attributes: issueform.Attributes{
		Label:       fPhoto,
		Description: fmt.Sprintf("Drag one photo into this box (JPEG, PNG or WebP, at most %d MB): GitHub uploads it and writes its address here. / Dra ett bilde inn i feltet.", attachment.MaxBytes>>20),
	}})
	add(issueform.Element{Type: issueform.Input, ID: "photo-alt", Attributes: issueform.Attributes{
		Label:       fPhotoAlt,
		Description: "Needed with a photo: what it shows, for readers who cannot see it. / Trengs med et bilde: hva det viser, for dem som ikke ser det.",
		Placeholder: "Two researchers calibrating a sensor array in the laboratory",
	}})
	add(markdown("### Norsk versjon (valgfri) / Norwegian version (optional)\n\nSkriv historien på norsk også hvis du kan: tittel, sammendrag og tekst. Hvis ikke, oversetter kommunikasjonsavdelingen den. / Write the story in Norwegian too if you can: title, summary and text, all three. If not, the communications team translates it."))
	add(issueform.Element{Type: issueform.Input, ID: "title-nb", Attributes: issueform.Attributes{Label: fTitleNB}})
	add(issueform.Element{Type: issueform.Textarea, ID: "summary-nb", Attributes: issueform.Attributes{Label: fSummaryNB}})
	add(issueform.Element{Type: issueform.Textarea, ID: "story-nb", Attributes: issueform.Attributes{Label: fStoryNB}})
	add(issueform.Element{Type: issueform.Input, ID: "photo-alt-nb", Attributes: issueform.Attributes{Label: fPhotoAltNB}})
	add(issueform.Element{Type: issueform.Checkboxes, ID: "consent", Attributes: issueform.Attributes{
		Label: fConsent,
		Boxes: []issueform.Box{{Label: consentBox, Required: true}},
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
