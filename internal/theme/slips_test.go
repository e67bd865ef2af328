package theme

import (
	"regexp"
	"testing"
)

// TestFindSlips: what the build refuses in a page, in every form
// html/template and the minifier write it, and what it lets through.
func TestFindSlips(t *testing.T) {
	for _, tc := range []struct {
		out  string
		want string // the kind found, or ""
	}{
		{`<p>1 page%!(EXTRA int=1)</p>`, slipFormat},
		{`<p>%!d(string=Acme) pages</p>`, slipFormat},
		{`<a href="/x/?q=%25!s(MISSING)">x</a>`, slipFormat},
		{`<p>Sales grew by 30%! And more.</p>`, ""},
		{`<p>&lt;no value&gt;</p>`, slipNoValue},
		{`<p data-x="\u003Cno value\u003E">x</p>`, slipNoValue},
		{`<a href="%3cnil%3e">x</a>`, slipNoValue},
		{`<a href="">x</a>`, slipEmpty},
		{`<a href>x</a>`, slipEmpty},
		{`<a href=#>x</a>`, slipEmpty},
		{`<a class=a href=# rel=x>x</a>`, slipEmpty},
		{`<a href="#main">Skip</a> <a href=/x/>x</a>`, ""},
		{`<p>Set the href attribute (href ) to an address.</p>`, ""},
	} {
		got := findSlips([]byte(tc.out))
		if tc.want == "" {
			if got != nil {
				t.Errorf("findSlips(%s) = %v, want none", tc.out, got)
			}
			continue
		}
		if _, ok := got[tc.want]; !ok || len(got) != 1 {
			t.Errorf("findSlips(%s) = %v, want %s", tc.out, got, tc.want)
		}
	}
}

// BenchmarkFindSlips scans a page the size of the 10k corpus's case
// studies (about 30 KB, 150 links), as the build does every page.
func BenchmarkFindSlips(b *testing.B) {
	var page []byte
	for i := 0; i < 150; i++ {
		page = append(page, `<li class="card"><h3><a href="/case-studies/case-study-00001/">Talent facility data microscopy</a></h3><p>Registry chemistry imaging pilot exchange grant patent genomics proteomics funding knowledge.</p></li>`...)
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if findSlips(page) != nil {
			b.Fatal("slip found")
		}
	}
}

// formatSlip is the rule formatSlipAt implements, written as a regular
// expression: fmt's complaint, as written or %-encoded.
var formatSlip = regexp.MustCompile(`%(?:25)?![A-Za-z]?\(`)

// TestFormatSlipAt: the one-pass scan finds what formatSlip finds, where it
// finds it, on every string of up to six bytes over the characters a slip
// is made of (and a few that are not).
func TestFormatSlipAt(t *testing.T) {
	alphabet := []byte("%25!(dxZ ")
	var walk func(s []byte)
	walk = func(s []byte) {
		want := -1
		if loc := formatSlip.FindIndex(s); loc != nil {
			want = loc[0]
		}
		if got := formatSlipAt(s); got != want {
			t.Fatalf("formatSlipAt(%q) = %d, want %d", s, got, want)
		}
		if len(s) == 6 {
			return
		}
		for _, c := range alphabet {
			walk(append(s, c))
		}
	}
	walk(nil)
}
