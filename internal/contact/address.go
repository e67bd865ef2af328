package contact

import (
	"net/mail"
	"net/netip"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Problems with an address that parses but that we will not mail (issue 23,
// property 6): they are what an attacker uses to make the endpoint write to
// a machine by number, or to an address that looks like another one.
const (
	ProblemEmailLiteral   = "email_ip_literal"   // victim@[10.1.2.3], victim@10.1.2.3
	ProblemEmailInvisible = "email_invisible"    // U+200B and other format or space characters
	ProblemEmailScripts   = "email_mixed_script" // a Cyrillic і among Latin letters
)

// emailProblem returns the problem key for an address the form must refuse,
// or "" for one it accepts: a bare RFC 5322 address (RFC 6531 UTF-8 local
// parts and IDN domains welcome, so kåre@example.no passes) whose domain is
// a name with a dot, valid under IDNA2008 lookup rules, without invisible
// characters, and whose local part and each domain label is written in one
// script in the sense of UTS #39's "highly restrictive" level.
func emailProblem(s string) string {
	for _, r := range s {
		// Format (Cf: U+200B, U+200D, U+2060, U+FEFF, bidi controls) and
		// separators (Zs, Zl, Zp: U+00A0, U+3000): invisible in a mail
		// client, so two addresses that look the same are not.
		if r >= 0x80 && (unicode.In(r, unicode.Cf, unicode.Z, unicode.Co) || !unicode.IsPrint(r)) {
			return ProblemEmailInvisible
		}
	}
	if strings.HasSuffix(s, "]") && strings.Contains(s, "@[") {
		return ProblemEmailLiteral
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return ProblemEmail
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if _, err := netip.ParseAddr(domain); err == nil {
		return ProblemEmailLiteral
	}
	// "=?" begins an RFC 2047 encoded word: an address is never one, and a
	// lenient mail client might decode it in a header.
	if at == 0 || !strings.Contains(domain, ".") || strings.Contains(s, "=?") {
		return ProblemEmail
	}
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil {
		return ProblemEmail
	}
	uni, err := idna.Lookup.ToUnicode(ascii)
	if err != nil {
		return ProblemEmail
	}
	if !singleScript(local) {
		return ProblemEmailScripts
	}
	for _, label := range strings.Split(uni, ".") {
		if !singleScript(label) {
			return ProblemEmailScripts
		}
	}
	return ""
}

// scriptSets are the combinations of scripts UTS #39 §5.2 allows at its
// "highly restrictive" level besides a single script: how Japanese,
// Chinese and Korean are written, with Latin.
var scriptSets = [][]string{
	{"Latin", "Han", "Hiragana", "Katakana"},
	{"Latin", "Han", "Bopomofo"},
	{"Latin", "Han", "Hangul"},
}

// singleScript reports whether s is written in one script (characters
// common to all scripts, such as digits and punctuation, and combining
// marks count for any), or in one of scriptSets. The scripts are the
// Unicode Character Database's, from the standard library's tables.
func singleScript(s string) bool {
	seen := map[string]bool{}
	for _, r := range s {
		if r < 0x80 {
			if unicode.IsLetter(r) {
				seen["Latin"] = true
			}
			continue // ASCII digits and punctuation: Common
		}
		for name, table := range unicode.Scripts {
			if name != "Common" && name != "Inherited" && unicode.Is(table, r) {
				seen[name] = true
				break
			}
		}
	}
	if len(seen) <= 1 {
		return true
	}
	for _, set := range scriptSets {
		fits := true
		for name := range seen {
			fits = fits && contains(set, name)
		}
		if fits {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// fold is Unicode case folding (for mailboxes: "VICTIM" and "victim",
// "KÅRE" and "kåre" are one).
var fold = cases.Fold()

// Mailbox is the mailbox an address delivers to, as the acknowledgement
// caps count it: NFC, case-folded, the domain in its IDNA ASCII form, and
// the local part without a +tag (victim+1@ and victim@ are one mailbox at
// every large provider) and without dots (Gmail ignores them; elsewhere
// treating a.b@ and ab@ as one only makes the cap stricter). RFC 5321
// leaves the local part's case to the receiving host, but the providers
// people use treat it as case-insensitive, so VICTIM@ is victim@ too.
func Mailbox(addr string) string {
	addr = norm.NFC.String(strings.TrimSpace(addr))
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return fold.String(addr)
	}
	local, domain := addr[:at], addr[at+1:]
	if d, err := idna.Lookup.ToASCII(domain); err == nil {
		domain = d
	}
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	local = strings.ReplaceAll(local, ".", "")
	return fold.String(local) + "@" + strings.ToLower(domain)
}
