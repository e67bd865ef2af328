package build

import (
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
)

func ref(slug string, params map[string]any) *PageRef {
	title, _ := params["title"].(string)
	if title == "" {
		title = slug
	}
	return &PageRef{Page: &content.Page{Slug: slug, Title: title, Params: params}}
}

func slugs(pages []*PageRef) string {
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
		pages []*PageRef
		want  string
	}{
		{"weight", []*PageRef{ref("c", map[string]any{"weight": 3}), ref("a", map[string]any{"weight": 1}), ref("b", map[string]any{"weight": 2})}, "a b c"},
		{"-weight", []*PageRef{ref("c", map[string]any{"weight": 3}), ref("a", map[string]any{"weight": 1}), ref("b", map[string]any{"weight": 2})}, "c b a"},
		{"-date", []*PageRef{ref("old", map[string]any{"date": d(1)}), ref("new", map[string]any{"date": d(9)})}, "new old"},
		{"title", []*PageRef{ref("x", map[string]any{"title": "beta"}), ref("y", map[string]any{"title": "Alpha"})}, "y x"},
		// Ties go by title, then slug.
		{"weight", []*PageRef{ref("b", map[string]any{"weight": 1, "title": "Same"}), ref("a", map[string]any{"weight": 1, "title": "Same"}), ref("z", map[string]any{"weight": 1, "title": "A"})}, "z a b"},
		// Regression: pages without the sort field went first in ascending
		// order (a missing int compared as 0, a missing date as year 1)
		// and in descending order for strings.
		{"weight", []*PageRef{ref("none", map[string]any{}), ref("w5", map[string]any{"weight": 5}), ref("w1", map[string]any{"weight": 1})}, "w1 w5 none"},
		{"-weight", []*PageRef{ref("none", map[string]any{}), ref("w5", map[string]any{"weight": 5})}, "w5 none"},
		{"date", []*PageRef{ref("none", map[string]any{}), ref("d2", map[string]any{"date": d(2)})}, "d2 none"},
		{"-date", []*PageRef{ref("none", map[string]any{}), ref("d2", map[string]any{"date": d(2)})}, "d2 none"},
		{"-location", []*PageRef{ref("none", map[string]any{}), ref("oslo", map[string]any{"location": "Oslo"})}, "oslo none"},
		{"-date", []*PageRef{ref("zero", map[string]any{"date": time.Time{}}), ref("d2", map[string]any{"date": d(2)})}, "d2 zero"},
		// Large weights do not overflow.
		{"weight", []*PageRef{ref("neg", map[string]any{"weight": -(1 << 62)}), ref("big", map[string]any{"weight": 1 << 62})}, "neg big"},
	}
	for _, tt := range tests {
		sortPages(tt.pages, &config.Section{Sort: tt.sort})
		if got := slugs(tt.pages); got != tt.want {
			t.Errorf("sort %s: %s, want %s", tt.sort, got, tt.want)
		}
	}
}
