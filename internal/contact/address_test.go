package contact

import (
	"strings"
	"testing"
)

// TestEmailProblems is issue 23's property 6: addresses at a machine's
// number, with invisible characters or with letters of two scripts are
// refused, each with its own problem; internationalised addresses pass.
func TestEmailProblems(t *testing.T) {
	for addr, want := range map[string]string{
		"victim@[10.1.2.3]":            ProblemEmailLiteral,
		"victim@[IPv6:2001:db8::1]":    ProblemEmailLiteral,
		"victim@10.1.2.3":              ProblemEmailLiteral,
		"victim@example.org\u200b":     ProblemEmailInvisible,
		"vic\u200dtim@example.org":     ProblemEmailInvisible,
		"victim@exa\u00a0mple.org":     ProblemEmailInvisible,
		"victim@example.org\ufeff":     ProblemEmailInvisible,
		"v\u0456ctim@example.org":      ProblemEmailScripts, // Cyrillic і
		"victim@ex\u0430mple.org":      ProblemEmailScripts, // Cyrillic а in the domain
		"\u03b1lpha\u0430@example.org": ProblemEmailScripts, // Greek and Cyrillic
		"=?utf-8?q?x?=@example.org":    ProblemEmail,
		"victim@localhost":             ProblemEmail,
		"victim@exa_mple.org":          ProblemEmail,
		"Eve <eve@example.org>":        ProblemEmail,
		"kåre@example.no":              "",
		"KÅRE@EXAMPLE.NO":              "",
		"ola.nordmann+crm@blåbær.no":   "",
		"иван@пример.рф":               "",
		"山田太郎@例え.jp":                   "",
		"tanaka.たろう@example.jp":        "", // Latin, Hiragana: UTS #39 highly restrictive
		"user@xn--blbr-roah.no":        "",
		"first.last@sub.example.co.uk": "",
	} {
		if got := emailProblem(addr); got != want {
			t.Errorf("emailProblem(%q) = %q, want %q", addr, got, want)
		}
	}
}

// TestMailbox: the variants of one mailbox are one.
func TestMailbox(t *testing.T) {
	want := Mailbox("victim@example.org")
	for _, v := range []string{"VICTIM@example.org", "victim+1@example.org", "Victim+2@EXAMPLE.ORG", "vic.tim@Example.Org", " victim@example.org "} {
		if got := Mailbox(v); got != want {
			t.Errorf("Mailbox(%q) = %q, want %q", v, got, want)
		}
	}
	if Mailbox("KÅRE@blåbær.no") != Mailbox("kåre@BLÅBÆR.no") || Mailbox("kåre@blåbær.no") != "kåre@xn--blbr-roah.no" {
		t.Errorf("Mailbox(kåre@blåbær.no) = %q", Mailbox("kåre@blåbær.no"))
	}
	if Mailbox("victim@example.org") == Mailbox("other@example.org") || Mailbox("victim@example.org") == Mailbox("victim@example.net") {
		t.Error("different mailboxes counted as one")
	}
}

// FuzzEmailProblem: any input is judged without panicking; an accepted
// address has no invisible character and no IP literal, and its mailbox
// is stable.
func FuzzEmailProblem(f *testing.F) {
	for _, s := range []string{"kåre@example.no", "victim@[10.1.2.3]", "v\u0456ctim@example.org", "a+b@Example.ORG", "\"q u\"@x.no", "x@xn--"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if emailProblem(s) != "" {
			return
		}
		if strings.ContainsAny(s, "\u200b\u200d\ufeff\u00a0[]") {
			t.Errorf("accepted %q", s)
		}
		if m := Mailbox(s); Mailbox(m) != m {
			t.Errorf("Mailbox(%q) = %q, and again %q", s, m, Mailbox(m))
		}
	})
}
