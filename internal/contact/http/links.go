package contacthttp

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/contact"
)

// LinksPath is where the links in the unit's mails point:
// LinksPath + "{id}/claim?token=..." and LinksPath + "{id}/answered?token=...".
const LinksPath = "/api/inquiries/"

// maxClaimerName bounds the name typed on the claim page.
const maxClaimerName = 100

// Links serves the pages behind the links in the unit's mails. A GET shows
// the inquiry's reference, topic, receipt, status and one button, and
// changes nothing: mail security scanners open every link in a mail. The
// button's POST makes the change. Every token is checked first, and a
// refusal is a 403 or 410 page that says what happened.
type Links struct {
	store contact.Ownership
	mail  *contact.Mailer
	log   *slog.Logger
	now   func() time.Time
}

// NewLinks returns the handler for LinksPath. now is the clock; nil means
// time.Now.
func NewLinks(store contact.Ownership, mail *contact.Mailer, log *slog.Logger, now func() time.Time) *Links {
	if log == nil {
		log = slog.Default()
	}
	if now == nil {
		now = time.Now
	}
	return &Links{store: store, mail: mail, log: log, now: now}
}

// Pattern is the ServeMux pattern Links answers.
const linksPattern = LinksPath + "{id}/{action}"

// ServeHTTP implements http.Handler.
func (l *Links) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, action := r.PathValue("id"), r.PathValue("action")
	p := &linkPage{Action: action, Path: r.URL.Path, words: l.mail.Words("")}
	if action != contact.LinkClaim && action != contact.LinkAnswered {
		l.fail(w, p, contact.Errorf(contact.ENOTFOUND, "%s", p.T("linkNoSuchPage")))
		return
	}
	var token string
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		token = r.URL.Query().Get("token")
	case http.MethodPost:
		r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
		token = r.PostFormValue("token")
	default:
		w.Header().Set("Allow", "GET, POST")
		l.fail(w, p, contact.Errorf(contact.EMETHOD, "%s", p.T("linkMethod")))
		return
	}
	now := l.now()
	link, err := l.mail.Keys().Check(r.Context(), token, id, action, now)
	if err != nil {
		// An expired link is the only EGONE a check gives: name whom to
		// ask to pass the inquiry on, from site.yaml, if it names anyone.
		if who := l.mail.Coordinators(); contact.ErrorCode(err) == contact.EGONE && len(who) > 0 {
			p.Ask = p.T("linkExpiredAsk", strings.Join(who, ", "))
		}
		l.fail(w, p, err)
		return
	}
	p.Token, p.Expires = token, link.Expires
	inq, err := l.store.Inquiry(r.Context(), id)
	if contact.ErrorCode(err) == contact.ENOTFOUND {
		err = contact.Errorf(contact.EGONE, "%s", p.T("linkDeleted"))
	}
	if err != nil {
		l.fail(w, p, err)
		return
	}
	who := ""
	for _, addr := range inq.Recipients {
		if link.For(addr) {
			who = addr
		}
	}
	if who == "" {
		l.fail(w, p, contact.Errorf(contact.EFORBIDDEN, "%s", p.T("linkWrongAddress")))
		return
	}
	p.Who = who
	if r.Method != http.MethodPost {
		l.render(w, http.StatusOK, p.of(l.mail, inq, now))
		return
	}
	switch action {
	case contact.LinkClaim:
		name := strings.TrimSpace(r.PostFormValue("name"))
		if utf8.RuneCountInString(name) > maxClaimerName || strings.IndexFunc(name, unicode.IsControl) >= 0 || !utf8.ValidString(name) {
			l.fail(w, p, contact.Errorf(contact.EINVALID, "%s", p.T("linkNameTooLong", maxClaimerName)))
			return
		}
		inq, err = l.store.Take(r.Context(), id, contact.Claim{By: who, Name: name, At: now, RemindAt: l.mail.RemindAt(now)})
		if err == nil {
			p.Notice = p.T("linkTaken")
			if !inq.DueAt.IsZero() {
				p.Notice += " " + p.T("mailReminderPromised", p.words.Day(l.mail.PromiseDay(inq.DueAt)))
			}
		}
	case contact.LinkAnswered:
		inq, err = l.store.MarkAnswered(r.Context(), id, who, now)
		if err == nil {
			p.Notice = p.T("linkMarked")
		}
	}
	if err != nil {
		if inq != nil {
			p.of(l.mail, inq, now)
		}
		l.fail(w, p, err)
		return
	}
	l.log.Info("inquiry "+action, "id", id, "status", inq.Status)
	l.render(w, http.StatusOK, p.of(l.mail, inq, now))
}

// fail writes the page for err with its status; only internal errors are
// logged, and they show a generic text.
func (l *Links) fail(w http.ResponseWriter, p *linkPage, err error) {
	code := contact.ErrorCode(err)
	if code == contact.EINTERNAL {
		l.log.Error("inquiry link", "err", err, "path", p.Path)
	}
	var e *contact.Error
	switch {
	case errors.As(err, &e) && code != contact.EINTERNAL && e.Text != "":
		args := make([]any, len(e.Args))
		for i, a := range e.Args {
			if t, ok := a.(time.Time); ok {
				a = p.words.Time(t)
			}
			args[i] = a
		}
		p.Problem = p.T(e.Text, args...)
	case e != nil && code != contact.EINTERNAL:
		p.Problem = e.Message // worded by this page already
	default:
		p.Problem = refusalText(p.words, contact.EINTERNAL)
	}
	p.Button = false
	l.render(w, status(code), p)
}

func (l *Links) render(w http.ResponseWriter, st int, p *linkPage) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// The token is in the address: it must not travel on in a Referer, and
	// the page is nobody's to index or to frame.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(st)
	if err := linkTemplate.Execute(w, p); err != nil {
		l.log.Error("render inquiry page", "err", err)
	}
}
