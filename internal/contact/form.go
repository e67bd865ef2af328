package contact

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/config"
)

// Form field names, exactly as the site's form posts them. The core fields
// are declared in site.yaml (contact.fields) with every other field; the
// protocol fields are the form's own and declared nowhere else.
const (
	FieldName         = "name"
	FieldEmail        = "email"
	FieldOrganisation = "organisation"
	FieldTopic        = "topic"
	FieldMessage      = "message"
	FieldConsent      = "consent" // "yes"; required
	FieldWebsite      = "website" // honeypot: people never see it, bots fill it
	FieldStarted      = "started" // ms since epoch when the page loaded (set by JS)
	FieldLang         = "lang"    // a site language: response language and thank-you page
	FieldKey          = "key"     // idempotency key (set by JS)
)

// protocolMax bounds each protocol field in characters (the declared
// fields carry their own limit, contact.fields max).
var protocolMax = map[string]int{FieldWebsite: 500, FieldStarted: 20, FieldLang: 8, FieldKey: 128}

// FormFields lists every field the endpoint reads for cfg's form, the
// declared ones in form order and then the protocol fields; others are
// ignored.
func FormFields(cfg *config.Config) []string {
	out := make([]string, 0, len(cfg.Contact.Fields)+len(config.ProtocolFields))
	for _, f := range cfg.Contact.Fields {
		out = append(out, f.Name)
	}
	return append(out, config.ProtocolFields...)
}

// MaxLen is the limit of field in characters: its declared max, or the
// protocol field's; 0 for a field the form does not have.
func MaxLen(cfg *config.Config, field string) int {
	if f := cfg.Contact.Field(field); f != nil {
		return f.Max
	}
	return protocolMax[field]
}

// Problem keys in Error.Fields; contacthttp words them per language.
const (
	ProblemRequired = "required"
	ProblemEmail    = "bad_email"
	ProblemTooLong  = "too_long"
	ProblemTopic    = "unknown_topic"
	ProblemConsent  = "no_consent"
	ProblemControl  = "control" // control characters in a one-line field
	ProblemURL      = "bad_url"
	ProblemTel      = "bad_tel"
)

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

// Inquiry validates f against the site's form declaration (contact.fields)
// and topics, and returns the inquiry to store, with its content hash and
// its spam score at now, but no ID (the caller assigns one; the store
// deduplicates). Declared fields beyond the core ones go to Extra. The
// error is EINVALID with every field's problem at once, so a person fixes
// the form in one go.
func (f Form) Inquiry(cfg *config.Config, now time.Time) (*Inquiry, error) {
	if cfg.Contact.Field(FieldTopic) == nil {
		// config.Load refuses topics without a form; without either, no
		// inquiry can reach anyone.
		return nil, Errorf(EINVALID, "the site has no contact form")
	}
	problems := map[string]string{}
	// get reads a field: multi-line text loses its control characters,
	// one-line text may have none; both are trimmed and bounded by max.
	get := func(field string, required, oneLine bool, max int) string {
		v := f[field]
		if !oneLine {
			v = StripControl(v)
		}
		v = strings.TrimSpace(v)
		switch {
		case v == "" && required:
			problems[field] = ProblemRequired
		case utf8.RuneCountInString(v) > max:
			problems[field] = ProblemTooLong
		case oneLine && strings.IndexFunc(v, unicode.IsControl) >= 0:
			problems[field] = ProblemControl
		}
		return v
	}
	inq := &Inquiry{
		Lang:      f.Lang(cfg),
		Key:       get(FieldKey, false, true, protocolMax[FieldKey]),
		CreatedAt: now.UTC(),
	}
	for _, fd := range cfg.Contact.Fields {
		v := f.field(&fd, get, problems)
		switch fd.Name {
		case FieldName:
			inq.Name = v
		case FieldEmail:
			inq.Email = v
		case FieldOrganisation:
			inq.Organisation = v
		case FieldTopic:
			inq.Topic = v
			if _, bad := problems[FieldTopic]; !bad && cfg.Contact.Topic(v) == nil {
				problems[FieldTopic] = ProblemTopic
			}
		case FieldMessage:
			inq.Message = v
		case FieldConsent:
		default:
			if v != "" {
				if inq.Extra == nil {
					inq.Extra = map[string]string{}
				}
				inq.Extra[fd.Name] = v
			}
		}
	}
	if len(problems) > 0 {
		return nil, &Error{Code: EINVALID, Message: "The form has errors.", Fields: problems}
	}
	inq.Hash = inq.ContentHash()
	inq.SpamScore = SpamScore(f, now)
	inq.Spam = inq.SpamScore >= SpamThreshold
	return inq, nil
}

// field reads one declared field by its type, noting its problem.
func (f Form) field(fd *config.FormField, get func(string, bool, bool, int) string, problems map[string]string) string {
	switch fd.Type {
	case config.FieldCheckbox:
		// A ticked box posts "yes"; anything else is not a tick.
		if f[fd.Name] != "yes" {
			if fd.Required {
				problems[fd.Name] = ProblemRequired
				if fd.Name == FieldConsent {
					problems[fd.Name] = ProblemConsent
				}
			}
			return ""
		}
		return "yes"
	case config.FieldTextarea:
		return get(fd.Name, fd.Required, false, fd.Max)
	}
	v := get(fd.Name, fd.Required, true, fd.Max)
	if _, bad := problems[fd.Name]; bad || v == "" {
		return v
	}
	switch fd.Type {
	case config.FieldEmail:
		if p := emailProblem(v); p != "" {
			problems[fd.Name] = p
		}
	case config.FieldURL:
		if u, err := url.Parse(v); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			problems[fd.Name] = ProblemURL
		}
	case config.FieldTel:
		if strings.IndexFunc(v, func(r rune) bool { return !strings.ContainsRune("0123456789+-() .", r) }) >= 0 || strings.Count(v, "+") > 1 {
			problems[fd.Name] = ProblemTel
		}
	}
	return v
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
