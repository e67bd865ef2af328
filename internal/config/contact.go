package config

import (
	"net/mail"
	"net/url"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Contact configures the inquiry form, where inquiries go, and how their
// answering is followed up.
type Contact struct {
	Endpoint string   `yaml:"endpoint"`
	Origins  []string `yaml:"origins"`
	// Coordinators are the partnership office: they receive the weekly
	// digest, the escalations of topics without escalate_to, and a notice of
	// every notification that could not be delivered.
	Coordinators Addresses `yaml:"coordinators"`
	// ReplyWithin is the reply promise of topics that set none, in working
	// days ("3d"); DefaultReplyWithin when empty.
	ReplyWithin string `yaml:"reply_within"`
	// RemindAfter is how many working days an inquiry may stay claimed but
	// not answered before its claimer is reminded ("2d");
	// DefaultRemindAfter when empty.
	RemindAfter string `yaml:"remind_after"`
	// AckPerHour caps the acknowledgements the endpoint mails visitors in
	// any hour, whoever posts (DefaultAckPerHour when unset; 0: no cap).
	// The caps per mailbox and per client stop one address being flooded
	// from one network; this one stops many networks (issue 23).
	AckPerHour *int    `yaml:"ack_per_hour"`
	Topics     []Topic `yaml:"topics"`
	// Fields are the contact form's fields in form order: its one
	// declaration (see FormField).
	Fields []FormField `yaml:"fields"`
	// Email is an address visitors may write to when the form cannot be
	// sent; the failure message names it. Optional: without it the message
	// only asks the visitor to try again.
	Email string `yaml:"email"`

	// RemindDays is RemindAfter as a number, set by validation.
	RemindDays int `yaml:"-"`
	// ReplyDays is ReplyWithin as a number, set by validation: the promise
	// of the form before a topic is chosen.
	ReplyDays int `yaml:"-"`
}

// Topic is one choice in the contact form; To lists the unit's recipients.
type Topic struct {
	ID      string    `yaml:"id"`
	Label   Localized `yaml:"label"`
	To      Addresses `yaml:"to"`
	Webhook string    `yaml:"webhook"`
	// ReplyWithin is the promise made to the visitor, in working days
	// ("3d"); the contact section's reply_within when empty.
	ReplyWithin string `yaml:"reply_within"`
	// EscalateTo receives the inquiries nobody claimed within the promise;
	// the coordinators when empty.
	EscalateTo Addresses `yaml:"escalate_to"`
	// Unit names who answers, per language ("Technology Transfer Office");
	// the form and the pathways show it. Optional.
	Unit Localized `yaml:"unit"`

	// ReplyDays is the promise as a number of working days, set by validation.
	ReplyDays int `yaml:"-"`
}

// Defaults of the follow-up settings, and the longest promise accepted.
const (
	DefaultReplyWithin = "3d"
	DefaultRemindAfter = "2d"
	DefaultAckPerHour  = 100
	MaxWorkingDays     = 60
)

// Escalation returns who is told when nobody claims an inquiry of the topic
// in time: its escalate_to, else the coordinators (possibly nobody).
func (t *Topic) Escalation(c *Contact) []string {
	if len(t.EscalateTo) > 0 {
		return t.EscalateTo
	}
	return c.Coordinators
}

// Topic returns the topic with the given id, or nil.
func (c *Contact) Topic(id string) *Topic {
	for i := range c.Topics {
		if c.Topics[i].ID == id {
			return &c.Topics[i]
		}
	}
	return nil
}

// Addresses is a list of plain email addresses. In YAML it may also be
// written as one address without brackets.
type Addresses []string

// UnmarshalYAML accepts a sequence of addresses or a single one.
func (a *Addresses) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		*a = Addresses{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*a = list
	return nil
}

// plainAddress reports whether s is a bare address such as unit@uio.no: the
// mail headers are built from these, so no display names or brackets.
func plainAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// parseWorkingDays reads "3d": a whole number of working days from 1 to
// MaxWorkingDays. Hours are not accepted, because a promise is a date.
func parseWorkingDays(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "d"))
	if err != nil || !strings.HasSuffix(strings.TrimSpace(s), "d") || n < 1 || n > MaxWorkingDays {
		return 0, false
	}
	return n, true
}

// validate checks the contact section, reporting each problem at the line
// of its key, and fills in the defaults and the parsed numbers of days.
// Settings the decoder could not read (skip) are not checked again.
func (c *Contact) validate(bad func(line int, format string, args ...any), line func(path ...string) int, skip func(paths ...string) bool) {
	days := func(l int, what, value, def string) int {
		if value == "" {
			value = def
		}
		n, ok := parseWorkingDays(value)
		if !ok {
			bad(l, "%s %q is not a number of working days such as 3d (1d to %dd)", what, value, MaxWorkingDays)
		}
		return n
	}
	// addresses reports each address that is not plain at its own line.
	addresses := func(what string, list Addresses, path ...string) {
		for j, addr := range list {
			if !plainAddress(addr) {
				bad(line(append(path, strconv.Itoa(j))...), "%s: %q is not a plain email address", what, addr)
			}
		}
	}
	if c.AckPerHour == nil {
		n := DefaultAckPerHour
		c.AckPerHour = &n
	} else if *c.AckPerHour < 0 && !skip("contact.ack_per_hour") {
		bad(line("contact", "ack_per_hour"), "contact.ack_per_hour is %d: want a number of acknowledgements an hour, or 0 for no cap", *c.AckPerHour)
	}
	var defaultReply int
	if !skip("contact.reply_within") {
		defaultReply = days(line("contact", "reply_within"), "contact.reply_within", c.ReplyWithin, DefaultReplyWithin)
	}
	c.ReplyDays = defaultReply
	if c.Email != "" && !skip("contact.email") && !plainAddress(c.Email) {
		bad(line("contact", "email"), "contact.email: %q is not a plain email address", c.Email)
	}
	if !skip("contact.remind_after") {
		c.RemindDays = days(line("contact", "remind_after"), "contact.remind_after", c.RemindAfter, DefaultRemindAfter)
	}
	if !skip("contact.coordinators") {
		addresses("contact.coordinators", c.Coordinators, "contact", "coordinators")
	}

	seenTopic := map[string]bool{}
	for i := range c.Topics {
		t := &c.Topics[i]
		n := strconv.Itoa(i)
		at := func(key string) string { return "contact.topics." + n + "." + key }
		l := line("contact", "topics", n)
		if !skip(at("id")) {
			if !nameRE.MatchString(t.ID) {
				bad(l, "contact topic id %q must be lower-case letters, digits and dashes", t.ID)
			}
			if seenTopic[t.ID] {
				bad(l, "contact topic %q is listed twice", t.ID)
			}
			seenTopic[t.ID] = true
		}
		if len(t.To) == 0 && t.Webhook == "" && !skip(at("to"), at("webhook")) {
			bad(l, "contact topic %q has no recipients (to) and no webhook: its inquiries would reach nobody", t.ID)
		}
		if !skip(at("to")) {
			addresses("contact topic "+strconv.Quote(t.ID), t.To, "contact", "topics", n, "to")
		}
		if !skip(at("escalate_to")) {
			addresses("contact topic "+strconv.Quote(t.ID)+" escalate_to", t.EscalateTo, "contact", "topics", n, "escalate_to")
		}
		if t.Webhook != "" && !skip(at("webhook")) {
			if u, err := url.Parse(t.Webhook); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				bad(l, "contact topic %q: webhook %q must be an http(s) URL", t.ID, t.Webhook)
			}
		}
		t.ReplyDays = defaultReply
		if t.ReplyWithin != "" && !skip(at("reply_within")) {
			t.ReplyDays = days(line("contact", "topics", n, "reply_within"), "contact topic "+strconv.Quote(t.ID)+" reply_within", t.ReplyWithin, "")
		}
	}
}
