package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/diag"
)

func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("..", "..", FileName)); err == nil {
		f.Add(data)
	}
	cases, _ := filepath.Glob(filepath.Join("testdata", "errors", "*.yaml"))
	for _, c := range cases {
		if data, err := os.ReadFile(c); err == nil {
			f.Add(data)
		}
	}
	for _, seed := range []string{
		"",
		"title: T\nbaseURL: https://x.example/\nlanguages: [{code: en}]\nsections: [{name: a}]\n",
		"languages: []\n",
		"languages: [{code: ''}]\nsections: [{name: a, sort: '-'}]\n",
		"sections: [{name: a, sort: -missing, required: [nope]}]\n",
		"taxonomies: [{name: a, path: a}, {name: a}]\nsections: [{name: a}]\n",
		"fields: {x: {type: list}}\ntaxonomies: [{name: x}]\n",
		"contact: {topics: [{id: x, to: ['a <b@c>'], webhook: 'ftp://x'}]}\n",
		"title: &a {en: x}\ndescription: *a\n",
		"paginate: -1\n",
		"- a\n- b\n",
		"!!binary abc",
		"base: &b {name: a, titel: x}\nsections: [*b, {<<: *b, name: b}]\n<<: {paginate: 3}\n",
		"title: {en: a, b, c}\nsections: [{name: a, title: x, y, z}]\n",
		"title: a\n---\nb: c\n",
		"contact:\n  topics:\n    - id: a\n  to: [x]\norganisation:\nname: b\n",
		"a:\n\tb: c\n",
		"sections:\n  - name: a\n  title: b\n",
		"? [a]\n: b\n: c\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err == nil {
			if c == nil || len(c.Languages) == 0 || len(c.Sections) == 0 || c.Paginate <= 0 || !strings.HasSuffix(c.BaseURL, "/") {
				t.Fatalf("accepted an unusable config: %+v", c)
			}
			return
		}
		list, ok := diag.AsList(err)
		if !ok {
			t.Fatalf("error %T %q is not a diagnostic", err, err)
		}
		for _, d := range list {
			if d.File != FileName || d.Line < 1 {
				t.Fatalf("%q is not at a line of %s", d, FileName)
			}
			if goWords.MatchString(d.Msg) {
				t.Fatalf("%q names Go types", d)
			}
		}
	})
}
