package main

import (
	"github.com/uio-partner/portal/internal/sitetest"
	"strings"
	"testing"
)

// TestCheckNamesContactFollowUpLines: a reply_within that is not a number of
// working days, or an escalate_to that is not an address, fails `portal
// check` with the line of the setting.
func TestCheckNamesContactFollowUpLines(t *testing.T) {
	site := minimalSite(t, map[string]string{"site.yaml": `title: T
baseURL: https://example.org/
languages: [{code: en, name: English}]
sections:
  - {name: partners, title: Partners, required: [title], optional: [summary], sort: title}
contact:
  coordinators: [office@example.org]
  topics:
    - id: general
      label: General
      to: [office@example.org]
      reply_within: three days
      escalate_to: [the head of unit]
` + sitetest.CoreFields})
	code, out, _ := run(t, "check", "--source", site)
	if code != 1 {
		t.Fatalf("exit %d, want 1; output:\n%s", code, out)
	}
	for _, want := range []string{
		`site.yaml:12:1: error: contact topic "general" reply_within "three days" is not a number of working days such as 3d`,
		`site.yaml:13:1: error: contact topic "general" escalate_to: "the head of unit" is not a plain email address`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestCheckNamesContactFieldLines: a form field of an unknown type, a limit
// that is not a number and a label missing in a language each fail `portal
// check` with the line of the field's setting, all at once.
func TestCheckNamesContactFieldLines(t *testing.T) {
	site := minimalSite(t, map[string]string{"site.yaml": `title: T
baseURL: https://example.org/
languages: [{code: en, name: English}, {code: nb, name: Norsk}]
sections:
  - {name: partners, title: {en: Partners, nb: Partnere}, required: [title], optional: [summary], sort: title}
contact:
  topics:
    - {id: general, label: {en: General, nb: Generelt}, to: [office@example.org]}
  fields:
    - {name: topic, type: topic, required: true, label: {en: Topic, nb: Tema}}
    - {name: name, type: text, required: true, label: {en: Name, nb: Navn}}
    - {name: email, type: email, required: true, label: {en: Email, nb: E-post}}
    - {name: organisation, type: text, label: {en: Organisation, nb: Virksomhet}}
    - {name: message, type: textarea, required: true, max: many, label: {en: Message, nb: Melding}}
    - {name: fax, type: fax, label: {en: Fax, nb: Faks}}
    - {name: vat, type: text, label: {en: VAT number}}
    - {name: consent, type: checkbox, required: true, label: {en: I agree, nb: Jeg samtykker}}
`})
	code, out, _ := run(t, "check", "--source", site)
	if code != 1 {
		t.Fatalf("exit %d, want 1; output:\n%s", code, out)
	}
	for _, want := range []string{
		`site.yaml:14:60: error: max: a whole number is expected here, not "many"`,
		`site.yaml:15:1: error: contact field "fax": unknown type "fax": want one of text, email, tel, url, textarea, checkbox, topic`,
		`site.yaml:16:1: error: contact field vat label has no nb text: add nb: to it`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
