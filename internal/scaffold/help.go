package scaffold

import (
	"fmt"
	"strconv"
	"strings"
	"text/template"

	"github.com/uio-partner/portal/internal/config"
	"gopkg.in/yaml.v3"
)

// fieldHelp says what the site's well-known fields mean, for the comments of
// new pages. A field added in site.yaml without an entry here is described by
// its type.
var fieldHelp = map[string]string{
	"title":        "the headline, shown on the page, in lists and in search results",
	"summary":      "one or two sentences shown in lists, search results and link previews; plain text, no Markdown",
	"date":         "the date the page is about or was written",
	"publishDate":  "the page appears on the site from this date",
	"expiryDate":   "the page disappears from the site on this date",
	"lastmod":      "when the page was last changed in substance",
	"draft":        "drafts are not published; delete the line (or write false) when the page is ready",
	"featured":     "true puts the page on the home page",
	"weight":       "the page's place in its list: lower numbers come first",
	"slug":         "the last part of the address; by default the file name",
	"layout":       "the layout file that renders the page, in layouts/_default/",
	"url":          "the page's address, for pages outside sections",
	"noindex":      "true keeps search engines away from the page",
	"image":        "the page's photo: put the file beside this one and write its name, e.g. lab.jpg",
	"imageAlt":     "what the picture shows, for readers who cannot see it (required with image)",
	"imageFocus":   "the point crops keep, across and down, e.g. 30% 40% (default the centre)",
	"imageCaption": "shown under the photo: who took it and its licence, e.g. Photo: Kari Nordmann",
	"contact":      "the email address of the unit or person to contact",
	"topic":        "the contact form topic this page leads to",
	"pathway":      "the slug of the partnership pathway this page leads to",
	"audience":     "who the page is for, e.g. [companies, public-sector]",
	"location":     "where the facility is: the campus, building and city",
	"access":       "how partners get access, e.g. open, by-agreement",
	"equipment":    "the main instruments, as a list",
	"sources":      "the sources of the page's facts, shown under Sources",
	"steps":        "the steps, in order, one short sentence each",
	"signatories":  "who signs, e.g. [Head of department, The partner's authorised signatory]",
	"templates":    "the agreement templates used, as slugs of pages in agreements/",
	"since":        "the year the partnership started",
	"website":      "the organisation's web site, starting with https://",
	"sectors":      "the industry sectors, as a list; reuse existing terms",
	"faculties":    "the faculties involved, as a list; reuse existing terms",
	"partners":     "the partner organisations, as a list; reuse the names already on the site",
}

var typeHelp = map[string]string{
	config.TypeString:    "a line of text",
	config.TypeText:      "a short paragraph of plain text",
	config.TypeDate:      "a date like 2024-03-01",
	config.TypeBool:      "true or false",
	config.TypeInt:       "a whole number",
	config.TypeList:      "a list like [a, b]",
	config.TypeURL:       "a web address starting with https://",
	config.TypeEmail:     "an email address",
	config.TypePath:      "a site path such as /images/lab.jpg",
	config.TypeImage:     "a JPEG, PNG or WebP file beside the page, e.g. lab.jpg",
	config.TypeAnswers:   "a guide step's answers, each like {label: Research together, page: pathways/research-collaboration}",
	config.TypeDocuments: "files beside the page, each like {file: nda-template.docx, title: Non-disclosure agreement template}",
	config.TypeSources:   "a list of sources, each \"- title:\" with date: (2021-02-15, 2021-02 or 2021), and publisher: and url: where known",
}

// Help describes a field for a comment: its meaning, its type and its limit.
func Help(name string, def config.FieldDef) string {
	h := fieldHelp[name]
	t := typeHelp[def.Type]
	switch {
	case h == "":
		h = t
	case t != "":
		h += " (" + t + ")"
	}
	if def.Max > 0 {
		h += fmt.Sprintf("; at most %d characters", def.Max)
	}
	return h
}

// Placeholder is the empty value a template writes for a field.
func (d *Data) Placeholder(f Field) string { return placeholder(f, d) }

// Has reports whether the section declares field (required or optional).
func (d *Data) Has(field string) bool {
	for _, f := range d.Fields() {
		if f.Name == field {
			return true
		}
	}
	return false
}

var funcs = template.FuncMap{
	"yaml":    yamlScalar,
	"join":    strings.Join,
	"list":    commentList,
	"comment": comment,
}

// yamlScalar writes s as a YAML value, quoted only when YAML needs it
// ("Roche: a story" must be quoted, "Økt samarbeid" need not be).
func yamlScalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil || strings.ContainsAny(s, "\n\r") || strings.HasPrefix(string(out), "|") || strings.HasPrefix(string(out), ">") {
		// One line, double-quoted: Go's escapes are all YAML escapes too.
		return strconv.Quote(s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// commentList wraps items into YAML comment lines "#   a, b, c".
func commentList(items []string) string {
	if len(items) == 0 {
		return "#   (none yet)"
	}
	return wrap(strings.Join(items, ", "), "#   ")
}

// comment wraps text into YAML comment lines "# ...".
func comment(text string) string { return wrap(text, "# ") }

func wrap(text, prefix string) string {
	const width = 78
	var lines []string
	line := prefix
	for _, w := range strings.Fields(text) {
		if len(line) > len(prefix) && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = prefix
		}
		if len(line) > len(prefix) {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}
