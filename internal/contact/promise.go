package contact

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/config"
)

// Promise is what the visitor would be promised for an inquiry on one
// topic: the last day of the reply promise.
type Promise struct {
	Topic *config.Topic
	Day   time.Time // midnight in the site's zone
}

// Promises returns the promise of each topic (or of the topic with id
// topic, when it is not empty) for an inquiry received at at.
func Promises(cfg *config.Config, at time.Time, topic string) ([]Promise, error) {
	cal := Calendar(cfg)
	var out []Promise
	for i := range cfg.Contact.Topics {
		t := &cfg.Contact.Topics[i]
		if topic == "" || t.ID == topic {
			out = append(out, Promise{Topic: t, Day: cal.LastDay(cal.Deadline(at, t.ReplyDays))})
		}
	}
	if len(out) == 0 {
		ids := make([]string, len(cfg.Contact.Topics))
		for i, t := range cfg.Contact.Topics {
			ids[i] = t.ID
		}
		return nil, fmt.Errorf("--topic %q: site.yaml has no such topic; it has %s", topic, strings.Join(ids, ", "))
	}
	return out, nil
}

// ParseAt reads --at: a date and time in zone (2027-01-04T10:00, or with
// a space), or an RFC 3339 instant.
func ParseAt(s string, zone *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--at %q: want a date and time such as 2027-01-04T10:00 (in %s)", s, zone)
}

// PromiseCommand is `portal contact promise --at TIME [--topic ID]`: the
// day an inquiry received at TIME would be promised an answer by, so an
// office can check its calendar before a holiday.
func PromiseCommand(e *cli.Env) *cli.Command {
	run := func(ctx context.Context, args []string) error {
		fs := e.Flags("contact promise", "--at 2027-01-04T10:00 [--topic ID] [--source DIR]")
		at := fs.String("at", "", "when the inquiry arrives: YYYY-MM-DDTHH:MM in site.yaml's timezone, or RFC 3339")
		topic := fs.String("topic", "", "a topic's id (default: every topic)")
		source := fs.String("source", e.Default("PORTAL_SOURCE", "."), "site root holding site.yaml (env PORTAL_SOURCE)")
		if err := e.ParseOnly(fs, args); err != nil {
			return err
		}
		cfg, err := config.Load(*source)
		if err != nil {
			return err
		}
		return WritePromises(e.Stdout, cfg, *at, *topic)
	}
	return &cli.Command{Name: "promise", Summary: "print the day an inquiry received at --at would be promised an answer by (the country's holidays counted)", Run: run}
}

// WritePromises writes the promises for an inquiry received at at (--at)
// on topic (every topic when empty), as PromiseCommand prints them.
func WritePromises(w io.Writer, cfg *config.Config, at, topic string) error {
	cal := Calendar(cfg)
	t, err := ParseAt(at, cal.Location())
	if err != nil {
		return err
	}
	ps, err := Promises(cfg, t, topic)
	if err != nil {
		return err
	}
	country := cal.Country()
	if country == "" {
		country = "no country: no public holidays"
	}
	fmt.Fprintf(w, "Received %s (%s, %s):\n", FormatTime(t.In(cal.Location())), cal.Location(), country)
	for _, p := range ps {
		fmt.Fprintf(w, "  %s: %d working days, answer by %s\n", p.Topic.ID, p.Topic.ReplyDays, FormatDay(p.Day, "en", true))
	}
	return nil
}
