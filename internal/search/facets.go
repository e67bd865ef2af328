package search

import (
	"encoding/binary"
	"sort"
	"strconv"
)

// encodeFacets returns the facet groups (section first, then the taxonomies in
// option order, then any others by name, then the hidden "lang" and
// "weight" of documents in another language or of another weight than 1),
// each document's section index, and f.bin: for every value of every group,
// varint count and delta-coded doc ids.
func encodeFacets(lang string, docs []*entry, taxonomies []string) ([]facet, []int, []byte) {
	names := append([]string(nil), taxonomies...)
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	var extra []string
	for _, e := range docs {
		for _, t := range e.taxa {
			if n := t.taxonomy; !known[n] {
				known[n] = true
				extra = append(extra, n)
			}
		}
	}
	sort.Strings(extra)
	names = append(names, extra...)

	groups := make([]facet, 0, 1+len(names))
	var out []byte
	build := func(name string, valuesOf func(e *entry) []string, label func(d *Document) string) map[string]int {
		ids := map[string][]int{}
		labels := map[string]string{}
		for id := range docs {
			d := &docs[id].doc
			seen := map[string]bool{}
			for _, v := range valuesOf(docs[id]) {
				if v == "" || seen[v] {
					continue
				}
				seen[v] = true
				ids[v] = append(ids[v], id)
				if _, ok := labels[v]; !ok && label != nil {
					labels[v] = label(d) // from the first doc by URL: deterministic
				}
			}
		}
		f := facet{Name: name, Values: make([]string, 0, len(ids))}
		for v := range ids {
			f.Values = append(f.Values, v)
		}
		sort.Slice(f.Values, func(i, j int) bool {
			a, b := Fold(f.Values[i]), Fold(f.Values[j])
			if a != b {
				return a < b
			}
			return f.Values[i] < f.Values[j]
		})
		index := map[string]int{}
		for i, v := range f.Values {
			index[v] = i
			if label != nil {
				f.Labels = append(f.Labels, labels[v])
			}
			list := ids[v]
			out = binary.AppendUvarint(out, uint64(len(list)))
			prev := 0
			for _, id := range list {
				out = binary.AppendUvarint(out, uint64(id-prev))
				prev = id
			}
		}
		groups = append(groups, f)
		return index
	}
	sectionIndex := build("section", func(e *entry) []string { return []string{e.doc.Section} },
		func(d *Document) string {
			if d.SectionTitle != "" {
				return d.SectionTitle
			}
			return d.Section
		})
	for _, n := range names {
		var values []string
		build(n, func(e *entry) []string {
			values = values[:0]
			for _, t := range e.taxa {
				if t.taxonomy == n {
					values = append(values, t.term)
				}
			}
			return values
		}, nil)
	}
	build("lang", func(e *entry) []string {
		if l := e.doc.textLang(); l != lang {
			return []string{l}
		}
		return nil
	}, nil)
	build("weight", func(e *entry) []string {
		if w := e.doc.Weight; w > 0 && w != 1 {
			return []string{strconv.FormatFloat(w, 'g', 4, 64)}
		}
		return nil
	}, nil)
	groups[len(groups)-1].Hidden = true
	groups[len(groups)-2].Hidden = true
	sectionOf := make([]int, len(docs))
	for id := range docs {
		if i, ok := sectionIndex[docs[id].doc.Section]; ok {
			sectionOf[id] = i
		} else {
			sectionOf[id] = -1 // no section: search.js shows none
		}
	}
	return groups, sectionOf, out
}
