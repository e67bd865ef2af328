package story

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/attachment"
	"github.com/uio-partner/portal/internal/contact/workday"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/issueform"
)

// Problem is one thing wrong with a submitted form, said to its author:
// which field, and what to do.
type Problem struct {
	Field string // the field's label; "" for the form as a whole
	Msg   string
}

// Refusal is a form that cannot become a page. Nothing was written; the
// reply says why, field by field.
type Refusal struct {
	Issue    int
	Problems []Problem
	words    *words // the reply's greeting in the site's languages
}

func (r *Refusal) Error() string {
	msgs := make([]string, len(r.Problems))
	for i, p := range r.Problems {
		msgs[i] = p.String()
	}
	return fmt.Sprintf("the story of issue #%d cannot be published as it is: %s", r.Issue, strings.Join(msgs, "; "))
}

func (p Problem) String() string {
	if p.Field == "" {
		return p.Msg
	}
	return p.Field + ": " + p.Msg
}

// version is the story in one language.
type version struct {
	Lang     string
	Title    string
	Summary  string
	Text     string
	ImageAlt string
}

// submission is a form's answers, checked.
type submission struct {
	Slug        string
	Date        time.Time
	Partners    []string // partner page titles (default language), then new partners' names
	NewPartners []string // names of partners that get a page
	Sectors     []string // term slugs
	Faculties   []string
	Sources     []content.Source // the story's source, where the form asks for one
	PhotoURL    string
	Versions    []*version // the default language first
	Notes       []string   // for the reviewers: what the author should know was changed or ignored
}

// reader checks one form's answers and collects what is wrong.
type reader struct {
	site     *site
	form     *issueform.Response
	problems []Problem
}

func (r *reader) bad(field, format string, args ...any) {
	r.problems = append(r.problems, Problem{Field: field, Msg: fmt.Sprintf(format, args...)})
}

// read parses the issue's body as the story form and checks every answer.
// It reports all problems at once, as a *Refusal.
func read(s *site, issue *Issue, now time.Time) (*submission, error) {
	t := template(s)
	form, err := issueform.Parse(issue.Body, t.FieldLabels())
	r := &reader{site: s, form: form}
	var missing *issueform.MissingError
	if errors.As(err, &missing) {
		var required []string
		for _, l := range missing.Labels {
			// A list the site did not have when the issue was written
			// (no sectors yet) has no heading; nothing else may be missing.
			// Nor has an issue written before the form asked for a
			// source: the source is checked below like any answer.
			if l != s.f.partners && l != s.f.sectors && l != s.f.faculties && !slices.Contains(s.f.sources(), l) {
				required = append(required, l)
			}
		}
		if len(required) > 0 {
			return nil, &Refusal{Issue: issue.Number, words: s.words, Problems: []Problem{{Msg: fmt.Sprintf("this issue was not written with the story form, or its headings were changed: the form's %s is missing. Open a new issue with the form (Issues → New issue → \"Share a partnership story\"), or put the headings back", quoteList(required))}}}
		}
	}
	sub := &submission{}
	def := s.cfg.DefaultLanguage()
	first := &version{Lang: def, Title: r.line(s.f.title, true), Summary: r.summary(s.f.summary, true), Text: r.text(s.f.story, true)}
	sub.Versions = append(sub.Versions, first)
	sub.Slug = r.slug(first.Title)
	sub.Date = r.date(s.f.date, issue.CreatedAt, now)
	sub.Partners, sub.NewPartners = r.partners()
	sub.Sectors = r.choices(s.f.sectors, s.lists.Sectors)
	sub.Faculties = r.choices(s.f.faculties, s.lists.Faculties)
	sub.Sources = r.sources(now)
	sub.PhotoURL, first.ImageAlt = r.photo(sub)
	for _, l := range s.f.versions {
		if v := r.version(l, first, sub); v != nil {
			sub.Versions = append(sub.Versions, v)
		}
	}
	if !containsFold(form.Checked(s.f.consent), s.f.consentBox) {
		r.bad(s.f.consent, "tick the box to confirm that the people and organisations named have agreed to be named")
	}
	if len(r.problems) > 0 {
		return nil, &Refusal{Issue: issue.Number, Problems: r.problems, words: s.words}
	}
	return sub, nil
}

// line is a one-line answer: plain text, at most the field's length.
func (r *reader) line(field string, required bool) string {
	s := strings.TrimSpace(r.form.Text(field))
	if s == "" {
		if required {
			r.bad(field, "this is required: write it in the field")
		}
		return ""
	}
	if strings.ContainsAny(s, "\n\r") {
		r.bad(field, "write it on one line")
		return ""
	}
	r.plain(field, s)
	max := r.site.max("title")
	if n := utf8.RuneCountInString(s); n > max {
		r.bad(field, "it is %d characters long; keep it to %d", n, max)
	}
	return s
}

// summary is a short plain-text paragraph: lines are joined.
func (r *reader) summary(field string, required bool) string {
	s := strings.Join(strings.Fields(r.form.Text(field)), " ")
	if s == "" {
		if required {
			r.bad(field, "this is required: one or two sentences that make a company want to read on")
		}
		return ""
	}
	r.plain(field, s)
	if n, max := utf8.RuneCountInString(s), r.site.max("summary"); n > max {
		r.bad(field, "it is %d characters long; keep it to %d", n, max)
	}
	return s
}

// htmlTag finds HTML in a plain-text answer.
var htmlTag = regexp.MustCompile(`<\s*/?\s*[A-Za-z!?]`)

// plain refuses what has no place in plain text: HTML, control characters
// and the invisible characters that reorder text (a name could then read
// differently on the page from how it reads in the review).
func (r *reader) plain(field, s string) {
	if htmlTag.MatchString(s) {
		r.bad(field, "write plain text: %s looks like HTML", code(htmlTag.FindString(s)+"…"))
	}
	for _, c := range s {
		if unicode.Is(unicode.Cc, c) && c != '\n' && c != '\t' || unicode.Is(unicode.Bidi_Control, c) || c == '\uFFFD' {
			r.bad(field, "it contains an invisible control character (U+%04X): type the text again rather than pasting it", c)
			return
		}
	}
}

// text is the story: Markdown, kept as written apart from line endings.
func (r *reader) text(field string, required bool) string {
	s := r.form.Text(field)
	if strings.TrimSpace(s) == "" {
		if required {
			r.bad(field, "this is required: tell the story here")
		}
		return ""
	}
	if !utf8.ValidString(s) {
		r.bad(field, "it contains bytes that are not text: type that part again rather than pasting it")
	}
	for _, c := range s {
		if unicode.Is(unicode.Cc, c) && c != '\n' && c != '\t' || unicode.Is(unicode.Bidi_Control, c) {
			r.bad(field, "it contains an invisible control character (U+%04X): type that part again rather than pasting it", c)
			break
		}
	}
	if inlinePicture.MatchString(s) {
		r.bad(field, "it has a picture in the text, which the site cannot show (it loads nothing from other sites): take it out, and put one photo in the field %s instead", code(r.site.f.photo))
	}
	return s + "\n"
}

// inlinePicture finds a picture in the story's text: GitHub writes a
// dropped image as <img …> or ![…](…).
var inlinePicture = regexp.MustCompile(`(?i)<img\b|!\[[^\]]*\]\(\s*<?https?:`)

// slug makes the page's address from its title and refuses one that is
// taken.
func (r *reader) slug(title string) string {
	if title == "" {
		return ""
	}
	s := content.Slugify(title)
	// Long titles make long addresses: cut at a word.
	const maxSlug = 80
	if len(s) > maxSlug {
		s = s[:maxSlug]
		if i := strings.LastIndexByte(s, '-'); i > 20 {
			s = s[:i]
		}
		s = strings.TrimRight(s, "-")
	}
	if !content.ValidSlug(s) {
		r.bad(r.site.f.title, "it needs letters or digits, which make the page's address")
		return ""
	}
	for _, p := range r.site.pages {
		if p.Section == Section && p.Slug == s {
			r.bad(r.site.f.title, "a case study with this address exists: /%s/%s/ (%s). Choose another title; to change that story, ask the communications team", Section, s, code(p.Title))
			return ""
		}
	}
	return s
}

// date accepts 2025-03-01 and the Norwegian 1.3.2025; empty is the day the
// issue was opened.
func (r *reader) date(field string, opened, now time.Time) time.Time {
	s := strings.TrimSpace(r.form.Text(field))
	if s == "" {
		if opened.IsZero() {
			opened = now
		}
		return civil(opened, r.site.cfg.Calendar)
	}
	for _, layout := range []string{"2006-01-02", "2.1.2006", "02.01.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1811 || t.After(now.AddDate(1, 0, 0)) {
				break // before the university, or a typo in the year
			}
			return t
		}
	}
	r.bad(field, "%s is not a date: write it as 2025-03-01 (or 1.3.2025), or leave the field empty for today", code(s))
	return time.Time{}
}

// sources reads the story's source, when the form asks for one: a title
// and a date (as the site's sources have them, or 22.2.2021), and
// optionally a publisher and an http(s) address. Nothing at all is no
// source, which the site may allow.
func (r *reader) sources(now time.Time) []content.Source {
	name, required := r.site.sourcesField()
	if name == "" {
		return nil
	}
	title := r.line(r.site.f.sourceTitle, required)
	publisher := r.line(r.site.f.sourcePublisher, false)
	when := strings.TrimSpace(r.form.Text(r.site.f.sourceDate))
	addr := strings.TrimSpace(r.form.Text(r.site.f.sourceURL))
	if title == "" && publisher == "" && when == "" && addr == "" {
		return nil
	}
	if title == "" && !required {
		r.bad(r.site.f.sourceTitle, "a source needs its title: write the title of the news item, report or page, or leave all the source's fields empty")
	}
	src := content.Source{Title: title, Publisher: publisher}
	switch d, ok := sourceDate(when); {
	case when == "":
		r.bad(r.site.f.sourceDate, "this is required with a source: the day it was published, as 2021-02-22, or the month (2021-02) or year (2021)")
	case !ok:
		r.bad(r.site.f.sourceDate, "%s is not a date: write it as 2021-02-22 (or 22.2.2021), or the month (2021-02) or the year (2021) if that is all you know", code(when))
	case d.Time.After(now):
		r.bad(r.site.f.sourceDate, "%s is in the future: the source must be published already", code(when))
	default:
		src.Date = d
	}
	if addr != "" {
		if strings.ContainsAny(addr, " \n\r\t") || !content.ValidSourceURL(addr) {
			r.bad(r.site.f.sourceURL, "%s is not a web address: write the address as the browser shows it, starting with https://, or leave the field empty if the source is not public", code(addr))
		} else {
			src.URL = addr
		}
	}
	return []content.Source{src}
}

// sourceDate reads a source's date as the site writes it (2021-02-22,
// 2021-02, 2021) or as Norwegians write a day (22.2.2021).
func sourceDate(s string) (content.SourceDate, bool) {
	if d, ok := content.ParseSourceDate(s); ok {
		return d, true
	}
	for _, layout := range []string{"2.1.2006", "02.01.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return content.SourceDate{Time: t, Precision: content.Day}, true
		}
	}
	return content.SourceDate{}, false
}

// civil is t's calendar day where the site is written (site.yaml's
// timezone; UTC without one).
func civil(t time.Time, cal *workday.Calendar) time.Time {
	if cal != nil {
		t = t.In(cal.Location())
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// choices are the values of a dropdown's chosen options.
func (r *reader) choices(field string, cs []Choice) []string {
	chosen, unknown := r.form.Choices(field, labels(cs))
	var out []string
	for _, label := range chosen {
		v, _ := valueOf(cs, label)
		out = append(out, v)
	}
	for _, u := range unknown {
		r.bad(field, "%s is not one of the form's choices (the list may have changed since the form was filled in): edit the issue and choose again", code(u))
	}
	return out
}

// partners are the chosen partner pages and the new partners named, at
// least one in all. A new partner that has a page after all (by its name in
// any language, or its page's file name) is that page.
func (r *reader) partners() (all, newOnes []string) {
	all = r.choices(r.site.f.partners, r.site.lists.Partners)
	for _, line := range strings.Split(r.form.Text(r.site.f.newPartners), "\n") {
		name := strings.Join(strings.Fields(strings.TrimLeft(line, "-*• ")), " ")
		if name == "" {
			continue
		}
		if !r.partnerName(name) {
			continue
		}
		if title, ok := r.existingPartner(name); ok {
			name = title
		} else if !slices.Contains(newOnes, name) {
			newOnes = append(newOnes, name)
		}
		if !slices.Contains(all, name) {
			all = append(all, name)
		}
	}
	if len(all) == 0 && !r.failed(r.site.f.newPartners) {
		r.bad(r.site.f.partners, "name at least one partner: choose from the list, or write a new one in the field %s", code(r.site.f.newPartners))
	}
	return all, newOnes
}

// partnerName checks a new partner's name: a name, not markup.
func (r *reader) partnerName(name string) bool {
	if strings.ContainsAny(name, "<>[]{}*_`#|\\^~=$!\"") || strings.Contains(name, "://") {
		r.bad(r.site.f.newPartners, "%s is not a plain name: write the organisation's name without markup, links or symbols", code(name))
		return false
	}
	before := len(r.problems)
	r.plain(r.site.f.newPartners, name)
	if n, max := utf8.RuneCountInString(name), r.site.max("title"); n > max {
		r.bad(r.site.f.newPartners, "%s is %d characters long; a partner's name is at most %d", code(name), n, max)
	}
	if content.Slugify(name) == "" {
		r.bad(r.site.f.newPartners, "%s has no letters or digits", code(name))
	}
	return len(r.problems) == before
}

// existingPartner finds the partner page a name names, and returns its
// title in the default language.
func (r *reader) existingPartner(name string) (string, bool) {
	if r.site.partner == nil {
		return "", false
	}
	key, ok := r.site.partner.Page(name)
	if !ok {
		return "", false
	}
	for _, p := range r.site.pages {
		if p.Key() == key && p.Lang == r.site.cfg.DefaultLanguage() {
			return p.Title, true
		}
	}
	return "", false
}

func (r *reader) failed(field string) bool {
	for _, p := range r.problems {
		if p.Field == field {
			return true
		}
	}
	return false
}

// photoURL finds the addresses in the photo field: GitHub writes a dropped
// file as ![name](url), <img … src="url"> or [name](url).
var photoURL = regexp.MustCompile(`https?://[^\s<>"')\]]+`)

// photo is the attached photo's address and its alt text.
func (r *reader) photo(sub *submission) (url, alt string) {
	text := r.form.Text(r.site.f.photo)
	alt = r.line(r.site.f.photoAlt, false)
	urls := photoURL.FindAllString(text, -1)
	switch {
	case strings.TrimSpace(text) == "":
		if alt != "" {
			sub.Notes = append(sub.Notes, "The form describes a photo but has none; the description was left out.")
		}
		return "", ""
	case len(urls) == 0:
		r.bad(r.site.f.photo, "the field has text but no photo: drag the photo file into the field (GitHub writes its address there), or empty the field")
		return "", ""
	case len(urls) > 1:
		sub.Notes = append(sub.Notes, fmt.Sprintf("The photo field has %d files; the first is used.", len(urls)))
	}
	if alt == "" && !r.failed(r.site.f.photoAlt) {
		r.bad(r.site.f.photoAlt, "say what the photo shows, for readers who cannot see it")
	}
	return urls[0], alt
}

// version is the optional story in one of the site's other languages:
// title, summary and text, all or none.
func (r *reader) version(l versionLabels, first *version, sub *submission) *version {
	v := &version{Lang: l.lang.Code,
		Title: r.line(l.title, false), Summary: r.summary(l.summary, false), Text: r.text(l.story, false),
		ImageAlt: r.line(l.photoAlt, false)}
	// The replies are in English: the language is named as English does.
	name := r.site.words.languageName("en", l.lang)
	given := 0
	for _, s := range []string{v.Title, v.Summary, v.Text} {
		if strings.TrimSpace(s) != "" {
			given++
		}
	}
	switch {
	case given == 0:
		return nil
	case given < 3:
		for _, f := range []struct{ label, text string }{{l.title, v.Title}, {l.summary, v.Summary}, {l.story, v.Text}} {
			if strings.TrimSpace(f.text) == "" && !r.failed(f.label) {
				r.bad(f.label, "the version in %s needs a title, a summary and the text: fill in this field too, or empty the other fields in %[1]s", name)
			}
		}
		return nil
	}
	if sub.PhotoURL != "" && v.ImageAlt == "" {
		v.ImageAlt = first.ImageAlt
		sub.Notes = append(sub.Notes, fmt.Sprintf("The page in %s describes the photo in %s: translate its imageAlt.", name, r.site.words.languageName("en", r.site.cfg.Languages[0])))
	}
	if sub.PhotoURL == "" {
		v.ImageAlt = ""
	}
	return v
}

// fetchPhoto downloads the photo; a failure is the photo field's problem.
func fetchPhoto(ctx context.Context, f *attachment.Fetcher, url, field string) (*attachment.Photo, *Problem) {
	p, err := f.Fetch(ctx, url)
	if err != nil {
		msg := err.Error()
		var e *attachment.Error
		if !errors.As(err, &e) {
			msg = "the photo could not be downloaded; save the issue again to retry"
		}
		return nil, &Problem{Field: field, Msg: msg}
	}
	return p, nil
}

// code writes an author's text in a reply as inline code, so that nothing
// in it is Markdown (no link, no mention, no heading).
func code(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 120 {
		s = string([]rune(s)[:120]) + "…"
	}
	s = strings.ReplaceAll(s, "`", "'")
	return "`" + s + "`"
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return true
		}
	}
	return false
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = code(s)
	}
	return strings.Join(q, ", ")
}
