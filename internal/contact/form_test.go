package contact_test

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
)

// formSite declares, beside the core fields, one field of each other type.
const formSite = `title: T
baseURL: https://example.org/
languages: [{code: en, name: English}, {code: sv, name: Svenska}]
sections: [{name: news, title: News}]
contact:
  topics: [{id: general, label: General, to: [office@example.org]}]
  fields:
    - {name: topic, type: topic, required: true, label: Topic}
    - {name: name, type: text, required: true, label: Name}
    - {name: email, type: email, required: true, label: Email}
    - {name: organisation, type: text, label: Organisation}
    - {name: message, type: textarea, required: true, max: 50, label: Message}
    - {name: phone, type: tel, max: 20, label: Phone}
    - {name: website-url, type: url, label: Website}
    - {name: newsletter, type: checkbox, label: Send me news}
    - {name: terms, type: checkbox, required: true, label: I accept the terms}
    - {name: consent, type: checkbox, required: true, label: I agree}
`

// TestFormFollowsTheDeclaration: what the endpoint accepts, refuses and
// keeps is what contact.fields declares, type by type.
func TestFormFollowsTheDeclaration(t *testing.T) {
	cfg, err := config.Parse([]byte(formSite))
	if err != nil {
		t.Fatal(err)
	}
	valid := func(kv ...string) contact.Form {
		f := contact.Form{"topic": "general", "name": "Kari", "email": "kari@example.no", "message": "Hello", "consent": "yes", "terms": "yes"}
		for i := 0; i+1 < len(kv); i += 2 {
			f[kv[i]] = kv[i+1]
		}
		return f
	}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		form     contact.Form
		problems map[string]string
		extra    map[string]string
	}{
		{"only the core fields", valid(), nil, nil},
		{"extra fields kept, trimmed", valid("phone", " +47 (22) 85-50.50 ", "website-url", "https://acme.example/", "newsletter", "yes"), nil,
			map[string]string{"phone": "+47 (22) 85-50.50", "website-url": "https://acme.example/", "newsletter": "yes", "terms": "yes"}},
		{"a field not declared is ignored", valid("fax", "123"), nil, nil},
		{"an unticked box is not kept", valid("newsletter", "no"), nil, nil},
		{"a bad phone, web address and a required box", valid("phone", "ring me", "website-url", "javascript:alert(1)", "terms", ""),
			map[string]string{"phone": contact.ProblemTel, "website-url": contact.ProblemURL, "terms": contact.ProblemRequired}, nil},
		{"the declared limit, and consent", valid("message", strings.Repeat("x", 51), "phone", "+47 22 85 50 50 00 00 0", "consent", "no"),
			map[string]string{"message": contact.ProblemTooLong, "phone": contact.ProblemTooLong, "consent": contact.ProblemConsent}, nil},
		{"a one-line field with a line break", valid("phone", "22\n85"), map[string]string{"phone": contact.ProblemControl}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// "terms" is ticked in every valid form: a required extra box is kept.
			wantExtra := tc.extra
			if tc.problems == nil && wantExtra == nil {
				wantExtra = map[string]string{"terms": "yes"}
			}
			inq, err := tc.form.Inquiry(cfg, now)
			if tc.problems != nil {
				var e *contact.Error
				if !errors.As(err, &e) || !maps.Equal(e.Fields, tc.problems) {
					t.Fatalf("problems %v (%v), want %v", e, err, tc.problems)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(inq.Extra, wantExtra) {
				t.Errorf("extra %q, want %q", inq.Extra, wantExtra)
			}
		})
	}
	// Extra fields make an inquiry different content; without them the
	// hash is what it was before extra fields existed.
	a, _ := valid().Inquiry(cfg, now)
	b, _ := valid("phone", "22 85 50 50").Inquiry(cfg, now)
	if a.Hash == b.Hash {
		t.Error("an inquiry with another phone number has the same content hash")
	}
	plain := &contact.Inquiry{Topic: a.Topic, Name: a.Name, Email: a.Email, Organisation: a.Organisation, Message: a.Message}
	if a.Extra = nil; plain.ContentHash() != a.ContentHash() {
		t.Error("the content hash of an inquiry without extra fields changed")
	}
	if got := contact.MaxLen(cfg, "phone"); got != 20 {
		t.Errorf("MaxLen(phone) = %d, want the declared 20", got)
	}
	if got := contact.MaxLen(cfg, "name"); got != config.DefaultMax(config.FieldText) {
		t.Errorf("MaxLen(name) = %d, want the text default", got)
	}
}
