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
	// Ask, with an expired link, is whom to ask to pass the inquiry on.
	Ask string
	// Notice is what the button just did.
	Notice string

	Reference, Topic, Received, Promise, Status string
	History                                     []string
	// Button is whether pressing the action's button would change anything.
	Button bool

	// words are the theme strings and dates the page is written with: the
	// site's default language, the units' (contact.PageKeys).
	words contact.Words
}

// T is the page's theme string key, formatted with args.
func (p *linkPage) T(key string, args ...any) string { return p.words.T(key, args...) }

// Lang is the code of the language the page is written in.
func (p *linkPage) Lang() string { return p.words.Lang() }

// of fills in the inquiry: reference, topic, receipt, promise, status,
// history, and whether the button is shown.
func (p *linkPage) of(m *contact.Mailer, q *contact.Inquiry, now time.Time) *linkPage {
	w := p.words
	p.Reference, p.Topic, p.Received = q.Reference(), m.TopicLabel(q.Topic, w.Lang()), w.Time(q.CreatedAt)
	if !q.DueAt.IsZero() {
		p.Promise = w.Day(m.PromiseDay(q.DueAt))
		if !now.Before(q.DueAt) && q.Status != contact.StatusAnswered {
			p.Promise = w.T("linkRunOut", p.Promise)
		}
	}
	switch q.Status {
	case contact.StatusAnswered:
		p.Status = w.T("linkStatusAnswered", w.Time(q.AnsweredAt), q.AnsweredBy)
	case contact.StatusClaimed:
		p.Status = w.T("linkStatusTaken", q.Claimer(), w.Time(q.ClaimedAt))
	default:
		p.Status = w.T("linkStatusNew")
	}
	p.History = p.History[:0]
	for _, e := range q.History {
		p.History = append(p.History, strings.TrimSpace(w.T("linkHistoryEntry", w.Time(e.At), e.Action, e.Actor, e.Detail)))
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
		return p.T("linkTake")
	}
	return p.T("linkMarkAnswered")
}

// ExpiresText is when the link stops working.
func (p *linkPage) ExpiresText() string { return p.words.Day(p.Expires) }

var linkTemplate = template.Must(template.New("link").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>{{if .Reference}}{{.T "linkTitle" .Reference}}{{else}}{{.T "linkRefusedTitle"}}{{end}}</title>
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<main class="contact inquiry-link">
{{- if .Reference}}
<h1>{{.T "linkTitle" .Reference}}</h1>
{{- else}}
<h1>{{.T "linkRefusedTitle"}}</h1>
{{- end}}
{{- if .Problem}}
<p class="form-errors" role="alert">{{.Problem}}</p>
{{- end}}
{{- if .Ask}}
<p>{{.Ask}}</p>
{{- end}}
{{- if .Notice}}
<p class="form-status" role="status">{{.Notice}}</p>
{{- end}}
{{- if .Reference}}
<dl>
<dt>{{.T "mailTopic"}}</dt><dd>{{.Topic}}</dd>
<dt>{{.T "mailReceived"}}</dt><dd>{{.Received}}</dd>
{{- if .Promise}}
<dt>{{.T "linkPromised"}}</dt><dd>{{.Promise}}</dd>
{{- end}}
<dt>{{.T "linkStatus"}}</dt><dd>{{.Status}}</dd>
</dl>
{{- end}}
{{- if .Button}}
<form method="post" action="{{.Path}}">
<input type="hidden" name="token" value="{{.Token}}">
{{- if eq .Action "claim"}}
<div class="field">
<label for="name">{{.T "linkNameLabel"}}</label>
<input id="name" name="name" maxlength="100" autocomplete="name">
</div>
{{- end}}
<button type="submit">{{.ButtonLabel}}</button>
</form>
<p>{{.T "linkNothingYet"}}</p>
{{- end}}
{{- if .History}}
<h2>{{.T "linkHistory"}}</h2>
<ul>
{{- range .History}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Who}}
<p>{{.T "linkSentTo" .Who .ExpiresText}}</p>
{{- end}}
</main>
</body>
</html>
`))
