package config

import (
	"slices"
	"strings"
	"testing"
)

const contactHead = `title: T
baseURL: https://example.org/
languages: [{code: en, name: English}]
sections: [{name: news, title: News}]
`

// contactFields declares the core form fields, to end a contact block.
const contactFields = `  fields:
    - {name: topic, type: topic, required: true, label: Topic}
    - {name: name, type: text, required: true, label: Name}
    - {name: email, type: email, required: true, label: Email}
    - {name: organisation, type: text, label: Organisation}
    - {name: message, type: textarea, required: true, label: Message}
    - {name: consent, type: checkbox, required: true, label: I agree}
`

func TestContactFollowUp(t *testing.T) {
	cfg, err := Parse([]byte(contactHead + `contact:
  coordinators: [partner@example.org, office@example.org]
  reply_within: 5d
  remind_after: 1d
  topics:
    - id: general
      label: General
      to: office@example.org
    - id: research
      label: Research
      to: [research@example.org]
      reply_within: 2d
      escalate_to: head@example.org
` + contactFields))
	if err != nil {
		t.Fatal(err)
	}
	c := &cfg.Contact
	general, research := c.Topic("general"), c.Topic("research")
	if general.ReplyDays != 5 || research.ReplyDays != 2 || c.RemindDays != 1 {
		t.Errorf("days: general %d, research %d, remind %d; want 5, 2, 1", general.ReplyDays, research.ReplyDays, c.RemindDays)
	}
	if got := general.Escalation(c); !slices.Equal(got, []string{"partner@example.org", "office@example.org"}) {
		t.Errorf("general escalates to %v, want the coordinators", got)
	}
	if got := research.Escalation(c); !slices.Equal(got, []string{"head@example.org"}) {
		t.Errorf("research escalates to %v, want its escalate_to", got)
	}
	if !slices.Equal(general.To, []string{"office@example.org"}) {
		t.Errorf("a single to address: %v", general.To)
	}
}

func TestContactFollowUpDefaults(t *testing.T) {
	cfg, err := Parse([]byte(contactHead + "contact:\n  topics: [{id: general, label: G, to: [a@example.org]}]\n" + contactFields))
	if err != nil {
		t.Fatal(err)
	}
	if d := cfg.Contact.Topics[0].ReplyDays; d != 3 {
		t.Errorf("default reply_within = %d working days, want 3", d)
	}
	if d := cfg.Contact.RemindDays; d != 2 {
		t.Errorf("default remind_after = %d working days, want 2", d)
	}
	if got := cfg.Contact.Topics[0].Escalation(&cfg.Contact); len(got) != 0 {
		t.Errorf("escalation without coordinators = %v, want nobody", got)
	}
}

// TestContactFollowUpErrors: every bad follow-up setting is named at its line.
func TestContactFollowUpErrors(t *testing.T) {
	_, err := Parse([]byte(contactHead + `contact:
  coordinators: [Partner Office <partner@example.org>]
  reply_within: soon
  remind_after: 48h
  topics:
    - id: general
      label: General
      to: [office@example.org]
      reply_within: 0d
      escalate_to: [head-at-example.org]
    - id: research
      label: Research
      to: [research@example.org]
      reply_within: 3 days
`))
	if err == nil {
		t.Fatal("Parse succeeded, want errors")
	}
	for _, want := range []string{
		`site.yaml:6: contact.coordinators: "Partner Office <partner@example.org>" is not a plain email address`,
		`site.yaml:7: contact.reply_within "soon" is not a number of working days such as 3d (1d to 60d)`,
		`site.yaml:8: contact.remind_after "48h" is not a number of working days`,
		`site.yaml:13: contact topic "general" reply_within "0d" is not a number of working days`,
		`site.yaml:14: contact topic "general" escalate_to: "head-at-example.org" is not a plain email address`,
		`site.yaml:18: contact topic "research" reply_within "3 days" is not a number of working days`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
}
