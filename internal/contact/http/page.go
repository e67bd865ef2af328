package contacthttp

import (
	"fmt"
	"io"
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/site"
)

// problemText words a field problem in w's language (contact.ProblemKeys),
// filling in the field's declared length limit.
func problemText(cfg *config.Config, w contact.Words, field, problem string) string {
	if problem == contact.ProblemTooLong {
		return w.T(contact.ProblemKeys[problem], contact.MaxLen(cfg, field))
	}
	return w.T(contact.ProblemKeys[problem])
}

// refusalText words a refusal with code in w's language
// (contact.RefusalKeys); "" for a code with no text of its own (EINVALID,
// whose texts are its fields' problems).
func refusalText(w contact.Words, code string) string {
	key, ok := contact.RefusalKeys[code]
	if !ok {
		return ""
	}
	return w.T(key)
}

// writePlain is the answer to a browser without JavaScript when the site's
// own contact page (FormPage) cannot be rendered: what went wrong, each
// problem under its field's declared label, and what the visitor typed,
// so nothing they wrote is lost. The form itself exists only in the theme.
func writePlain(w io.Writer, cfg *config.Config, words contact.Words, values contact.Form, problems map[string]string, status string) {
	var b strings.Builder
	b.WriteString(status + "\n")
	for _, f := range cfg.Contact.Fields {
		p, bad := problems[f.Name]
		v := values[f.Name]
		if f.Type == config.FieldCheckbox {
			v = ""
		}
		if !bad && v == "" {
			continue
		}
		fmt.Fprintf(&b, "\n%s:", f.Label.Get(words.Lang()))
		if bad {
			b.WriteString(" " + problemText(cfg, words, f.Name, p))
		}
		if v != "" {
			b.WriteString("\n" + v)
		}
		b.WriteString("\n")
	}
	io.WriteString(w, b.String())
}

// langPath is the site path in lang, by the site's language rule
// (site.Prefix). lang is one of the site's languages (Form.Lang), never the
// request's text, so redirects cannot be pointed elsewhere.
func langPath(cfg *config.Config, lang, path string) string {
	return site.Prefix(lang, cfg.DefaultLanguage()) + path
}
