package contact

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/config"
)

// Value is what the visitor sent in the declared field name: a core
// column or one of Extra.
func (inq *Inquiry) Value(name string) string {
	switch name {
	case FieldName:
		return inq.Name
	case FieldEmail:
		return inq.Email
	case FieldOrganisation:
		return inq.Organisation
	case FieldTopic:
		return inq.Topic
	case FieldMessage:
		return inq.Message
	case FieldConsent:
		return "yes" // no inquiry is stored without it
	}
	return inq.Extra[name]
}

// listFields is the mails' listing of what the visitor sent, from the form's
// declaration (site.yaml contact.fields) in form order, labelled in lang:
// rows are the one-line fields (label, value), texts the multi-line ones,
// the message first and unlabelled. The topic and the consent are left to
// the mail itself: every inquiry has them.
func listFields(cfg *config.Config, inq *Inquiry, lang string) (rows, texts [][2]string) {
	for _, f := range cfg.Contact.Fields {
		switch {
		case f.Type == config.FieldTopic || f.Name == FieldConsent:
		case f.Name == FieldMessage:
			texts = append([][2]string{{"", inq.Message}}, texts...)
		case f.Type == config.FieldTextarea:
			if v := inq.Value(f.Name); v != "" {
				texts = append(texts, [2]string{f.Label.Get(lang), v})
			}
		default:
			rows = append(rows, [2]string{f.Label.Get(lang), inq.Value(f.Name)})
		}
	}
	return rows, texts
}

// writeRows writes "label: value" lines with the values aligned.
func writeRows(b *strings.Builder, rows [][2]string) {
	width := 0
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(r[0]))
	}
	for _, r := range rows {
		fmt.Fprintf(b, "%s:%s %s\n", r[0], strings.Repeat(" ", width-utf8.RuneCountInString(r[0])), r[1])
	}
}

// ExtraJSON is inq.Extra as the stores keep it (a JSON object), or "" when
// there is none, which they store as NULL.
func (inq *Inquiry) ExtraJSON() string {
	if len(inq.Extra) == 0 {
		return ""
	}
	b, _ := json.Marshal(inq.Extra) // strings only: cannot fail
	return string(b)
}

// SetExtraJSON reads a stored extra column back into inq.Extra; "" is none.
func (inq *Inquiry) SetExtraJSON(s string) error {
	if s == "" {
		inq.Extra = nil
		return nil
	}
	return json.Unmarshal([]byte(s), &inq.Extra)
}
