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
// reminded, both counted in the working days of the site's country (site.yaml country:).
type Mailer struct {
	cfg  *config.Config
	cal  *workday.Calendar
	keys *Keyring
	base string // the endpoint's public URL, without a trailing slash
	// Now is the clock that links expire from when a mail is composed;
	// tests replace it.
	Now func() time.Time
}

// NewMailer returns the mailer for cfg's topics, signing links with keys.
// publicURL is where the endpoint is reached (--public-url); empty means
// the site's baseURL, as when nginx passes /api/ to the endpoint.
func NewMailer(cfg *config.Config, keys *Keyring, publicURL string) *Mailer {
	if publicURL == "" {
		publicURL = cfg.BaseURL
	}
	return &Mailer{cfg: cfg, cal: Calendar(cfg), keys: keys, base: strings.TrimRight(publicURL, "/"), Now: time.Now}
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

// Keys returns the keyring the links are signed with.
func (m *Mailer) Keys() *Keyring { return m.keys }

// TopicLabel returns a topic's label in lang, or its id if site.yaml no
// longer has it.
func (m *Mailer) TopicLabel(topic, lang string) string { return TopicLabel(m.cfg, topic, lang) }

// TopicLabel returns the label in lang that cfg gives topic, or its id if
// cfg has no such topic, or cfg is nil (no site.yaml at hand).
func TopicLabel(cfg *config.Config, topic, lang string) string {
	if cfg == nil {
		return topic
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

// Received returns the messages for a newly stored inquiry: two mails per
// unit recipient (the inquiry, and its links: see unitMail), the topic's
// webhook, and the visitor's acknowledgement.
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
		Lang: inq.Lang, Topic: inq.Topic, TopicLabel: t.Label.Get("en"),
		Name: inq.Name, Email: inq.Email, Organisation: inq.Organisation, Message: inq.Message, Extra: inq.Extra,
	}
	payload, _ := json.Marshal(n) // strings and times only: cannot fail
	msgs := make([]*Message, 0, 2*len(t.To)+2)
	for _, to := range t.To {
		msgs = append(msgs, &Message{InquiryID: inq.ID, Kind: KindEmail, Purpose: PurposeUnit, Target: to, Payload: payload},
			&Message{InquiryID: inq.ID, Kind: KindEmail, Purpose: PurposeActions, Target: to, Payload: payload})
	}
	if t.Webhook != "" {
		msgs = append(msgs, &Message{InquiryID: inq.ID, Kind: KindWebhook, Purpose: PurposeUnit, Target: t.Webhook, Payload: payload})
	}
	n.Name, n.Email, n.Organisation, n.Message, n.Extra = "", "", "", "", nil
	ack, _ := json.Marshal(n)
	return append(msgs, &Message{InquiryID: inq.ID, Kind: KindEmail, Purpose: PurposeAck, Target: inq.Email, Payload: ack})
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
	return fmt.Sprintf("[%s] %s (%s)", m.TopicLabel(inq.Topic, "en"), who, inq.Reference())
}

// details is the inquiry as the unit reads it: the declared fields in form
// order (listFields), then the message and any other long text.
func (m *Mailer) details(b *strings.Builder, inq *Inquiry) {
	rows, texts := listFields(m.cfg, inq, m.cfg.DefaultLanguage())
	rows = append([][2]string{{"Reference", inq.Reference()}, {"Topic", m.TopicLabel(inq.Topic, "en") + " (" + inq.Topic + ")"}}, rows...)
	rows = append(rows, [2]string{"Language", inq.Lang}, [2]string{"Received", FormatTime(m.Local(inq.CreatedAt))})
	if !inq.DueAt.IsZero() {
		rows = append(rows, [2]string{"Reply by", FormatDay(m.PromiseDay(inq.DueAt), "en", true) + " (promised to the sender)"})
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
	fmt.Fprintf(b, "\nWill you answer it? Say so, and nobody else starts on it:\n  I'll take it: %s\n\nWhen you have answered, say so:\n  Answered:     %s\n",
		m.link(inq, to, LinkClaim, now), m.link(inq, to, LinkAnswered, now))
	fmt.Fprintf(b, "\nThe links open a page with one button; nothing changes until you press it. They work for %d days and only for %s.\n",
		int(LinkTTL/(24*time.Hour)), to)
}

// unitMail is the inquiry as the unit reads it, with replies going to the
// visitor. It carries no link and nothing the visitor did not write or was
// not told (issue 23, property 5): a normal reply quotes it whole to the
// visitor, and the links are bearer tokens for the inquiry's state, so
// they come in actionsMail, whose replies go to the portal's own address.
func (m *Mailer) unitMail(inq *Inquiry, to string) Email {
	var b strings.Builder
	b.WriteString("New inquiry from the partner portal contact form. Reply to this mail to write to the sender.\n" +
		"The buttons to take it and to mark it answered come in a separate mail, so that a reply never passes them on.\n\n")
	m.details(&b, inq)
	return Email{To: to, Subject: m.subject(inq), Body: b.String(), ReplyTo: inq.Email, ReplyToName: inq.Name}
}

// actionsMail is the claim and answered links of inquiry for to, with who
// else was told and where it escalates: no Reply-To, so a reply goes to
// the portal's From address, never to the visitor. why opens the body.
func (m *Mailer) actionsMail(inq *Inquiry, to, why string, now time.Time) Email {
	var b strings.Builder
	if why != "" {
		b.WriteString(why)
	}
	fmt.Fprintf(&b, "Inquiry %s (%s), received %s.\n\nTo write to the sender, reply to the other mail about it: replies to this one go to the portal.\n"+
		"Do not forward this mail outside the unit: its links act for you.\n", inq.Reference(), m.TopicLabel(inq.Topic, "en"), FormatTime(m.Local(inq.CreatedAt)))
	m.links(&b, inq, to, now)
	if esc := m.escalation(inq.Topic); len(esc) > 0 && !inq.DueAt.IsZero() && why == "" {
		fmt.Fprintf(&b, "If nobody has taken it by the end of %s, it goes to %s.\n", FormatDay(m.PromiseDay(inq.DueAt), "en", false), strings.Join(esc, ", "))
	}
	return Email{To: to, Subject: "Take or close: " + m.subject(inq), Body: b.String()}
}

func (m *Mailer) escalation(topic string) []string {
	if t := m.cfg.Contact.Topic(topic); t != nil {
		return t.Escalation(&m.cfg.Contact)
	}
	return m.cfg.Contact.Coordinators
}

// ackTexts are the acknowledgement in each language. It quotes nothing the
// visitor typed, not even the name: the form takes any address, and must
// not be a way to send one's own words to someone else's mailbox.
var ackTexts = map[string]struct{ subject, body string }{
	"en": {
		subject: "We have received your inquiry (%[1]s)",
		body: `Thank you for getting in touch.

Your reference: %[1]s
Topic:          %[2]s
Received:       %[3]s

You will hear from us by %[4]s.

What happens next: your inquiry has gone to the unit at the university that
handles this topic. Someone there takes it on and answers you by email. If
you write to us about it, please give the reference %[1]s.

You receive this email because this address was given in the contact form
at %[5]s. If that was not you, you can ignore it.

%[6]s
`,
	},
	"nb": {
		subject: "Vi har mottatt henvendelsen din (%[1]s)",
		body: `Takk for at du tok kontakt.

Referansen din: %[1]s
Tema:           %[2]s
Mottatt:        %[3]s

Du vil høre fra oss innen %[4]s.

Dette skjer videre: henvendelsen er sendt til enheten ved universitetet som
har ansvar for temaet. Noen der tar den videre og svarer deg på e-post.
Oppgi referansen %[1]s hvis du skriver til oss om den.

Du får denne e-posten fordi adressen ble oppgitt i kontaktskjemaet på
%[5]s. Var det ikke deg, kan du se bort fra den.

%[6]s
`,
	},
}

func (m *Mailer) acknowledgement(inq *Inquiry) Email {
	lang := inq.Lang
	text, ok := ackTexts[lang]
	if !ok {
		lang, text = "en", ackTexts["en"]
	}
	home := strings.TrimSuffix(m.cfg.BaseURL, "/") + site.HomeURL(m.cfg, lang)
	promise := FormatDay(m.PromiseDay(inq.DueAt), lang, false)
	ref := inq.Reference()
	return Email{
		To:      inq.Email,
		Subject: fmt.Sprintf(text.subject, ref),
		Body:    fmt.Sprintf(text.body, ref, m.TopicLabel(inq.Topic, lang), FormatDay(m.Local(inq.CreatedAt), lang, true), promise, home, m.cfg.Title.Get(lang)),
		Lang:    lang,
	}
}

// Escalation returns the mails for an inquiry nobody claimed before its
// promise ran out at now: to the topic's escalate_to, or the coordinators,
// each the inquiry (replies going to the visitor) and its links apart, as
// Received sends them.
func (m *Mailer) Escalation(inq *Inquiry, now time.Time) []*Message {
	var msgs []*Message
	for _, to := range m.escalation(inq.Topic) {
		var why strings.Builder
		fmt.Fprintf(&why, "Nobody has claimed this inquiry, and the reply promised to the sender ran out at the end of %s.\n", FormatDay(m.PromiseDay(inq.DueAt), "en", true))
		if t := m.cfg.Contact.Topic(inq.Topic); t != nil && len(t.To) > 0 {
			fmt.Fprintf(&why, "It was sent to %s.\n", strings.Join(t.To, ", "))
		}
		why.WriteString("Please see that someone answers it.\n\n")
		var b strings.Builder
		b.WriteString("Nobody has answered this inquiry yet, and the reply promised to the sender has run out. Reply to this mail to write to the sender.\n" +
			"The buttons to take it and to mark it answered come in a separate mail, so that a reply never passes them on.\n\n")
		m.details(&b, inq)
		msgs = append(msgs,
			email(inq, PurposeEscalation, Email{To: to, Subject: "Unclaimed: " + m.subject(inq), Body: b.String(), ReplyTo: inq.Email, ReplyToName: inq.Name}),
			email(inq, PurposeActions, m.actionsMail(inq, to, why.String(), now)))
	}
	return msgs
}

// Reminder returns the mail to whoever claimed inq and has not marked it
// answered by now.
func (m *Mailer) Reminder(inq *Inquiry, now time.Time) []*Message {
	var b strings.Builder
	fmt.Fprintf(&b, "You took inquiry %s on %s, and it is not marked answered yet.\n", inq.Reference(), FormatTime(m.Local(inq.ClaimedAt)))
	if !inq.DueAt.IsZero() {
		fmt.Fprintf(&b, "The sender was promised a reply by %s.\n", FormatDay(m.PromiseDay(inq.DueAt), "en", true))
	}
	fmt.Fprintf(&b, "\nReference:    %s\nTopic:        %s\nOrganisation: %s\nReceived:     %s\n", inq.Reference(), m.TopicLabel(inq.Topic, "en"), inq.Organisation, FormatTime(m.Local(inq.CreatedAt)))
	fmt.Fprintf(&b, "\nIf you have answered it, say so:\n  Answered: %s\n\nIf someone else should answer it, forward them the first mail about it.\n", m.link(inq, inq.ClaimedBy, LinkAnswered, now))
	return []*Message{email(inq, PurposeReminder, Email{
		To: inq.ClaimedBy, Subject: "Reminder: " + m.subject(inq) + " is not marked answered", Body: b.String(),
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
	_, week := period.AddDate(0, 0, -7).ISOWeek()
	subject := fmt.Sprintf("Partner portal inquiries, week %d: %d received, %d open", week, r.Total.Received, len(r.Open))
	var b strings.Builder
	fmt.Fprintf(&b, "The partner portal's weekly digest, for the week %s to %s.\n\n",
		FormatDay(period.AddDate(0, 0, -7), "en", false), FormatDay(period.AddDate(0, 0, -1), "en", true))
	_ = r.writeText(&b, DigestMaxOpen, false) // a strings.Builder does not fail
	b.WriteString("\n`portal contact report` prints these figures at any time, for any period.\n")
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
