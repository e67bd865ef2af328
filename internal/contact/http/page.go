package contacthttp

import (
	"fmt"
	"html/template"
	"io"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/site"
)

// words are the endpoint's own texts per language. The static form lives in
// layouts/; these only appear when the server must answer in HTML itself.
var words = map[string]map[string]string{
	"en": {
		"title": "Contact us", "intro": "Please correct the fields marked below and send the form again.",
		"error_title": "Your message was not sent",
		"name":        "Name", "email": "Email", "organisation": "Organisation (optional)", "topic": "Topic", "message": "Message",
		"consent": "I agree that the University of Oslo stores my inquiry to answer it.", "send": "Send", "choose": "Choose a topic",
		"back": "Back to the contact form",

		contact.ProblemRequired:       "Please fill in this field.",
		contact.ProblemEmail:          "Please enter a valid email address, such as name@example.com.",
		contact.ProblemTooLong:        "This is too long: at most %d characters.",
		contact.ProblemTopic:          "Please choose a topic from the list.",
		contact.ProblemConsent:        "Please give your consent, so that we may answer you.",
		contact.ProblemControl:        "Please remove line breaks and control characters.",
		contact.ProblemEmailLiteral:   "Please give an address at a domain name, such as name@example.com, not at a server's number.",
		contact.ProblemEmailInvisible: "The address contains invisible characters or spaces. Please type it again.",
		contact.ProblemEmailScripts:   "The address mixes letters from different alphabets (such as a Cyrillic letter among Latin ones). Please type it again.",

		contact.EMALFORMED:   "The form could not be read. Please try again.",
		contact.ETOOLARGE:    "The message is too long. Please shorten it.",
		contact.EUNSUPPORTED: "This kind of submission is not supported.",
		contact.EFORBIDDEN:   "Sending this form from another site is not allowed.",
		contact.ENOTFOUND:    "Not found.",
		contact.EMETHOD:      "Please use the contact form to send a message.",
		contact.ECONFLICT:    "This message clashes with one already sent.",
		contact.ERATELIMIT:   "Too many messages from your address. Please wait a moment and try again.",
		contact.EINTERNAL:    "Something went wrong on our side. Please try again later.",
	},
	"nb": {
		"title": "Kontakt oss", "intro": "Rett opp feltene som er merket nedenfor, og send skjemaet på nytt.",
		"error_title": "Meldingen ble ikke sendt",
		"name":        "Navn", "email": "E-post", "organisation": "Virksomhet (valgfritt)", "topic": "Tema", "message": "Melding",
		"consent": "Jeg samtykker i at Universitetet i Oslo lagrer henvendelsen min for å kunne svare på den.", "send": "Send", "choose": "Velg et tema",
		"back": "Tilbake til kontaktskjemaet",

		contact.ProblemRequired:       "Fyll ut dette feltet.",
		contact.ProblemEmail:          "Skriv inn en gyldig e-postadresse, for eksempel navn@eksempel.no.",
		contact.ProblemTooLong:        "Dette er for langt: høyst %d tegn.",
		contact.ProblemTopic:          "Velg et tema fra listen.",
		contact.ProblemConsent:        "Du må gi samtykke for at vi skal kunne svare deg.",
		contact.ProblemControl:        "Fjern linjeskift og kontrolltegn.",
		contact.ProblemEmailLiteral:   "Oppgi en adresse med et domenenavn, for eksempel navn@eksempel.no, ikke et servernummer.",
		contact.ProblemEmailInvisible: "Adressen inneholder usynlige tegn eller mellomrom. Skriv den inn på nytt.",
		contact.ProblemEmailScripts:   "Adressen blander bokstaver fra ulike alfabeter (for eksempel en kyrillisk bokstav blant latinske). Skriv den inn på nytt.",

		contact.EMALFORMED:   "Skjemaet kunne ikke leses. Prøv igjen.",
		contact.ETOOLARGE:    "Meldingen er for lang. Gjør den kortere.",
		contact.EUNSUPPORTED: "Denne typen innsending støttes ikke.",
		contact.EFORBIDDEN:   "Det er ikke tillatt å sende dette skjemaet fra et annet nettsted.",
		contact.ENOTFOUND:    "Ikke funnet.",
		contact.EMETHOD:      "Bruk kontaktskjemaet for å sende en melding.",
		contact.ECONFLICT:    "Meldingen kolliderer med en som allerede er sendt.",
		contact.ERATELIMIT:   "For mange meldinger fra adressen din. Vent litt og prøv igjen.",
		contact.EINTERNAL:    "Noe gikk galt hos oss. Prøv igjen senere.",
	},
}

// word returns the text for key in lang, falling back to English.
func word(lang, key string) string {
	if s, ok := words[lang][key]; ok {
		return s
	}
	return words["en"][key]
}

// problemText words a field problem, filling in the field's length limit.
func problemText(lang, field, problem string) string {
	if problem == contact.ProblemTooLong {
		return fmt.Sprintf(word(lang, problem), contact.MaxLen[field])
	}
	return word(lang, problem)
}

// formPage is the no-JavaScript answer to a form with errors: the form again,
// with the values filled in and each error next to its field.
var formPage = template.Must(template.New("form").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.W.title}}</title>
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<main class="contact contact--errors">
<h1>{{.W.title}}</h1>
{{if .Errors}}<p class="form-errors" role="alert">{{.W.intro}}</p>{{end}}
{{if .Message}}<p class="form-errors" role="alert">{{.Message}}</p>{{end}}
{{if .Form}}<form method="post" action="{{.Action}}" accept-charset="utf-8" novalidate>
<input type="hidden" name="lang" value="{{.Lang}}">
<input type="hidden" name="key" value="{{.Values.key}}">
<input type="hidden" name="started" value="{{.Values.started}}">
<div class="field">
<label for="name">{{.W.name}}</label>
<input id="name" name="name" value="{{.Values.name}}" autocomplete="name" maxlength="{{.Max.name}}"{{with .Errors.name}} aria-invalid="true" aria-describedby="name-error"{{end}}>
{{with .Errors.name}}<p class="field-error" id="name-error">{{.}}</p>{{end}}
</div>
<div class="field">
<label for="email">{{.W.email}}</label>
<input id="email" name="email" type="email" value="{{.Values.email}}" autocomplete="email" maxlength="{{.Max.email}}"{{with .Errors.email}} aria-invalid="true" aria-describedby="email-error"{{end}}>
{{with .Errors.email}}<p class="field-error" id="email-error">{{.}}</p>{{end}}
</div>
<div class="field">
<label for="organisation">{{.W.organisation}}</label>
<input id="organisation" name="organisation" value="{{.Values.organisation}}" autocomplete="organization" maxlength="{{.Max.organisation}}"{{with .Errors.organisation}} aria-invalid="true" aria-describedby="organisation-error"{{end}}>
{{with .Errors.organisation}}<p class="field-error" id="organisation-error">{{.}}</p>{{end}}
</div>
<div class="field">
<label for="topic">{{.W.topic}}</label>
<select id="topic" name="topic"{{with .Errors.topic}} aria-invalid="true" aria-describedby="topic-error"{{end}}>
<option value="">{{.W.choose}}</option>
{{range .Topics}}<option value="{{.ID}}"{{if .Selected}} selected{{end}}>{{.Label}}</option>
{{end}}</select>
{{with .Errors.topic}}<p class="field-error" id="topic-error">{{.}}</p>{{end}}
</div>
<div class="field">
<label for="message">{{.W.message}}</label>
<textarea id="message" name="message" rows="8" maxlength="{{.Max.message}}"{{with .Errors.message}} aria-invalid="true" aria-describedby="message-error"{{end}}>{{.Values.message}}</textarea>
{{with .Errors.message}}<p class="field-error" id="message-error">{{.}}</p>{{end}}
</div>
<div class="field field--hp" hidden aria-hidden="true">
<label for="website">Website</label>
<input id="website" name="website" tabindex="-1" autocomplete="off">
</div>
<div class="field field--check">
<input id="consent" name="consent" type="checkbox" value="yes"{{if eq .Values.consent "yes"}} checked{{end}}{{with .Errors.consent}} aria-invalid="true" aria-describedby="consent-error"{{end}}>
<label for="consent">{{.W.consent}}</label>
{{with .Errors.consent}}<p class="field-error" id="consent-error">{{.}}</p>{{end}}
</div>
<button type="submit">{{.W.send}}</button>
</form>{{else}}<p><a href="{{.Back}}">{{.W.back}}</a></p>{{end}}
</main>
</body>
</html>
`))

type topicOption struct {
	ID, Label string
	Selected  bool
}

type pageData struct {
	Lang    string
	W       map[string]string
	Action  string
	Back    string
	Form    bool
	Message string
	Values  contact.Form
	Errors  map[string]string
	Max     map[string]int
	Topics  []topicOption
}

// renderForm writes the form page; problems may be nil for a plain error
// page (message set, no form), as for 413 or 429 without JavaScript.
func renderForm(w io.Writer, cfg *config.Config, lang string, values contact.Form, problems map[string]string, message string) error {
	d := pageData{
		Lang: lang, W: words[lang], Action: cfg.Contact.Endpoint, Back: langPath(cfg, lang, site.ContactPath),
		Form: problems != nil, Message: message, Values: values, Errors: map[string]string{}, Max: contact.MaxLen,
	}
	if d.W == nil {
		d.W = words["en"]
	}
	if d.Values == nil {
		d.Values = contact.Form{}
	}
	for field, p := range problems {
		d.Errors[field] = problemText(lang, field, p)
	}
	for _, t := range cfg.Contact.Topics {
		d.Topics = append(d.Topics, topicOption{ID: t.ID, Label: t.Label.Get(lang), Selected: t.ID == values[contact.FieldTopic]})
	}
	return formPage.Execute(w, d)
}

// langPath is the site path in lang, by the site's language rule
// (site.Prefix). lang is one of the site's languages (Form.Lang), never the
// request's text, so redirects cannot be pointed elsewhere.
func langPath(cfg *config.Config, lang, path string) string {
	return site.Prefix(lang, cfg.DefaultLanguage()) + path
}
