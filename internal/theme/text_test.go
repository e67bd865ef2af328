package theme

import (
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/site"
)

const svEnSite = `title: {sv: Samverkan, en: Partnership}
baseURL: https://samverkan.example.se/
languages:
  - {code: sv, name: Svenska, locale: sv_SE}
  - {code: en, name: English, locale: en_GB}
sections: [{name: news, title: {sv: Nyheter, en: News}}]
`

func svEnConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte(svEnSite))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestDatesByLocale: the theme writes dates by each language's CLDR
// locale from site.yaml, a Swedish one as Swedish does.
func TestDatesByLocale(t *testing.T) {
	cfg := svEnConfig(t)
	may1 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for code, want := range map[string][3]string{
		"sv": {"1 maj 2024", "maj 2024", "sv-SE"},
		"en": {"1 May 2024", "May 2024", "en-GB"},
	} {
		v := &View{Site: &SiteView{Config: cfg}, Lang: &site.Lang{Code: code}}
		got := [3]string{v.Date(may1), v.SourceDate(content.SourceDate{Time: may1, Precision: content.Month}), v.LocaleTag()}
		if got != want {
			t.Errorf("%s: Date, SourceDate (month), LocaleTag = %q, want %q", code, got, want)
		}
	}
}

// TestStringsMissing: a language without its theme-strings file, a key
// one language has and another lacks, and a key a layout names that no
// language has are errors at their file and line.
func TestStringsMissing(t *testing.T) {
	cfg := svEnConfig(t)
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"a language's file is missing", map[string]string{"i18n/sv.yaml": "search: Sök\n"},
			[]string{"layouts/i18n/en.yaml: missing: the theme strings of en (English)"}},
		{"a key in one language only", map[string]string{"i18n/sv.yaml": "search: Sök\nhome: Hem\n", "i18n/en.yaml": "search: Search\n"},
			[]string{`layouts/i18n/sv.yaml:2:1: theme string "home" is missing from layouts/i18n/en.yaml`}},
	} {
		s, errs := loadStrings(tt.files, cfg, new(diag.List))
		if errs.HasErrors() {
			t.Fatal(errs.Err())
		}
		err := s.gaps.Err()
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error lacks %q:\n%v", tt.name, w, err)
			}
		}
	}
	files := map[string]string{"i18n/sv.yaml": "search: Sök\n", "i18n/en.yaml": "search: Search\n",
		"partials/header.html": "<a>{{ .I.search }}</a>\n<b>{{ .I.ctaTopic }}</b> {{ .T \"home\" }}"}
	s, errs := loadStrings(files, cfg, new(diag.List))
	if errs.HasErrors() {
		t.Fatal(errs.Err())
	}
	got := unknownStrings(files, s, "sv").Err()
	for _, w := range []string{`layouts/partials/header.html:2:10: theme string "ctaTopic" is in no language's strings`, `layouts/partials/header.html:2:33: theme string "home"`} {
		if got == nil || !strings.Contains(got.Error(), w) {
			t.Errorf("unknownStrings lacks %q:\n%v", w, got)
		}
	}
	if strings.Contains(got.Error(), `"search"`) {
		t.Errorf("a key every language has is reported:\n%v", got)
	}
}
