package story

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/theme"
)

// formLabels are the form's field labels in the site's languages, made from
// the theme strings (layouts/i18n/<lang>.yaml, keys story*): each label is
// every language's text, the default language first, joined by " / ".
// They are the headings GitHub writes into the body, so they are
// how the answers are found: changing a theme string makes issues written
// with the old form unreadable.
type formLabels struct {
	title, summary, date, partners, newPartners, sectors, faculties string
	story, photo, photoAlt, consent, consentBox                     string
	// The source of the story, asked when case studies have a field of
	// type sources: it becomes the page's first source.
	sourceTitle, sourcePublisher, sourceDate, sourceURL string
	// versions are the fields of the site's other languages, in
	// site.yaml's order: the story in that language, all or none.
	versions []versionLabels
}

// versionLabels are the fields of the story in one language other than
// the default.
type versionLabels struct {
	lang                            config.Language
	title, summary, story, photoAlt string
}

// sources are the source's fields: an issue written before the form asked
// for a source has none of them.
func (l *formLabels) sources() []string {
	return []string{l.sourceTitle, l.sourcePublisher, l.sourceDate, l.sourceURL}
}

// version is the labels of lang's fields; the default language's are the
// form's main fields.
func (l *formLabels) version(lang string) versionLabels {
	for _, v := range l.versions {
		if v.lang.Code == lang {
			return v
		}
	}
	return versionLabels{title: l.title, summary: l.summary, story: l.story, photoAlt: l.photoAlt}
}

// words writes the form's texts in the site's languages.
type words struct {
	strs  *theme.Strings
	langs []config.Language // the default language first
}

func newWords(root string, cfg *config.Config) (*words, error) {
	s, err := theme.LoadStrings(root, cfg)
	if err != nil {
		return nil, fmt.Errorf("the story form's texts: %w", err)
	}
	return &words{strs: s, langs: cfg.Languages}, nil
}

// in is key's text in lang, formatted with args. A text that uses none of
// them (a shorter translation) is taken as it is.
func (w *words) in(lang, key string, args ...any) string {
	t, _ := w.strs.Text(lang, key)
	if len(args) == 0 || !strings.Contains(t, "%") {
		return t
	}
	return fmt.Sprintf(t, args...)
}

// all is key's text in every site language, the default first, joined by
// sep; a language whose text is the same as an earlier one's is left out,
// so a one-language site has its own text alone.
func (w *words) all(sep, key string, args ...any) string {
	return w.join(sep, w.langs, func(lang string) string { return w.in(lang, key, args...) })
}

func (w *words) join(sep string, langs []config.Language, text func(lang string) string) string {
	var out []string
	for _, l := range langs {
		if t := text(l.Code); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return strings.Join(out, sep)
}

// about is key, a text naming the language about (storyFor*), in every
// site language, joined by sep. The section of a language speaks that
// language first when first is set.
func (w *words) about(sep, key string, about config.Language, first bool) string {
	langs := w.langs
	if first {
		langs = append([]config.Language{about}, without(w.langs, about.Code)...)
	}
	return w.join(sep, langs, func(lang string) string {
		return upperFirst(w.in(lang, key, w.languageName(lang, about)))
	})
}

// languageName is the name of the language about as lang writes it in a
// sentence (theme string language<Code>), or site.yaml's name for it.
func (w *words) languageName(lang string, about config.Language) string {
	key := "language" + upperFirst(about.Code)
	if w.strs.Own(lang, key) {
		t, _ := w.strs.Text(lang, key)
		return t
	}
	return about.Name
}

// labels are the form's labels in the site's languages.
func (w *words) labels() formLabels {
	l := formLabels{
		title: w.all(" / ", "storyTitle"), summary: w.all(" / ", "storySummary"), date: w.all(" / ", "storyDate"),
		partners: w.all(" / ", "storyPartners"), newPartners: w.all(" / ", "storyNewPartners"),
		sectors: w.all(" / ", "storySectors"), faculties: w.all(" / ", "storyFaculties"),
		story: w.all(" / ", "storyText"), photo: w.all(" / ", "storyPhoto"), photoAlt: w.all(" / ", "storyPhotoAlt"),
		consent: w.all(" / ", "storyConsent"), consentBox: w.all(" / ", "storyConsentBox"),
		sourceTitle: w.all(" / ", "storySourceTitle"), sourcePublisher: w.all(" / ", "storySourcePublisher"),
		sourceDate: w.all(" / ", "storySourceDate"), sourceURL: w.all(" / ", "storySourceURL"),
	}
	for _, lang := range w.langs[1:] {
		l.versions = append(l.versions, versionLabels{lang: lang,
			title: w.about(" / ", "storyForTitle", lang, false), summary: w.about(" / ", "storyForSummary", lang, false),
			story: w.about(" / ", "storyForText", lang, false), photoAlt: w.about(" / ", "storyForPhotoAlt", lang, false)})
	}
	return l
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func without(langs []config.Language, code string) []config.Language {
	var out []config.Language
	for _, l := range langs {
		if l.Code != code {
			out = append(out, l)
		}
	}
	return out
}
