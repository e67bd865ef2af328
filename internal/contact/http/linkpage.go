package contacthttp

import (
	"html/template"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/contact"
)

// linkPage is what the page behind a claim or answered link shows.
type linkPage struct {
	Action  string // contact.LinkClaim or contact.LinkAnswered
	Path    string
	Token   string
	Who     string // the address the link was mailed to
	Expires time.Time

	// Problem, if set, is why the link was refused: nothing else is known.
	Problem string
	// Notice is what the button just did.
	Notice string

	Reference, Topic, Received, Promise, Status string
	History                                     []string
	// Button is whether pressing the action's button would change anything.
	Button bool
}

// of fills in the inquiry: reference, topic, receipt, promise, status,
// history, and whether the button is shown.
func (p *linkPage) of(m *contact.Mailer, q *contact.Inquiry, now time.Time) *linkPage {
	p.Reference, p.Topic, p.Received = q.Reference(), m.TopicLabel(q.Topic, "en"), contact.FormatTime(m.Local(q.CreatedAt))
	if !q.DueAt.IsZero() {
		p.Promise = contact.FormatDay(m.PromiseDay(q.DueAt), "en", true)
		if !now.Before(q.DueAt) && q.Status != contact.StatusAnswered {
			p.Promise += " (run out)"
		}
	}
	switch q.Status {
	case contact.StatusAnswered:
		p.Status = "Answered on " + contact.FormatTime(m.Local(q.AnsweredAt)) + " by " + q.AnsweredBy + "."
	case contact.StatusClaimed:
		p.Status = "Taken by " + q.Claimer() + " since " + contact.FormatTime(m.Local(q.ClaimedAt)) + "."
	default:
		p.Status = "Nobody has taken it yet."
	}
	p.History = p.History[:0]
	for _, e := range q.History {
		p.History = append(p.History, strings.TrimSpace(contact.FormatTime(m.Local(e.At))+": "+e.Action+" by "+e.Actor+" "+e.Detail))
	}
	switch p.Action {
	case contact.LinkClaim:
		p.Button = q.Status == contact.StatusNew
	case contact.LinkAnswered:
		p.Button = q.Status != contact.StatusAnswered
	}
	return p
}

// ButtonLabel is the button's text.
func (p *linkPage) ButtonLabel() string {
	if p.Action == contact.LinkClaim {
		return "I’ll take it"
	}
	return "Mark as answered"
}

// ExpiresText is when the link stops working.
func (p *linkPage) ExpiresText() string { return contact.FormatDay(p.Expires, "en", true) }

var linkTemplate = template.Must(template.New("link").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>{{if .Reference}}Inquiry {{.Reference}}{{else}}This link cannot be used{{end}}</title>
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<main class="contact inquiry-link">
{{- if .Reference}}
<h1>Inquiry {{.Reference}}</h1>
{{- else}}
<h1>This link cannot be used</h1>
{{- end}}
{{- if .Problem}}
<p class="form-errors" role="alert">{{.Problem}}</p>
{{- end}}
{{- if .Notice}}
<p class="form-status" role="status">{{.Notice}}</p>
{{- end}}
{{- if .Reference}}
<dl>
<dt>Topic</dt><dd>{{.Topic}}</dd>
<dt>Received</dt><dd>{{.Received}}</dd>
{{- if .Promise}}
<dt>Reply promised by</dt><dd>{{.Promise}}</dd>
{{- end}}
<dt>Status</dt><dd>{{.Status}}</dd>
</dl>
{{- end}}
{{- if .Button}}
<form method="post" action="{{.Path}}">
<input type="hidden" name="token" value="{{.Token}}">
{{- if eq .Action "claim"}}
<div class="field">
<label for="name">Your name (optional, so colleagues see who has it)</label>
<input id="name" name="name" maxlength="100" autocomplete="name">
</div>
{{- end}}
<button type="submit">{{.ButtonLabel}}</button>
</form>
<p>Nothing has changed yet: only the button does it.</p>
{{- end}}
{{- if .History}}
<h2>History</h2>
<ul>
{{- range .History}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Who}}
<p>This link was sent to {{.Who}} and works until {{.ExpiresText}}.</p>
{{- end}}
</main>
</body>
</html>
`))
