package contact

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact/workday"
	"github.com/uio-partner/portal/internal/site"
)

// Mailer decides and composes every message about inquiries: the unit's
// mail with its links, the visitor's acknowledgement, the escalation, the
// reminder, the digest and the notice of undeliverable mail. It also holds
// the date rules they state: when a promise runs out and when a claimer is
// reminded, both counted in the working days of the site's country and
// zone (site.yaml country:, timezone:). Every word of the mails comes
// from the site's theme strings (texts).
type Mailer struct {
	cfg   *config.Config
	texts Texts
	cal   *workday.Calendar
	keys  *Keyring
	base  string // the endpoint's public URL, without a trailing slash
	// Now is the clock that links expire from when a mail is composed;
	// tests replace it.
	Now func() time.Time
}

// NewMailer returns the mailer for cfg's topics, writing with texts and
// signing links with keys. publicURL is where the endpoint is reached
// (--public-url); empty means the site's baseURL, as when nginx passes
// /api/ to the endpoint.
func NewMailer(cfg *config.Config, texts Texts, keys *Keyring, publicURL string) *Mailer {
	if publicURL == "" {
		publicURL = cfg.BaseURL
	}
	return &Mailer{cfg: cfg, texts: texts, cal: Calendar(cfg), keys: keys, base: strings.TrimRight(publicURL, "/"), Now: time.Now}
}

// Calendar returns the working days of cfg's country and zone; a config
// not read from site.yaml (nil, or built in code) counts Monday to Friday
// in UTC.
func Calendar(cfg *config.Config) *workday.Calendar {
	if cfg != nil && cfg.Calendar != nil {
		return cfg.Calendar
	}
	c, err := workday.New("", "")
	if err != nil {
		panic(err) // UTC is always there
	}
	return c
}

// Calendar returns the working days the mailer counts in.
func (m *Mailer) Calendar() *workday.Calendar { return m.cal }

// PromiseDay is the last day of a promise that runs out at due (the
// midnight after it), as the visitor was told.
func (m *Mailer) PromiseDay(due time.Time) time.Time { return m.cal.LastDay(due) }

// Local returns t in the zone the site's days are counted in, as mails and
// pages write it.
func (m *Mailer) Local(t time.Time) time.Time { return t.In(m.cal.Location()) }

// unit is the words of the mails to units and coordinators: the site's
// default language.
func (m *Mailer) unit() words { return m.words(m.cfg.DefaultLanguage()) }

// Words returns the words of lang (the default language for one the site
// does not have), for the endpoint's pages.
func (m *Mailer) Words(lang string) Words { return Words{m.words(lang)} }

// Words writes in one language of the site, for the endpoint's pages.
type Words struct{ w words }

// Day writes a day as readers of the language do.
func (w Words) Day(t time.Time) string { return w.w.Day(t) }

// Time writes a day and time of day as readers of the language do.
func (w Words) Time(t time.Time) string { return w.w.Time(t) }

// Lang is the language's code.
func (w Words) Lang() string { return w.w.lang }

// T formats the theme string key in the language with args (PageKeys).
func (w Words) T(key string, args ...any) string { return w.w.T(key, args...) }

// Keys returns the keyring the links are signed with.
func (m *Mailer) Keys() *Keyring { return m.keys }

// TopicLabel returns a topic's label in lang (the default language for
// ""), or its id if site.yaml no longer has it.
func (m *Mailer) TopicLabel(topic, lang string) string { return TopicLabel(m.cfg, topic, lang) }

// TopicLabel returns the label in lang (the default language for "") that
// cfg gives topic, or its id if cfg has no such topic, or cfg is nil (no
// site.yaml at hand).
func TopicLabel(cfg *config.Config, topic, lang string) string {
	if cfg == nil {
		return topic
	}
	if lang == "" {
		lang = cfg.DefaultLanguage()
	}
	if t := cfg.Contact.Topic(topic); t != nil {
		return t.Label.Get(lang)
	}
	return topic
}

// CheckPublicURL says what is wrong with publicURL (--public-url), the
// address the links in mails point at: it must be an http(s) address with a
// host. Empty is fine: the site's baseURL is used.
func CheckPublicURL(publicURL string) error {
	if u, err := url.Parse(publicURL); publicURL != "" && (err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http")) {
		return fmt.Errorf("--public-url %q: want an http(s) address such as https://partner.uio.no", publicURL)
	}
	return nil
}

// DueAt is when the reply promise for an inquiry on topic received at
// received runs out: the end of the topic's reply_within-th working day.
func (m *Mailer) DueAt(topic string, received time.Time) time.Time {
	t := m.cfg.Contact.Topic(topic)
	if t == nil {
		return time.Time{}
	}
	return m.cal.Deadline(received, t.ReplyDays)
}

// RemindAt is when someone who claimed an inquiry at claimed is reminded,
// if they have not marked it answered: the end of the remind_after-th
// working day.
func (m *Mailer) RemindAt(claimed time.Time) time.Time {
	return m.cal.Deadline(claimed, m.cfg.Contact.RemindDays)
}

// LinkURL is the address of an action's page for inquiry id.
func (m *Mailer) LinkURL(id, action, token string) string {
	return m.base + "/api/inquiries/" + url.PathEscape(id) + "/" + action + "?token=" + url.QueryEscape(token)
}

func (m *Mailer) link(inq *Inquiry, to, action string, now time.Time) string {
	return m.LinkURL(inq.ID, action, m.keys.Sign(inq.ID, to, action, now.Add(LinkTTL)))
}

func email(inq *Inquiry, purpose string, e Email) *Message {
	payload, _ := json.Marshal(e) // strings only: cannot fail
	id := ""
	if inq != nil {
		id = inq.ID
	}
	return &Message{InquiryID: id, Kind: KindEmail, Purpose: purpose, Target: e.To, Payload: payload}
}

// Received returns the messages for a newly stored inquiry: a mail per
// unit recipient (the inquiry without its links: see unitMail, and Then
// for the links), the topic's webhook, and the visitor's acknowledgement.
// Spam-flagged inquiries get none: they are kept for export, but nobody is
// disturbed by them.
//
// This runs for every post, so the messages hold the inquiry as the
// webhook's JSON, encoded once, and Email composes the mails (with links
// signed then) when they are sent. The acknowledgement's payload leaves
// out everything the visitor typed.
func (m *Mailer) Received(inq *Inquiry) []*Message {
	t := m.cfg.Contact.Topic(inq.Topic)
	if inq.Spam || t == nil {
		return nil
	}
	n := Notification{
		InquiryID: inq.ID, Reference: inq.Reference(), CreatedAt: inq.CreatedAt.UTC(), DueAt: inq.DueAt.UTC(),
		Lang: inq.Lang, Topic: inq.Topic, TopicLabel: t.Label.Get(m.cfg.DefaultLanguage()),
		Name: inq.Name, Email: inq.Email, Organisation: inq.Organisation, Message: inq.Message, Extra: inq.Extra,
	}
	payload, _ := json.Marshal(n) // strings and times only: cannot fail
	msgs := make([]*Message, 0, len(t.To)+2)
	for _, to := range t.To {
		msgs = append(msgs, &Message{InquiryID: inq.ID, Kind: KindEmail, Purpose: PurposeUnit, Target: to, Payload: payload})
	}
	if t.Webhook != "" {
		msgs = append(msgs, &Message{InquiryID: inq.ID, Kind: KindWebhook, Purpose: PurposeUnit, Target: t.Webhook, Payload: payload})
	}
	n.Name, n.Email, n.Organisation, n.Message, n.Extra = "", "", "", "", nil
	ack, _ := json.Marshal(n)
	return append(msgs, &Message{InquiryID: inq.ID, Kind: KindEmail, Purpose: PurposeAck, Target: inq.Email, Payload: ack})
}

// Then returns the messages that follow msg once it is sent
// (Dispatcher.Then): after a unit's mail, the mail with its claim and
// answered links, to the same recipient, from the same payload. Queued
// then rather than with the inquiry, the links mail costs the one writer
// that every post waits for nothing (it was a second outbox row per unit
// recipient in each save: BENCHMARKS.md, issue 23), and it still reaches
// everyone the inquiry reached, after the inquiry itself.
func (m *Mailer) Then(msg *Message) []*Message {
	if msg.Kind != KindEmail || msg.Purpose != PurposeUnit || strings.Contains(msg.Target, ",") {
		return nil // a mail queued before issue 12 carried its links itself
	}
	return []*Message{{InquiryID: msg.InquiryID, Kind: KindEmail, Purpose: PurposeActions, Target: msg.Target, Payload: msg.Payload}}
}

// Email composes an email message for sending: the unit's mail, its links
// and the acknowledgement from the inquiry in their payload, with links
// signed now for the message's one recipient; every other message was
// composed when it was queued (DecodeEmail).
func (m *Mailer) Email(msg *Message) (*Email, error) {
	if msg.Purpose != PurposeUnit && msg.Purpose != PurposeAck && msg.Purpose != PurposeActions {
		return DecodeEmail(msg)
	}
	var n Notification
	if err := json.Unmarshal(msg.Payload, &n); err != nil {
		return nil, err
	}
	if n.InquiryID == "" || strings.Contains(msg.Target, ",") {
		return DecodeEmail(msg) // composed when queued, or queued before issue 12
	}
	inq := &Inquiry{
		ID: n.InquiryID, CreatedAt: n.CreatedAt, Lang: n.Lang, Topic: n.Topic,
		Name: n.Name, Email: n.Email, Organisation: n.Organisation, Message: n.Message, Extra: n.Extra,
		Progress: Progress{DueAt: n.DueAt},
	}
	if msg.Purpose == PurposeAck {
		inq.Email = msg.Target
		e := m.acknowledgement(inq)
		return &e, nil
	}
	if msg.Purpose == PurposeActions {
		e := m.actionsMail(inq, msg.Target, "", m.Now())
		return &e, nil
	}
	e := m.unitMail(inq, msg.Target)
	return &e, nil
}

// subject is the unit's subject line: topic, who, and the reference.
func (m *Mailer) subject(inq *Inquiry) string {
	who := inq.Organisation
	if who == "" {
		who = inq.Name
	}
	w := m.unit()
	return w.T("mailSubject", m.TopicLabel(inq.Topic, w.lang), who, inq.Reference())
}

// details is the inquiry as the unit reads it: its reference and topic,
// the declared fields in form order (listFields), when it came and what
// was promised, then the message and any other long text.
func (m *Mailer) details(b *strings.Builder, inq *Inquiry) {
	w := m.unit()
	fields, texts := listFields(m.cfg, inq, w.lang)
	rows := append([][2]string{{w.T("mailReference"), inq.Reference()}, {w.T("mailTopic"), m.TopicLabel(inq.Topic, w.lang) + " (" + inq.Topic + ")"}}, fields...)
	rows = append(rows, [2]string{w.T("mailLanguage"), inq.Lang}, [2]string{w.T("mailReceived"), w.Time(inq.CreatedAt)})
	if !inq.DueAt.IsZero() {
		rows = append(rows, [2]string{w.T("mailReplyBy"), w.T("mailPromised", w.Day(m.PromiseDay(inq.DueAt)))})
	}
	writeRows(b, rows)
	for _, t := range texts {
		b.WriteString("\n")
		if t[0] != "" {
			b.WriteString(t[0] + ":\n")
		}
		b.WriteString(t[1] + "\n")
	}
}

// links writes the two buttons of a mail to to.
func (m *Mailer) links(b *strings.Builder, inq *Inquiry, to string, now time.Time) {
	w := m.unit()
	b.WriteString("\n" + w.Line("mailLinks", m.link(inq, to, LinkClaim, now), m.link(inq, to, LinkAnswered, now)))
	b.WriteString("\n" + w.Line("mailLinksNote", int(LinkTTL/(24*time.Hour)), to))
}

// unitMail is the inquiry as the unit reads it, with replies going to the
// visitor. It carries no link and nothing the visitor did not write or was
// not told (issue 23, property 5): a normal reply quotes it whole to the
// visitor, and the links are bearer tokens for the inquiry's state, so
// they come in actionsMail, whose replies go to the portal's own address.
func (m *Mailer) unitMail(inq *Inquiry, to string) Email {
	var b strings.Builder
	b.WriteString(m.unit().Line("mailUnitIntro") + "\n")
	m.details(&b, inq)
	return Email{To: to, Subject: m.subject(inq), Body: b.String(), ReplyTo: inq.Email, ReplyToName: inq.Name}
}

// actionsMail is the claim and answered links of inquiry for to, with who
// else was told and where it escalates: no Reply-To, so a reply goes to
// the portal's From address, never to the visitor. why opens the body.
func (m *Mailer) actionsMail(inq *Inquiry, to, why string, now time.Time) Email {
	w := m.unit()
	var b strings.Builder
	if why != "" {
		b.WriteString(why)
	}
	b.WriteString(w.Line("mailActionsIntro", inq.Reference(), m.TopicLabel(inq.Topic, w.lang), w.Time(inq.CreatedAt)))
	m.links(&b, inq, to, now)
	if esc := m.escalation(inq.Topic); len(esc) > 0 && !inq.DueAt.IsZero() && why == "" {
		b.WriteString(w.Line("mailEscalatesTo", w.Day(m.PromiseDay(inq.DueAt)), strings.Join(esc, ", ")))
	}
	return Email{To: to, Subject: w.T("mailActionsSubject", m.subject(inq)), Body: b.String()}
}

// Coordinators are site.yaml's contact.coordinators: the people who can
// pass an inquiry on when its links no longer work (possibly nobody).
func (m *Mailer) Coordinators() []string { return m.cfg.Contact.Coordinators }

func (m *Mailer) escalation(topic string) []string {
	if t := m.cfg.Contact.Topic(topic); t != nil {
		return t.Escalation(&m.cfg.Contact)
	}
	return m.cfg.Contact.Coordinators
}

// acknowledgement is the visitor's receipt, in the language of the page
// they wrote from. It quotes nothing the visitor typed, not even the name:
// the form takes any address, and must not be a way to send one's own
// words to someone else's mailbox.
func (m *Mailer) acknowledgement(inq *Inquiry) Email {
	w := m.words(inq.Lang)
	home := strings.TrimSuffix(m.cfg.BaseURL, "/") + site.HomeURL(m.cfg, w.lang)
	ref := inq.Reference()
	who := m.cfg.Organisation.Name.Get(w.lang)
	if who == "" { // site.yaml need not name an organisation: "contacting the ." read as broken
		who = m.cfg.Title.Get(w.lang)
	}
	return Email{
		To:      inq.Email,
		Subject: w.T("mailAckSubject", ref),
		Body: w.Line("mailAckBody", who, ref, m.TopicLabel(inq.Topic, w.lang),
			w.Day(inq.CreatedAt), w.Day(m.PromiseDay(inq.DueAt)), home, m.cfg.Title.Get(w.lang)),
		Lang: w.lang,
	}
}

// Escalation returns the mails for an inquiry nobody claimed before its
// promise ran out at now: to the topic's escalate_to, or the coordinators,
// each the inquiry (replies going to the visitor) and its links apart, as
// Received sends them.
func (m *Mailer) Escalation(inq *Inquiry, now time.Time) []*Message {
	var msgs []*Message
	w := m.unit()
	for _, to := range m.escalation(inq.Topic) {
		var why strings.Builder
		why.WriteString(w.Line("mailEscalationWhy", w.Day(m.PromiseDay(inq.DueAt))))
		if t := m.cfg.Contact.Topic(inq.Topic); t != nil && len(t.To) > 0 {
			why.WriteString(w.Line("mailEscalationSentTo", strings.Join(t.To, ", ")))
		}
		why.WriteString(w.Line("mailEscalationAsk") + "\n")
		var b strings.Builder
		b.WriteString(w.Line("mailEscalationIntro") + "\n")
		m.details(&b, inq)
		msgs = append(msgs,
			email(inq, PurposeEscalation, Email{To: to, Subject: w.T("mailEscalationSubject", m.subject(inq)), Body: b.String(), ReplyTo: inq.Email, ReplyToName: inq.Name}),
			email(inq, PurposeActions, m.actionsMail(inq, to, why.String(), now)))
	}
	return msgs
}

// Reminder returns the mail to whoever claimed inq and has not marked it
// answered by now.
func (m *Mailer) Reminder(inq *Inquiry, now time.Time) []*Message {
	w := m.unit()
	var b strings.Builder
	b.WriteString(w.Line("mailReminderTook", inq.Reference(), w.Time(inq.ClaimedAt)))
	if !inq.DueAt.IsZero() {
		b.WriteString(w.Line("mailReminderPromised", w.Day(m.PromiseDay(inq.DueAt))))
	}
	b.WriteString("\n")
	w.rows(&b, []string{"mailReference", "mailTopic", "mailOrganisation", "mailReceived"},
		[]string{inq.Reference(), m.TopicLabel(inq.Topic, w.lang), inq.Organisation, w.Time(inq.CreatedAt)})
	b.WriteString("\n" + w.Line("mailReminderAnswered", m.link(inq, inq.ClaimedBy, LinkAnswered, now)))
	return []*Message{email(inq, PurposeReminder, Email{
		To: inq.ClaimedBy, Subject: w.T("mailReminderSubject", m.subject(inq)), Body: b.String(),
	})}
}

// purposeNames say in a notice what a message was for.
var purposeNames = map[string]string{
	PurposeUnit: "the notification of the unit", PurposeActions: "the links of the unit", PurposeAck: "the acknowledgement to the sender",
	PurposeEscalation: "the escalation", PurposeReminder: "the reminder", PurposeDigest: "the weekly digest",
}

// DeadNotice returns the coordinators' notice that msg was given up for
// reason; none about a notice, so a bad coordinator address cannot loop,
// and none about an acknowledgement: the visitor typed its address, so a
// notice each would let anyone make the endpoint mail the coordinators
// (issue 23, property 6). Those are counted in the digest, the report and
// /healthz instead.
func (m *Mailer) DeadNotice(msg *Message, reason string) []*Message {
	if msg.Purpose == PurposeDeadNotice || msg.Purpose == PurposeAck {
		return nil
	}
	what := purposeNames[msg.Purpose]
	if what == "" {
		what = "a message"
	}
	subject := "Undeliverable: " + what
	var b strings.Builder
	fmt.Fprintf(&b, "The partner portal gave up sending %s to %s after %d attempt(s).\n\nLast error: %s\n", what, msg.Target, msg.Attempts+1, reason)
	var inq *Inquiry
	if msg.InquiryID != "" {
		inq = &Inquiry{ID: msg.InquiryID}
		subject += " of inquiry " + inq.Reference()
		fmt.Fprintf(&b, "Inquiry:    %s\n", inq.Reference())
	}
	b.WriteString("\nThe inquiry itself is stored: `portal contact report` lists the undeliverable messages, and\n" +
		"`portal contact export` has the inquiries. If an address in site.yaml is wrong, correct it\n" +
		"and restart the endpoint. This message is not sent again.\n")
	var msgs []*Message
	for _, to := range m.cfg.Contact.Coordinators {
		msgs = append(msgs, email(inq, PurposeDeadNotice, Email{To: to, Subject: subject, Body: b.String()}))
	}
	return msgs
}

// DigestMaxOpen is how many open inquiries the digest lists by name.
const DigestMaxOpen = 100

// Digest returns the weekly digest of r for the coordinators, for the week
// that ended at period: figures, and the open inquiries as reference,
// topic and age only, with no names or message text.
func (m *Mailer) Digest(r *Report, period time.Time) []*Message {
	w := m.unit()
	_, week := period.AddDate(0, 0, -7).ISOWeek()
	subject := w.T("mailDigestSubject", week, r.Total.Received, len(r.Open))
	var b strings.Builder
	b.WriteString(w.Line("mailDigestIntro", w.Day(period.AddDate(0, 0, -7)), w.Day(period.AddDate(0, 0, -1))) + "\n")
	_ = r.writeText(&b, DigestMaxOpen, false) // a strings.Builder does not fail
	b.WriteString("\n" + w.Line("mailDigestOutro"))
	var msgs []*Message
	for _, to := range m.cfg.Contact.Coordinators {
		msgs = append(msgs, email(nil, PurposeDigest, Email{To: to, Subject: subject, Body: b.String()}))
	}
	return msgs
}

// DecodeEmail reads an email message's payload. Messages queued before
// issue 12 hold the webhook's Notification for all of a topic's recipients
// (Target comma-separated); they are composed as the unit's mail was then,
// so an upgrade loses no queued mail.
func DecodeEmail(m *Message) (*Email, error) {
	var e Email
	if err := json.Unmarshal(m.Payload, &e); err != nil {
		return nil, err
	}
	if e.Subject != "" {
		return &e, nil
	}
	var n Notification
	if err := json.Unmarshal(m.Payload, &n); err != nil {
		return nil, err
	}
	who := n.Organisation
	if who == "" {
		who = n.Name
	}
	body := fmt.Sprintf("New inquiry from the partner portal contact form.\n\nTopic:        %s (%s)\nName:         %s\nEmail:        %s\nOrganisation: %s\nLanguage:     %s\nReceived:     %s\nID:           %s\n\n%s\n",
		n.TopicLabel, n.Topic, n.Name, n.Email, n.Organisation, n.Lang, n.CreatedAt.Format(time.RFC3339), n.InquiryID, n.Message)
	return &Email{To: m.Target, Subject: fmt.Sprintf("[%s] %s", n.TopicLabel, who), Body: body, ReplyTo: n.Email, ReplyToName: n.Name}, nil
}
