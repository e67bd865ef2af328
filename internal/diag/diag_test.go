package diag

import (
	"errors"
	"fmt"
	"testing"
)

func TestPosAndError(t *testing.T) {
	tests := []struct {
		d    *Diagnostic
		want string
	}{
		{Errorf("content/a.md", 3, 7, "bad %s", "thing"), "content/a.md:3:7: bad thing"},
		{Errorf("content/a.md", 3, 0, "bad"), "content/a.md:3: bad"},
		{Errorf("content/a.md", 0, 5, "bad"), "content/a.md: bad"},
		{Warnf("site.yaml", 1, 1, "hm"), "site.yaml:1:1: hm"},
	}
	for _, tt := range tests {
		if got := tt.d.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestListErr(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Error("empty list is an error")
	}
	l.Add(Warnf("b.md", 1, 0, "warn"))
	if l.Err() != nil {
		t.Error("a list of warnings is an error")
	}
	l.Add(Errorf("b.md", 2, 0, "second"))
	l.Add(Errorf("a.md", 9, 0, "first"))
	l.Add(Errorf("b.md", 2, 0, "second")) // the same page in another language
	l.Merge("c.md", fmt.Errorf("plain"))
	l.Merge("x", List{Errorf("b.md", 1, 5, "listed")})
	l.Merge("x", fmt.Errorf("wrapped: %w", Errorf("a.md", 1, 0, "wrapped")))
	err := l.Err()
	want := "a.md:1: wrapped\na.md:9: first\nb.md:1: warn\nb.md:1:5: listed\nb.md:2: second\nc.md: plain"
	if err == nil || err.Error() != want {
		t.Errorf("Err() =\n%v\nwant\n%s", err, want)
	}
	var got List
	if !errors.As(err, &got) || len(got) != 6 {
		t.Errorf("Err() is not a List of 6: %#v", err)
	}
}
