package searchtest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/site"
)

// words is the vocabulary of Synthetic, close to the benchmark corpus of
// shared/bench/gencorpus, so figures from either are comparable.
var words = strings.Fields(`research industry partnership innovation licence patent spinoff startup
	collaboration internship student talent funding grant consortium laboratory facility infrastructure
	microscopy imaging sequencing genomics proteomics spectroscopy sensor device prototype pilot software
	algorithm data model analysis health medicine clinical trial vaccine immunology cancer cohort biobank
	registry diagnostics pharmacy dentistry biotechnology chemistry physics mathematics informatics
	engineering energy climate ocean sustainability society transfer knowledge agreement mentoring
	recruitment exchange platform technology`)

var nbWords = strings.Fields(`forskning næringsliv samarbeid innovasjon lisens patent utvikling student
	praksis finansiering laboratorium infrastruktur mikroskopi avbildning sekvensering sensor prototyp
	programvare data analyse helse medisin klinisk vaksine immunologi kreft biobank kjemi fysikk
	matematikk energi klima hav bærekraft samfunn kunnskap avtale rekruttering plattform teknologi
	Østersjøen økosystem måling`)

var (
	synSectors   = strings.Fields("pharma medtech energy ict public-sector maritime finance food")
	synFaculties = strings.Fields("medicine dentistry law humanities social-sciences mathematics-and-natural-sciences theology education")
	synSections  = strings.Fields("case-studies facilities offerings partners pathways")
)

// Synthetic returns n deterministic documents, about 30% of them Norwegian
// translations, for benchmarks and the file-count guard.
func Synthetic(n int) []search.Document {
	rng := rand.New(rand.NewPCG(42, 7))
	pick := func(list []string, k int) string {
		s := make([]string, k)
		for i := range s {
			s[i] = list[rng.IntN(len(list))]
		}
		return strings.Join(s, " ")
	}
	var partners []string
	for i := range 33 {
		partners = append(partners, fmt.Sprintf("Partner %02d", i))
	}
	var out []search.Document
	for i := 0; len(out) < n; i++ {
		sec := synSections[i%len(synSections)]
		terms := map[string][]string{
			"sectors":   {synSectors[rng.IntN(len(synSectors))], synSectors[rng.IntN(len(synSectors))]},
			"faculties": {synFaculties[rng.IntN(len(synFaculties))]},
			"partners":  {partners[rng.IntN(len(partners))]},
		}
		var body strings.Builder
		for range 40 {
			body.WriteString(pick(words, 12) + ". ")
		}
		src := &content.Page{Kind: content.Regular, Section: sec, Slug: fmt.Sprintf("page-%05d", i)}
		d := search.Document{URL: site.PageURL("", src), Lang: Languages[0], Section: sec, SectionTitle: sec,
			Title: pick(words, 6), Summary: pick(words, 18), Terms: terms, Text: body.String()}
		out = append(out, d)
		if i%10 < 3 && len(out) < n {
			nb := d
			nb.URL, nb.Lang = site.PageURL(site.Prefix("nb", Languages[0]), src), "nb"
			nb.Title, nb.Summary = pick(nbWords, 6), pick(nbWords, 18)
			body.Reset()
			for range 40 {
				body.WriteString(pick(nbWords, 12) + ". ")
			}
			nb.Text = body.String()
			out = append(out, nb)
		}
	}
	return out
}

var (
	mdLink   = regexp.MustCompile(`\]\([^)]*\)`)
	mdSyntax = regexp.MustCompile("[#*_|`>\\[\\]-]+")
	fmList   = regexp.MustCompile(`"([^"]*)"`)
)

// LoadCorpus reads the Markdown tree written by shared/bench/gencorpus
// (DIR/content/<section>/*.md, *.nb.md for Norwegian) into documents. It is a
// crude reader for benchmarks only: front matter by line, Markdown stripped
// by pattern; the real pipeline is internal/generator.
func LoadCorpus(dir string) ([]search.Document, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
	if err != nil || len(paths) == 0 {
		return nil, fmt.Errorf("no corpus under %s", dir)
	}
	var out []search.Document
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		sec := filepath.Base(filepath.Dir(p))
		name := strings.TrimSuffix(filepath.Base(p), ".md")
		d := search.Document{Lang: Languages[0], Section: sec, SectionTitle: sec, Terms: map[string][]string{}}
		if strings.HasSuffix(name, ".nb") {
			name, d.Lang = strings.TrimSuffix(name, ".nb"), "nb"
		}
		d.URL = site.PageURL(site.Prefix(d.Lang, Languages[0]), &content.Page{Kind: content.Regular, Section: sec, Slug: name})
		parts := strings.SplitN(string(b), "---\n", 3)
		if len(parts) != 3 {
			return nil, fmt.Errorf("%s: no front matter", p)
		}
		for _, line := range strings.Split(parts[1], "\n") {
			k, v, _ := strings.Cut(line, ":")
			v = strings.TrimSpace(v)
			switch k {
			case "title":
				d.Title = strings.Trim(v, `"`)
			case "summary":
				d.Summary = strings.Trim(v, `"`)
			case "sectors", "faculties", "partners":
				for _, m := range fmList.FindAllStringSubmatch(v, -1) {
					d.Terms[k] = append(d.Terms[k], m[1])
				}
			}
		}
		d.Text = mdSyntax.ReplaceAllString(mdLink.ReplaceAllString(parts[2], "]"), " ")
		out = append(out, d)
	}
	return out, nil
}
