package theme

import (
	"html/template"
	"strings"
	"testing"
)

// TestCheckCached: what a cached partial may read given its keys, followed
// through with, range, variables and the partials it calls, and where the
// error points when it reads more.
func TestCheckCached(t *testing.T) {
	const base = `<html>{{ template "partials/top.html" . }}{{ block "main" . }}{{ end }}</html>`
	for _, tc := range []struct {
		name  string
		call  string // partials/top.html, which calls partials/x.html
		x     string // partials/x.html
		want  string // the error, "" for none
		where string // its position
	}{
		{name: "language only", call: `{{ partialCached "partials/x.html" . .Lang.Code }}`,
			x: `{{ .I.home }} {{ .RelURL "/" }} {{ range .Lang.Sections }}<a href="{{ .URL }}">{{ $.T "x" .Title }}</a>{{ end }}{{ with .Ref "about" }}{{ .Title }}{{ end }}{{ .Site.Config.BaseURL }}`},
		{name: "page read through a variable", call: `{{ partialCached "partials/x.html" . .Lang.Code }}`,
			x:    "{{ $p := .Page }}\n{{ if $p }}{{ $p.Title }}{{ end }}",
			want: "reads .Page, which", where: "layouts/partials/x.html:2:7"},
		{name: "page field in the keys", call: `{{ partialCached "partials/x.html" . .Lang.Code .Page.Layout (.Page.String "topic") }}`,
			x: `{{ $p := .Page }}{{ if ne $p.Layout "contact" }}{{ $t := $p.String "topic" }}{{ .TopicLabel $t }}{{ end }}`},
		{name: "key that is another field", call: `{{ partialCached "partials/x.html" . .Lang.Code .Page.Layout }}`,
			x:    `{{ .Page.Layout }} {{ .Page.String "topic" }}`,
			want: `reads .Page.String "topic"`, where: "layouts/partials/x.html:1:28"},
		{name: "section decided by its name", call: `{{ partialCached "partials/x.html" . .Lang.Code .SectionName .Kind }}`,
			x: `{{ if and .Section (ne .Kind "section") }}{{ .Section.Title }}{{ end }}{{ range .Lang.Sections }}{{ if $.IsSection .Name }}*{{ end }}{{ end }}`},
		{name: "no language key", call: `{{ partialCached "partials/x.html" . .Kind }}`,
			x:    `{{ .Kind }} {{ .I.home }}`,
			want: "add .Lang.Code to the keys", where: "layouts/partials/x.html:1:18"},
		{name: "computed key decides nothing", call: `{{ partialCached "partials/x.html" . .Lang.Code (eq .Kind "home") }}`,
			x:    `{{ if eq .Kind "home" }}home{{ end }}`,
			want: "reads .Kind", where: "layouts/partials/x.html:1:10"},
		{name: "page read in a partial it calls", call: `{{ partialCached "partials/x.html" . .Lang.Code }}`,
			x:    `{{ template "partials/y.html" .Page }}`,
			want: "reads .Page.Title", where: "layouts/partials/y.html:1:4"},
		{name: "page read in with", call: `{{ partialCached "partials/x.html" . .Lang.Code }}`,
			x:    `{{ with .Page }}{{ .Title }}{{ end }}`,
			want: "reads .Page,", where: "layouts/partials/x.html:1:9"},
		{name: "page passed to a function", call: `{{ partialCached "partials/x.html" . .Lang.Code }}`,
			x:    `{{ truncate 10 .Title }}`,
			want: "reads .Title", where: "layouts/partials/x.html:1:16"},
		{name: "unknown field is the renderer's to report", call: `{{ partialCached "partials/x.html" . .Lang.Code }}`,
			x: `{{ .NoSuchField }}`},
		{name: "uncached partial may read the page", call: `{{ template "partials/x.html" . }}`,
			x: `{{ .Page.Title }}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{
				baseTemplate:           base,
				"_default/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}`,
				"partials/top.html":    tc.call,
				"partials/x.html":      tc.x,
				"partials/y.html":      `{{ .Title }}`,
			}
			stub := template.FuncMap{"partialCached": func(string, any, ...any) (template.HTML, error) { return "", nil }}
			ls, err := parseLayouts(files, stub)
			if err != nil {
				t.Fatal(err)
			}
			errs := checkCached(ls)
			if tc.want == "" {
				if len(errs) > 0 {
					t.Fatalf("errors: %v", errs)
				}
				return
			}
			for _, d := range errs {
				if got := d.String(); strings.HasPrefix(got, tc.where+": error: ") && strings.Contains(got, tc.want) {
					return
				}
			}
			t.Errorf("got %v\nwant %s: …%s…", errs, tc.where, tc.want)
		})
	}
}
