package contact

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/uio-partner/portal/internal/config"
)

// Report holds the figures that show whether inquiries are answered: per
// topic, and the open inquiries by age. `portal contact report` prints it;
// the weekly digest mails it.
type Report struct {
	From   time.Time  `json:"from,omitzero"` // figures cover inquiries received from here (zero: from the start)
	Until  time.Time  `json:"until"`         // to here
	Topics []*Figures `json:"topics"`
	Total  *Figures   `json:"total"`
	Spam   int        `json:"spam"` // spam-flagged inquiries, not in the figures
	// Open lists every inquiry received before Until and not answered,
	// oldest first, whenever it was received.
	Open []OpenInquiry `json:"open"`
	// Dead lists the messages given up on.
	Dead []DeadMessage `json:"dead"`
	// DeadAcks counts the acknowledgements among Dead given up in [From,
	// Until): addresses the visitors' mail servers refused. Nobody is
	// mailed about them one by one.
	DeadAcks int `json:"acknowledgements_undeliverable"`
	// Misses are the searches that found nothing, each sent by at least
	// MissThreshold different clients on one day.
	Misses []MissSummary `json:"searches_that_found_nothing"`
	// Zone is where the report's days and times are written (the site's,
	// site.yaml timezone:); nil is UTC.
	Zone *time.Location `json:"-"`
}

// Figures are one topic's figures, or the total. Claimed counts inquiries
// claimed at some point (answered ones too); Open those not answered. A
// promise is kept if the inquiry was marked answered by its due time,
// broken if it was answered later or is unanswered past it, and pending
// while it may still be kept.
type Figures struct {
	Topic    string `json:"topic"`
	Label    string `json:"label"`
	Received int    `json:"received"`
	Claimed  int    `json:"claimed"`
	Answered int    `json:"answered"`
	Open     int    `json:"open"`
	// Medians from receipt, in seconds in JSON; zero when nothing counts.
	MedianToClaim  Seconds `json:"median_seconds_to_claim"`
	MedianToAnswer Seconds `json:"median_seconds_to_answer"`
	Kept           int     `json:"promises_kept"`
	Broken         int     `json:"promises_broken"`
	Pending        int     `json:"promises_pending"`

	toClaim, toAnswer []time.Duration
}

// Seconds is a duration written to JSON as whole seconds.
type Seconds time.Duration

// MarshalJSON implements json.Marshaler.
func (s Seconds) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(time.Duration(s)/time.Second), 10), nil
}

// OpenInquiry is an unanswered inquiry as the report shows it: no names and
// no message text, only what says how long it has waited.
type OpenInquiry struct {
	Reference string    `json:"reference"`
	Topic     string    `json:"topic"`
	Status    string    `json:"status"`
	Received  time.Time `json:"received"`
	Age       Seconds   `json:"age_seconds"`
	Overdue   bool      `json:"overdue"` // its promise has run out
}

// DeadMessage is a message given up on, as the report shows it.
type DeadMessage struct {
	Reference string    `json:"reference,omitempty"`
	Purpose   string    `json:"purpose"`
	To        string    `json:"to"`
	Error     string    `json:"error"`
	At        time.Time `json:"at"`
}

// ReportSource is what a report reads: the inquiries' progress, the dead
// messages and the searches that found nothing.
type ReportSource interface {
	ProgressReader
	Misses(ctx context.Context, since string) ([]Miss, error)
}

// BuildReport reads src and returns the report `portal contact report`
// prints: the figures of the inquiries matching f, from f.Since until now,
// and the searches that found nothing since f.Since's day. Topics are
// named with their English labels in cfg; with a nil cfg, by their ids.
func BuildReport(ctx context.Context, src ReportSource, f Filter, now time.Time, cfg *config.Config) (*Report, error) {
	r, err := loadReport(ctx, src, f, f.Since, now, func(topic string) string { return TopicLabel(cfg, topic, "en") })
	if err != nil {
		return nil, err
	}
	r.Zone = Calendar(cfg).Location()
	since := ""
	if !f.Since.IsZero() {
		since = MissDay(f.Since, r.Zone)
	}
	misses, err := src.Misses(ctx, since)
	if err != nil {
		return nil, err
	}
	r.Misses = SummariseMisses(misses)
	return r, nil
}

// loadReport reads the progress of the inquiries matching f and the dead
// messages, and computes their report (NewReport).
func loadReport(ctx context.Context, src ProgressReader, f Filter, from, until time.Time, label func(topic string) string) (*Report, error) {
	rows, err := src.Progress(ctx, f)
	if err != nil {
		return nil, err
	}
	dead, err := src.DeadMessages(ctx)
	if err != nil {
		return nil, err
	}
	return NewReport(rows, dead, from, until, label), nil
}

// NewReport computes the report over rows (from Store.Progress) at until:
// figures for the inquiries received in [from, until), the open ones among
// all rows received before until, and the dead messages. label names a
// topic.
func NewReport(rows []*Inquiry, dead []*Message, from, until time.Time, label func(topic string) string) *Report {
	r := &Report{From: from, Until: until, Total: &Figures{Topic: "total", Label: "Total"}, Open: []OpenInquiry{}, Dead: []DeadMessage{}}
	byTopic := map[string]*Figures{}
	for _, q := range rows {
		if !q.CreatedAt.Before(until) {
			continue
		}
		if q.Spam {
			if !q.CreatedAt.Before(from) {
				r.Spam++
			}
			continue
		}
		if q.Status != StatusAnswered {
			r.Open = append(r.Open, OpenInquiry{
				Reference: q.Reference(), Topic: q.Topic, Status: q.Status, Received: q.CreatedAt,
				Age: Seconds(until.Sub(q.CreatedAt)), Overdue: !q.DueAt.IsZero() && !until.Before(q.DueAt),
			})
		}
		if q.CreatedAt.Before(from) {
			continue
		}
		f := byTopic[q.Topic]
		if f == nil {
			f = &Figures{Topic: q.Topic, Label: label(q.Topic)}
			byTopic[q.Topic] = f
			r.Topics = append(r.Topics, f)
		}
		f.add(q, until)
		r.Total.add(q, until)
	}
	slices.SortFunc(r.Topics, func(a, b *Figures) int { return strings.Compare(a.Label, b.Label) })
	for _, f := range append(r.Topics, r.Total) {
		f.MedianToClaim, f.MedianToAnswer = median(f.toClaim), median(f.toAnswer)
	}
	slices.SortStableFunc(r.Open, func(a, b OpenInquiry) int { return a.Received.Compare(b.Received) })
	for _, m := range dead {
		d := DeadMessage{Purpose: m.Purpose, To: m.Target, Error: m.LastError, At: m.DeadAt}
		if m.InquiryID != "" {
			d.Reference = Reference(m.InquiryID)
		}
		r.Dead = append(r.Dead, d)
		if m.Purpose == PurposeAck && !m.DeadAt.Before(from) && m.DeadAt.Before(until) {
			r.DeadAcks++
		}
	}
	return r
}

func (f *Figures) add(q *Inquiry, now time.Time) {
	f.Received++
	answered := q.Status == StatusAnswered
	if !q.ClaimedAt.IsZero() {
		f.Claimed++
		f.toClaim = append(f.toClaim, q.ClaimedAt.Sub(q.CreatedAt))
	}
	if answered {
		f.Answered++
		f.toAnswer = append(f.toAnswer, q.AnsweredAt.Sub(q.CreatedAt))
	} else {
		f.Open++
	}
	switch {
	case q.DueAt.IsZero(): // received before promises were made
	case answered && !q.AnsweredAt.After(q.DueAt):
		f.Kept++
	case answered || !now.Before(q.DueAt):
		f.Broken++
	default:
		f.Pending++
	}
}

func median(ds []time.Duration) Seconds {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	if n := len(ds); n%2 == 0 {
		return Seconds((ds[n/2-1] + ds[n/2]) / 2)
	}
	return Seconds(ds[len(ds)/2])
}

// Report formats for WriteReport.
const (
	ReportText = "text"
	ReportJSON = "json"
	ReportCSV  = "csv"
)

// ReportFormats are WriteReport's formats.
var ReportFormats = []string{ReportText, ReportJSON, ReportCSV}

// WriteReport writes r in format; text lists at most maxOpen open
// inquiries (0: all).
func WriteReport(w io.Writer, r *Report, format string, maxOpen int) error {
	switch format {
	case ReportText:
		return r.writeText(w, maxOpen, true)
	case ReportJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case ReportCSV:
		return r.writeCSV(w)
	}
	return Errorf(EINVALID, "unknown report format %q: want text, json or csv", format)
}

func (r *Report) zone() *time.Location {
	if r.Zone == nil {
		return time.UTC
	}
	return r.Zone
}

func (r *Report) period() string {
	until := r.Until.In(r.zone()).Format("2006-01-02 15:04")
	if r.From.IsZero() {
		return "received up to " + until
	}
	return "received " + r.From.In(r.zone()).Format("2006-01-02 15:04") + " to " + until
}

// writeText writes the report for people; withDead adds the undeliverable
// messages with their addresses (left out of the digest, which has no
// personal data).
func (r *Report) writeText(w io.Writer, maxOpen int, withDead bool) (err error) {
	defer Wrap(&err, "write report")
	fmt.Fprintf(w, "Inquiries %s (%s)\n\n", r.period(), r.zone())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "topic\treceived\tclaimed\tanswered\topen\tto claim\tto answer\tkept\tbroken\tpending")
	for _, f := range append(r.Topics, r.Total) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\t%d\t%d\t%d\n", StripControl(f.Label), f.Received, f.Claimed, f.Answered, f.Open,
			formatMedian(f.MedianToClaim, f.Claimed), formatMedian(f.MedianToAnswer, f.Answered), f.Kept, f.Broken, f.Pending)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n\"to claim\" and \"to answer\" are medians from receipt; kept, broken and pending count reply promises.\n")
	if r.Spam > 0 {
		fmt.Fprintf(w, "Spam-flagged, not counted above: %d\n", r.Spam)
	}
	fmt.Fprintf(w, "\nOpen inquiries, oldest first: %d\n", len(r.Open))
	for i, o := range r.Open {
		if maxOpen > 0 && i == maxOpen {
			fmt.Fprintf(w, "  ... and %d more (portal contact report --format json lists all)\n", len(r.Open)-maxOpen)
			break
		}
		late := ""
		if o.Overdue {
			late = ", promise broken"
		}
		fmt.Fprintf(w, "  %s  %-24s  %s (%s%s)\n", o.Reference, o.Topic, FormatAge(time.Duration(o.Age)), o.Status, late)
	}
	fmt.Fprintf(w, "\nUndeliverable messages: %d\n", len(r.Dead))
	fmt.Fprintf(w, "Acknowledgements whose address the mail server refused, %s: %d\n", r.period(), r.DeadAcks)
	if withDead {
		for _, d := range r.Dead {
			fmt.Fprintf(w, "  %s  %s to %s, %s: %s\n", d.At.In(r.zone()).Format("2006-01-02 15:04"), d.Purpose, d.To, d.Reference, StripControl(d.Error))
		}
	}
	if r.Misses == nil {
		return nil
	}
	fmt.Fprintf(w, "\nSearches that found nothing (each sent by at least %d different visitors on one day): %d\n", MissThreshold, len(r.Misses))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, m := range r.Misses {
		if maxOpen > 0 && i == maxOpen {
			fmt.Fprintf(tw, "  ... and %d more (portal contact report --format json lists all)\n", len(r.Misses)-maxOpen)
			break
		}
		days := "1 day"
		if m.Days != 1 {
			days = fmt.Sprintf("%d days", m.Days)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d visitors\t%s, last %s\n", StripControl(m.Query), m.Lang, m.Clients, days, m.Last)
	}
	return tw.Flush()
}

func formatMedian(s Seconds, n int) string {
	if n == 0 {
		return "-"
	}
	d := time.Duration(s)
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%dd %dh", d/(24*time.Hour), d%(24*time.Hour)/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%dh %dm", d/time.Hour, d%time.Hour/time.Minute)
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}

var reportCSVHeader = []string{"topic", "label", "received", "claimed", "answered", "open",
	"median_hours_to_claim", "median_hours_to_answer", "promises_kept", "promises_broken", "promises_pending"}

func (r *Report) writeCSV(w io.Writer) (err error) {
	defer Wrap(&err, "write report CSV")
	cw := csv.NewWriter(w)
	if err := cw.Write(reportCSVHeader); err != nil {
		return err
	}
	hours := func(s Seconds) string { return strconv.FormatFloat(time.Duration(s).Hours(), 'f', 1, 64) }
	for _, f := range append(r.Topics, r.Total) {
		row := []string{f.Topic, f.Label, strconv.Itoa(f.Received), strconv.Itoa(f.Claimed), strconv.Itoa(f.Answered), strconv.Itoa(f.Open),
			hours(f.MedianToClaim), hours(f.MedianToAnswer), strconv.Itoa(f.Kept), strconv.Itoa(f.Broken), strconv.Itoa(f.Pending)}
		if err := writeSafeRow(cw, row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
