package markdown

import (
	"reflect"
	"testing"
)

// TestOutlineMatchesRender: Outline finds the same headings and links as
// Render, bare web addresses (linkify) aside.
func TestOutlineMatchesRender(t *testing.T) {
	docs := map[string]string{
		"headings": "# One\n\n## Two words\n\n### Two words\n\nSetext\n------\n",
		"links": "See [a](/offerings/a/#x), ![alt *text*](/images/a.png \"t\"),\n[ref][r], <https://example.org/>, [bad](javascript:alert(1))\n\n" +
			"[r]: ../pathways/b.md#steps\n",
		"table":             "| a | b |\n|---|---|\n| [x](/x/) | ![y](/y.png) |\n",
		"footnotes":         "Text[^1] and [z](/z/).\n\n[^1]: A note with [a link](/note/).\n",
		"tasks":             "- [ ] [todo](/todo/)\n- [x] ~~done~~ [done](/done/)\n",
		"code":              "`[not](/a/)`\n\n```\n[not](/b/)\n```\n\n## After code\n",
		"heading with link": "## See [this](/this/)\n",
	}
	r := New()
	for name, src := range docs {
		want, err := r.Render([]byte(src), nil)
		if err != nil {
			t.Fatal(err)
		}
		got := r.Outline([]byte(src))
		for i := range want.Headings {
			want.Headings[i].Offset = 0 // Render only: Outline has no text
		}
		if !reflect.DeepEqual(got.Headings, want.Headings) {
			t.Errorf("%s: headings\n got %+v\nwant %+v", name, got.Headings, want.Headings)
		}
		if !reflect.DeepEqual(got.Links, want.Links) {
			t.Errorf("%s: links\n got %+v\nwant %+v", name, got.Links, want.Links)
		}
	}
}
