package main

import (
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
  fields:
    - {name: topic, type: topic, required: true, label: Topic}
    - {name: name, type: text, required: true, label: Name}
    - {name: email, type: email, required: true, label: Email}
    - {name: organisation, type: text, label: Organisation}
    - {name: message, type: textarea, required: true, label: Message}
    - {name: consent, type: checkbox, required: true, label: I agree that my inquiry is stored.}
`})
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
