package diag

import (
	"strings"
	"testing"
)

// Every command prints diagnostics in one format: path:line:col: severity:
// message, with column 1 where only the line is known, and severity:
// message for a problem about no file (regression: ": disk full").
func TestString(t *testing.T) {
	for _, tc := range []struct {
		d    *Diagnostic
		want string
	}{
		{Errorf("content/a.md", 4, 3, "broken link"), "content/a.md:4:3: error: broken link"},
		{Warnf("content/a.md", 4, 0, "unknown field"), "content/a.md:4:1: warning: unknown field"},
		{Errorf("site.yaml", 0, 0, "not found"), "site.yaml: error: not found"},
		{&Diagnostic{Severity: Error, Msg: "disk full"}, "error: disk full"},
	} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
	if got := (&Diagnostic{Severity: Error, Msg: "disk full"}).Error(); got != "disk full" {
		t.Errorf("Error() without a position = %q", got)
	}
}

func TestGitHubAnnotation(t *testing.T) {
	for _, tc := range []struct {
		d    *Diagnostic
		want string
	}{
		{Errorf("content/a.md", 4, 3, "broken link"), "::error file=content/a.md,line=4,col=3::broken link"},
		{Warnf("content/a.md", 4, 0, "x"), "::warning file=content/a.md,line=4,col=1::x"},
		{Errorf("site.yaml", 0, 0, "x"), "::error file=site.yaml::x"},
		{&Diagnostic{File: "content/a,b:c.md", Line: 1, Col: 1, Msg: "100% sure\r\nreally"}, "::error file=content/a%2Cb%3Ac.md,line=1,col=1::100%25 sure%0D%0Areally"},
	} {
		if got := GitHubAnnotation(tc.d); got != tc.want {
			t.Errorf("GitHubAnnotation(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestWrite(t *testing.T) {
	list := List{Errorf("content/a.md", 4, 3, "bad"), Warnf("content/b.md", 1, 0, "meh")}
	var b strings.Builder
	if err := Write(&b, FormatText, list); err != nil {
		t.Fatal(err)
	}
	if want := "content/a.md:4:3: error: bad\ncontent/b.md:1:1: warning: meh\n"; b.String() != want {
		t.Errorf("text = %q, want %q", b.String(), want)
	}
	b.Reset()
	if err := Write(&b, FormatGitHub, list); err != nil {
		t.Fatal(err)
	}
	if want := "::error file=content/a.md,line=4,col=3::bad\n::warning file=content/b.md,line=1,col=1::meh\n"; b.String() != want {
		t.Errorf("github = %q, want %q", b.String(), want)
	}
	if err := Write(&b, "xml", list); err == nil {
		t.Error("Write accepted an unknown format")
	}
	if e, w := list.Count(); e != 1 || w != 1 {
		t.Errorf("Count = %d, %d", e, w)
	}
}

func TestSummary(t *testing.T) {
	e, w := Errorf("a.md", 1, 1, "bad"), Warnf("b.md", 2, 1, "odd")
	for _, tc := range []struct {
		list List
		want string
	}{
		{nil, "no problems found"},
		{List{w, w}, "no errors, 2 warning(s)"},
		{List{e, w, e}, "2 error(s), 1 warning(s)"},
		{List{e}, "1 error(s), 0 warning(s)"},
	} {
		if got := tc.list.Summary(); got != tc.want {
			t.Errorf("Summary of %d = %q, want %q", len(tc.list), got, tc.want)
		}
	}
}
