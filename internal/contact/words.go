package contact

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/locale"
)

// Texts are the theme strings (layouts/i18n/<lang>.yaml, theme.Strings)
// the contact endpoint writes its mails with: every word a visitor or a
// unit reads comes from the site's own theme, in the site's languages.
type Texts interface {
	// Text returns the string key in lang, the default language's when
	// lang lacks it, and whether there is one.
	Text(lang, key string) (string, bool)
}

// MailKeys are the theme strings the mails are written with; portal check
// reports a language that lacks one.
var MailKeys = []string{
	"mailAckSubject", "mailAckBody", "mailSubject", "mailUnitIntro",
	"mailReference", "mailTopic", "mailName", "mailEmail", "mailOrganisation", "mailLanguage", "mailReceived", "mailReplyBy", "mailPromised",
	"mailLinks", "mailLinksNote", "mailActionsSubject", "mailActionsIntro", "mailEscalatesTo",
	"mailEscalationSubject", "mailEscalationIntro", "mailEscalationWhy", "mailEscalationSentTo", "mailEscalationAsk",
	"mailReminderSubject", "mailReminderTook", "mailReminderPromised", "mailReminderAnswered",
	"mailDigestSubject", "mailDigestIntro", "mailDigestOutro",
}

// ProblemKeys name the theme string that words each field problem; the
// one for ProblemTooLong takes the field's limit.
var ProblemKeys = map[string]string{
	ProblemRequired:       "formProblemRequired",
	ProblemEmail:          "formProblemEmail",
	ProblemTooLong:        "formProblemTooLong",
	ProblemTopic:          "formProblemTopic",
	ProblemConsent:        "formProblemConsent",
	ProblemControl:        "formProblemControl",
	ProblemURL:            "formProblemURL",
	ProblemTel:            "formProblemTel",
	ProblemEmailLiteral:   "formProblemEmailLiteral",
	ProblemEmailInvisible: "formProblemEmailInvisible",
	ProblemEmailScripts:   "formProblemEmailScripts",
}

// RefusalKeys name the theme string the endpoint answers each error code
// with when it is not about one field.
var RefusalKeys = map[string]string{
	EMALFORMED:   "formRefusedMalformed",
	ETOOLARGE:    "formRefusedTooLarge",
	EUNSUPPORTED: "formRefusedUnsupported",
	EFORBIDDEN:   "formRefusedForbidden",
	ENOTFOUND:    "formRefusedNotFound",
	EMETHOD:      "formRefusedMethod",
	ECONFLICT:    "formRefusedConflict",
	ERATELIMIT:   "formRefusedRateLimit",
	EINTERNAL:    "formRefusedInternal",
}

// PageKeys are the theme strings the endpoint's own pages are written
// with: its problem texts and refusals (in the visitor's language) and the
// pages behind the links in the units' mails (in the site's default
// language, like the units' mails). portal check reports a language that
// lacks one.
var PageKeys = pageKeys()

func pageKeys() []string {
	keys := []string{"formProblemIntro"}
	for _, m := range []map[string]string{ProblemKeys, RefusalKeys} {
		for _, k := range m {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return append(keys,
		"linkTitle", "linkRefusedTitle", "linkPromised", "linkRunOut", "linkStatus",
		"linkStatusAnswered", "linkStatusTaken", "linkStatusNew", "linkHistory", "linkHistoryEntry",
		"linkTake", "linkMarkAnswered", "linkNameLabel", "linkNothingYet", "linkSentTo",
		"linkNoSuchPage", "linkMethod", "linkDeleted", "linkWrongAddress", "linkNameTooLong",
		"linkTaken", "linkMarked",
		// The refusals of Keyring.Check, TakeRefusal and AnsweredRefusal
		// (Error.Text).
		"linkNoToken", "linkDamaged", "linkOtherInquiry", "linkForged", "linkIsTakeLink", "linkIsAnsweredLink",
		"linkExpired", "linkExpiredAsk", "linkTakenBy", "linkAlreadyAnswered")
}

// words writes in one language of the site: its theme strings and its
// CLDR dates.
type words struct {
	lang  string
	texts Texts
	dates locale.Dates
	zone  *time.Location // the mailer's calendar's: days are written as they fall there
}

// words returns the mailer's words in lang (the default language's for a
// language the site lacks), with days in the zone of the calendar the
// mailer already holds.
func (m *Mailer) words(lang string) words {
	if m.cfg.Language(lang) == nil {
		lang = m.cfg.DefaultLanguage()
	}
	return words{lang: lang, texts: m.texts, dates: m.cfg.Dates(lang), zone: m.cal.Location()}
}

// T formats the theme string key with args. A key no language has is
// shown as itself: portal check reports it before the endpoint runs.
func (w words) T(key string, args ...any) string {
	if w.texts == nil {
		return key // a mailer made without the theme (a preview that sends nothing)
	}
	s, ok := w.texts.Text(w.lang, key)
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Line is T as one line of a mail, ending in a newline.
func (w words) Line(key string, args ...any) string {
	return strings.TrimRight(w.T(key, args...), "\n") + "\n"
}

// Day is a day as readers of the language write it.
func (w words) Day(t time.Time) string { return FormatDay(w.dates, t.In(w.zone)) }

// Time is a day and time of day as readers of the language write them.
func (w words) Time(t time.Time) string { return FormatTime(w.dates, t.In(w.zone)) }

// rows writes label: value lines with the values lined up, the labels
// being the theme strings of keys.
func (w words) rows(b *strings.Builder, keys []string, values []string) {
	rows := make([][2]string, len(keys))
	for i, k := range keys {
		rows[i] = [2]string{w.T(k), values[i]}
	}
	writeRows(b, rows)
}
