package generator

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/site"
)

func TestWriteSummary(t *testing.T) {
	r := &Result{Pages: 3, Files: 12, Bytes: 2_500_000, Duration: 1234567 * time.Microsecond, Images: 1, ImagesMade: 2}
	for i := range 12 {
		r.Fallbacks = append(r.Fallbacks, site.Fallback{File: fmt.Sprintf("content/p%02d.md", i), Lang: "nb"})
	}
	var b strings.Builder
	r.WriteSummary(&b)
	want := "built 3 pages, 12 files (2.5 MB) in 1.235s\n" +
		"1 picture: 2 sizes made, the rest from the cache\n" +
		"12 pages have no translation and are shown in the original's text:\n"
	for i := range 10 {
		want += fmt.Sprintf("  content/p%02d.md has no translation into nb\n", i)
	}
	want += "  and 2 more\n"
	if b.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	(&Result{Pages: 1, Files: 2, Bytes: 100, Duration: time.Millisecond, Fallbacks: r.Fallbacks[:1]}).WriteSummary(&b)
	if want := "built 1 pages, 2 files (0.0 MB) in 1ms\n1 page has no translation and is shown in the original's text:\n  content/p00.md has no translation into nb\n"; b.String() != want {
		t.Errorf("summary without pictures:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteFailure(t *testing.T) {
	list := diag.List{diag.Errorf("content/a.md", 2, 1, "no title"), diag.Warnf("content/b.md", 1, 1, "odd field"), diag.Errorf("site.yaml", 4, 3, "bad")}
	var b strings.Builder
	if !WriteFailure(&b, list, Options{Source: "site"}) {
		t.Fatal("a list of problems was not written")
	}
	want := list[0].String() + "\n" + list[1].String() + "\n" + list[2].String() + "\nbuild failed: 2 error(s); site/public was not changed\n"
	if b.String() != want {
		t.Errorf("failure:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if WriteFailure(&b, errors.New("disk full"), Options{Out: "out/"}) || b.Len() != 0 {
		t.Errorf("another error: written %q", b.String())
	}
	if got := (Options{Source: "s", Out: "o/"}).OutDir(); got != "o/" {
		t.Errorf("OutDir with Out = %q", got)
	}
}
