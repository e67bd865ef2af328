package contacthttp

import (
	"fmt"
	"io"
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/site"
)

// words are the endpoint's own texts per language: the problems it finds
// and its refusals. The form itself, labels included, is the theme's, from
// site.yaml contact.fields.
var words = map[string]map[string]string{
	"en": {
		"intro": "Please correct the fields marked below and send the form again.",

		contact.ProblemRequired:       "Please fill in this field.",
		contact.ProblemEmail:          "Please enter a valid email address, such as name@example.com.",
		contact.ProblemTooLong:        "This is too long: at most %d characters.",
		contact.ProblemTopic:          "Please choose a topic from the list.",
		contact.ProblemConsent:        "Please give your consent, so that we may answer you.",
		contact.ProblemControl:        "Please remove line breaks and control characters.",
		contact.ProblemURL:            "Please enter a web address that starts with https://.",
		contact.ProblemTel:            "Please enter a phone number: digits, spaces and a leading +.",
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
		"intro": "Rett opp feltene som er merket nedenfor, og send skjemaet på nytt.",

		contact.ProblemRequired:       "Fyll ut dette feltet.",
		contact.ProblemEmail:          "Skriv inn en gyldig e-postadresse, for eksempel navn@eksempel.no.",
		contact.ProblemTooLong:        "Dette er for langt: høyst %d tegn.",
		contact.ProblemTopic:          "Velg et tema fra listen.",
		contact.ProblemConsent:        "Du må gi samtykke for at vi skal kunne svare deg.",
		contact.ProblemControl:        "Fjern linjeskift og kontrolltegn.",
		contact.ProblemURL:            "Skriv inn en nettadresse som begynner med https://.",
		contact.ProblemTel:            "Skriv inn et telefonnummer: sifre, mellomrom og eventuelt + først.",
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

// problemText words a field problem, filling in the field's declared
// length limit.
func problemText(cfg *config.Config, lang, field, problem string) string {
	if problem == contact.ProblemTooLong {
		return fmt.Sprintf(word(lang, problem), contact.MaxLen(cfg, field))
	}
	return word(lang, problem)
}

// writePlain is the answer to a browser without JavaScript when the site's
// own contact page (FormPage) cannot be rendered: what went wrong, each
// problem under its field's declared label, and what the visitor typed,
// so nothing they wrote is lost. The form itself exists only in the theme.
func writePlain(w io.Writer, cfg *config.Config, lang string, values contact.Form, problems map[string]string, status string) {
	var b strings.Builder
	b.WriteString(status + "\n")
	for _, f := range cfg.Contact.Fields {
		p, bad := problems[f.Name]
		v := values[f.Name]
		if f.Type == config.FieldCheckbox {
			v = ""
		}
		if !bad && v == "" {
			continue
		}
		fmt.Fprintf(&b, "\n%s:", f.Label.Get(lang))
		if bad {
			b.WriteString(" " + problemText(cfg, lang, f.Name, p))
		}
		if v != "" {
			b.WriteString("\n" + v)
		}
		b.WriteString("\n")
	}
	io.WriteString(w, b.String())
}

// langPath is the site path in lang, by the site's language rule
// (site.Prefix). lang is one of the site's languages (Form.Lang), never the
// request's text, so redirects cannot be pointed elsewhere.
func langPath(cfg *config.Config, lang, path string) string {
	return site.Prefix(lang, cfg.DefaultLanguage()) + path
}
