package theme_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/sitetest"
	"github.com/uio-partner/portal/internal/theme"
)

// themeSite is a site with a theme of its own and no pages: the theme is
// tested on its own, with views made by hand.
const themeSite = `
-- site.yaml --
title: {en: Theme test, nb: Tematest}
description: {en: A test., nb: En test.}
baseURL: https://theme.example.org/
languages:
  - {code: en, name: English, locale: en_GB}
  - {code: nb, name: Norsk, locale: nb_NO}
organisation:
  name: Test University
  url: https://uni.example.org/
fields:
  title: {type: string, max: 80}
sections:
  - name: stories
    title: {en: Stories, nb: Historier}
    required: [title]
-- layouts/_default/baseof.html --
<!DOCTYPE html>
<html lang="{{ .Lang.Code }}">
<body class="kind-{{ .Kind }}">
  {{ block "main" . }}{{ end }}
</body>
</html>
-- layouts/_default/single.html --
{{ define "main" }}<h1>{{ .Title }}</h1>
  {{ if eq .Kind "contact" }}<p>contact form</p>{{ end }}{{ end }}
-- layouts/index.html --
{{ define "main" }}<h1>{{ if eq .Kind "home" }}{{ .SiteTitle }}{{ end }}</h1> <p>{{ .T "greeting" }}</p>{{ end }}
-- layouts/_default/broken.html --
{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ .NoSuchField }}</p>{{ end }}
-- layouts/i18n/en.yaml --
greeting: Hello
-- layouts/i18n/nb.yaml --
greeting: Hei
`

// loadTheme loads themeSite's theme with minify (nil for none) and a
// model of the site for views.
func loadTheme(t *testing.T, minify theme.Minifier, overrides ...string) (*theme.Theme, *theme.SiteView, error) {
	t.Helper()
	root := sitetest.Write(t, themeSite, overrides...)
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	m, err := site.New(cfg, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	th, err := theme.Load(root, cfg, minify)
	return th, &theme.SiteView{Config: cfg, Languages: m.Langs}, err
}

func render(t *testing.T, th *theme.Theme, v *theme.View, names ...string) string {
	t.Helper()
	var b bytes.Buffer
	if err := th.Render(&b, v, "", names...); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestViewKind: layouts see the output's site.Kind, print it and compare
// it with the kind's word.
func TestViewKind(t *testing.T) {
	th, sv, err := loadTheme(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	en, nb := sv.Languages[0], sv.Languages[1]
	home := render(t, th, th.NewView(site.HomeOutput, sv, nb, nb.HomeURL()), "index.html")
	for _, want := range []string{`<html lang="nb">`, `class="kind-home"`, "<h1>Tematest</h1>", "<p>Hei</p>"} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %s:\n%s", want, home)
		}
	}
	v := th.NewView(site.ContactOutput, sv, en, "/contact/")
	v.Title = "Contact"
	contact := render(t, th, v, "_default/single.html")
	if !strings.Contains(contact, `class="kind-contact"`) || !strings.Contains(contact, "contact form") {
		t.Errorf("contact page:\n%s", contact)
	}
	v = th.NewView(site.StandaloneOutput, sv, en, "/about/")
	if about := render(t, th, v, "_default/single.html"); !strings.Contains(about, `class="kind-standalone"`) || strings.Contains(about, "contact form") {
		t.Errorf("standalone page:\n%s", about)
	}
	if v.Canonical != "https://theme.example.org/about/" {
		t.Errorf("Canonical = %q", v.Canonical)
	}
}

// TestMinifier: the theme minifies its layouts once with the minifier it
// is handed (the build hands it the publisher's), and renders as written
// when the minifier cannot read them.
func TestMinifier(t *testing.T) {
	var seen []string
	squash := func(src string) (string, error) {
		seen = append(seen, src)
		return strings.Join(strings.Fields(src), " "), nil
	}
	th, sv, err := loadTheme(t, squash)
	if err != nil {
		t.Fatal(err)
	}
	if !th.Minified() || len(seen) == 0 {
		t.Fatalf("Minified() = %v after %d layouts minified", th.Minified(), len(seen))
	}
	en := sv.Languages[0]
	if out := render(t, th, th.NewView(site.HomeOutput, sv, en, "/"), "index.html"); strings.Contains(out, "\n") {
		t.Errorf("rendered from the layouts as written:\n%s", out)
	}

	failing := func(string) (string, error) { return "", errors.New("cannot read it") }
	th, sv, err = loadTheme(t, failing)
	if err != nil {
		t.Fatal(err)
	}
	if th.Minified() {
		t.Error("Minified() after the minifier failed")
	}
	if out := render(t, th, th.NewView(site.HomeOutput, sv, sv.Languages[0], "/"), "index.html"); !strings.Contains(out, "\n") {
		t.Errorf("want the layouts as written:\n%s", out)
	}

	// A minifier that breaks a layout's actions fails the load.
	breaking := func(src string) (string, error) { return strings.ReplaceAll(src, "{{ end }}", ""), nil }
	if _, _, err := loadTheme(t, breaking); err == nil || !strings.Contains(err.Error(), "layouts/_default/") {
		t.Errorf("Load with a breaking minifier: %v", err)
	}
}

// TestRenderError: a layout that fails is an error at its file and line as
// written, minified or not, naming the page being rendered.
func TestRenderError(t *testing.T) {
	for _, minify := range []theme.Minifier{nil, func(src string) (string, error) { return strings.Join(strings.Fields(src), " "), nil }} {
		th, sv, err := loadTheme(t, minify)
		if err != nil {
			t.Fatal(err)
		}
		v := th.NewView(site.PageOutput, sv, sv.Languages[0], "/stories/x/")
		err = th.Render(&bytes.Buffer{}, v, "content/stories/x.md", "_default/broken.html")
		var d *diag.Diagnostic
		if !errors.As(err, &d) || d.File != "layouts/_default/broken.html" || d.Line != 2 || !strings.Contains(d.Msg, "NoSuchField") || !strings.Contains(d.Msg, "content/stories/x.md") {
			t.Errorf("minify %v: error %v, want layouts/_default/broken.html:2 naming NoSuchField and the page", minify != nil, err)
		}
	}
}

// TestLayoutError: a layout that does not parse is an error at its line.
func TestLayoutError(t *testing.T) {
	_, _, err := loadTheme(t, nil, "layouts/_default/list.html", "{{ define \"main\" }}\n<h1>{{ .Title }</h1>{{ end }}\n")
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/_default/list.html:2:") {
		t.Errorf("error %v, want one at layouts/_default/list.html:2", err)
	}
}

// TestLayoutsFor: which layouts a page tries, and a layout: that names
// none of the theme's.
func TestLayoutsFor(t *testing.T) {
	th, _, err := loadTheme(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		page content.Page
		want string
	}{
		{content.Page{Section: "stories"}, "stories/single.html _default/single.html"},
		{content.Page{}, "_default/single.html"},
		{content.Page{Layout: "contact"}, "/contact.html _default/contact.html"},
		{content.Page{Section: "stories", Layout: "broken"}, "stories/broken.html _default/broken.html"},
	} {
		if got := strings.Join(theme.LayoutsFor(&tc.page), " "); got != tc.want {
			t.Errorf("LayoutsFor(%+v) = %s, want %s", tc.page, got, tc.want)
		}
	}
	if d := th.CheckLayout(&content.Page{File: "content/about.md", Layout: "broken"}); d != nil {
		t.Errorf("CheckLayout of an existing layout: %v", d)
	}
	if d := th.CheckLayout(&content.Page{File: "content/about.md", Layout: "nosuch"}); d == nil || d.File != "content/about.md" {
		t.Errorf("CheckLayout of a missing layout: %v", d)
	}
}
