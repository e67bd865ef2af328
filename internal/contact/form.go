package contact

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/config"
)

// Form field names, exactly as the site's static form posts them.
const (
	FieldName         = "name"
	FieldEmail        = "email"
	FieldOrganisation = "organisation"
	FieldTopic        = "topic"
	FieldMessage      = "message"
	FieldConsent      = "consent" // "yes"; required
	FieldWebsite      = "website" // honeypot: people never see it, bots fill it
	FieldStarted      = "started" // ms since epoch when the page loaded (set by JS)
	FieldLang         = "lang"    // en|nb: response language and thank-you page
	FieldKey          = "key"     // idempotency key (set by JS)
)

// FormFields lists every field the endpoint reads; others are ignored.
var FormFields = []string{FieldName, FieldEmail, FieldOrganisation, FieldTopic, FieldMessage, FieldConsent, FieldWebsite, FieldStarted, FieldLang, FieldKey}

// Problem keys in Error.Fields; contacthttp words them per language.
const (
	ProblemRequired = "required"
	ProblemEmail    = "bad_email"
	ProblemTooLong  = "too_long"
	ProblemTopic    = "unknown_topic"
	ProblemConsent  = "no_consent"
	ProblemControl  = "control" // control characters in a one-line field
)

// MaxLen bounds each field in characters, so one inquiry stays small in the
// database, the mailbox and the CRM.
var MaxLen = map[string]int{
	FieldName: 200, FieldEmail: 254, FieldOrganisation: 200, FieldTopic: 64,
	FieldMessage: 10000, FieldConsent: 8, FieldWebsite: 500, FieldStarted: 20, FieldLang: 8, FieldKey: 128,
}

// Form is a submission as posted: field name to value. The HTTP layer fills
// it from urlencoded, multipart or JSON bodies.
type Form map[string]string

// Honeypot reports whether the hidden field was filled: a bot. Such posts are
// answered exactly as a success and stored nowhere, so bots learn nothing.
func (f Form) Honeypot() bool { return strings.TrimSpace(f[FieldWebsite]) != "" }

// Lang returns the form's language if the site has it, else the default one.
func (f Form) Lang(cfg *config.Config) string {
	if l := f[FieldLang]; l != "" && cfg.Language(l) != nil {
		return l
	}
	return cfg.DefaultLanguage()
}

// Inquiry validates f against the site's topics and returns the inquiry to
// store, with its content hash and its spam score at now, but no ID (the
// caller assigns one; the store deduplicates). The error is EINVALID with
// every field's problem at once, so a person fixes the form in one go.
func (f Form) Inquiry(cfg *config.Config, now time.Time) (*Inquiry, error) {
	problems := map[string]string{}
	get := func(field string, required, oneLine bool) string {
		v := f[field]
		if !oneLine {
			v = StripControl(v)
		}
		v = strings.TrimSpace(v)
		switch {
		case v == "" && required:
			problems[field] = ProblemRequired
		case utf8.RuneCountInString(v) > MaxLen[field]:
			problems[field] = ProblemTooLong
		case oneLine && strings.IndexFunc(v, unicode.IsControl) >= 0:
			problems[field] = ProblemControl
		}
		return v
	}
	inq := &Inquiry{
		Lang:         f.Lang(cfg),
		Name:         get(FieldName, true, true),
		Email:        get(FieldEmail, true, true),
		Organisation: get(FieldOrganisation, false, true),
		Topic:        get(FieldTopic, true, true),
		Message:      get(FieldMessage, true, false),
		Key:          get(FieldKey, false, true),
		CreatedAt:    now.UTC(),
	}
	if _, bad := problems[FieldEmail]; !bad {
		if p := emailProblem(inq.Email); p != "" {
			problems[FieldEmail] = p
		}
	}
	if _, bad := problems[FieldTopic]; !bad && cfg.Contact.Topic(inq.Topic) == nil {
		problems[FieldTopic] = ProblemTopic
	}
	if f[FieldConsent] != "yes" {
		problems[FieldConsent] = ProblemConsent
	}
	if len(problems) > 0 {
		return nil, &Error{Code: EINVALID, Message: "The form has errors.", Fields: problems}
	}
	inq.Hash = inq.ContentHash()
	inq.SpamScore = SpamScore(f, now)
	inq.Spam = inq.SpamScore >= SpamThreshold
	return inq, nil
}

// StripControl removes control characters (NUL, ESC, BEL, DEL, C1 ...) from
// multi-line text, keeping tab and line breaks, with CR LF and a lone CR
// made LF. A message is read in mail clients, spreadsheets and terminals,
// where these characters hide text or move the cursor (issue 12, defect 7);
// a person pasting text never means them, so they are dropped, not refused.
func StripControl(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' }) < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\t' || r == '\n':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// SpamThreshold is the score from which an inquiry is flagged as spam.
const SpamThreshold = 50

// MinFillTime is how long a person needs at least to fill in the form.
const MinFillTime = 3 * time.Second

// SpamScore rates f from 0 (a person) to 100 (a bot). It scores rather than
// blocks, because a false positive must still reach the export.
func SpamScore(f Form, now time.Time) int {
	score := 0
	if ms, err := strconv.ParseInt(strings.TrimSpace(f[FieldStarted]), 10, 64); f[FieldStarted] != "" && err == nil && ms > 0 {
		// A missing or unparsable value is neutral: no JS, or an old page.
		if d := now.Sub(time.UnixMilli(ms)); d >= 0 && d < MinFillTime {
			score += 60
		}
	}
	msg := strings.ToLower(f[FieldMessage])
	if n := strings.Count(msg, "http://") + strings.Count(msg, "https://"); n >= 3 {
		score += 30
	}
	if strings.Contains(strings.ToLower(f[FieldName]), "http") {
		score += 30
	}
	return min(score, 100)
}
