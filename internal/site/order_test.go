package site

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
)

func ref(slug string, params map[string]any) *Page {
	title, _ := params["title"].(string)
	if title == "" {
		title = slug
	}
	p := &content.Page{Slug: slug, Title: title, Params: params}
	return &Page{Page: p, URL: "/s/" + slug + "/", sortTitle: strings.ToLower(title)}
}

func slugs(pages []*Page) string {
	s := ""
	for i, p := range pages {
		if i > 0 {
			s += " "
		}
		s += p.Slug
	}
	return s
}

func TestSortPages(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		sort  string
		pages []*Page
		want  string
	}{
		{"weight", []*Page{ref("c", map[string]any{"weight": 3}), ref("a", map[string]any{"weight": 1}), ref("b", map[string]any{"weight": 2})}, "a b c"},
		{"-weight", []*Page{ref("c", map[string]any{"weight": 3}), ref("a", map[string]any{"weight": 1}), ref("b", map[string]any{"weight": 2})}, "c b a"},
		{"-date", []*Page{ref("old", map[string]any{"date": d(1)}), ref("new", map[string]any{"date": d(9)})}, "new old"},
		{"title", []*Page{ref("x", map[string]any{"title": "beta"}), ref("y", map[string]any{"title": "Alpha"})}, "y x"},
		// Ties go by title, then slug.
		{"weight", []*Page{ref("b", map[string]any{"weight": 1, "title": "Same"}), ref("a", map[string]any{"weight": 1, "title": "Same"}), ref("z", map[string]any{"weight": 1, "title": "A"})}, "z a b"},
		// Regression: pages without the sort field went first in ascending
		// order (a missing int compared as 0, a missing date as year 1)
		// and in descending order for strings.
		{"weight", []*Page{ref("none", map[string]any{}), ref("w5", map[string]any{"weight": 5}), ref("w1", map[string]any{"weight": 1})}, "w1 w5 none"},
		{"-weight", []*Page{ref("none", map[string]any{}), ref("w5", map[string]any{"weight": 5})}, "w5 none"},
		{"date", []*Page{ref("none", map[string]any{}), ref("d2", map[string]any{"date": d(2)})}, "d2 none"},
		{"-date", []*Page{ref("none", map[string]any{}), ref("d2", map[string]any{"date": d(2)})}, "d2 none"},
		{"-location", []*Page{ref("none", map[string]any{}), ref("oslo", map[string]any{"location": "Oslo"})}, "oslo none"},
		{"-date", []*Page{ref("zero", map[string]any{"date": time.Time{}}), ref("d2", map[string]any{"date": d(2)})}, "d2 zero"},
		// Large weights do not overflow.
		{"weight", []*Page{ref("neg", map[string]any{"weight": -(1 << 62)}), ref("big", map[string]any{"weight": 1 << 62})}, "neg big"},
	}
	for _, tt := range tests {
		sortPages(tt.pages, &config.Section{Sort: tt.sort})
		if got := slugs(tt.pages); got != tt.want {
			t.Errorf("sort %s: %s, want %s", tt.sort, got, tt.want)
		}
	}
}

func TestMarkdownLinkKey(t *testing.T) {
	tests := []struct{ file, target, want string }{
		{"content/stories/alpha.md", "bravo.md", "stories/bravo"},
		{"content/stories/alpha.md", "./bravo.nb.md", "stories/bravo"},
		{"content/stories/alpha.md", "../offers/one.md", "offers/one"},
		{"content/stories/alpha.md", "../about.md", "about"},
		{"content/stories/alpha.md", "/content/offers/one.md", "offers/one"},
		{"content/stories/alpha.md", "/offers/one.md", "offers/one"},
		{"content/about.md", "offers/one.md", "offers/one"},
		{"content/about.md", "contact.nb.md", "contact"},
	}
	for _, tt := range tests {
		if got := MarkdownLinkKey(tt.file, tt.target); got != tt.want {
			t.Errorf("MarkdownLinkKey(%q, %q) = %q, want %q", tt.file, tt.target, got, tt.want)
		}
	}
}

func TestPager(t *testing.T) {
	p := NewPager("/stories/", 5, 9)
	if p.Prev != "/stories/page/4/" || p.Next != "/stories/page/6/" {
		t.Errorf("Prev %q Next %q", p.Prev, p.Next)
	}
	var nums []int
	for _, l := range p.Links {
		nums = append(nums, l.Number)
		if l.Current != (l.Number == 5) {
			t.Errorf("link %d Current = %v", l.Number, l.Current)
		}
	}
	if fmt.Sprint(nums) != "[1 3 4 5 6 7 9]" {
		t.Errorf("links %v, want the first, last and two either side", nums)
	}
	if first := NewPager("/x/", 1, 1); first.Prev != "" || first.Next != "" || first.Links[0].URL != "/x/" {
		t.Errorf("single page pager %+v", first)
	}
}
