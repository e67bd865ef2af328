package config

import (
	"errors"
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
		var list diag.List
		var d *diag.Diagnostic
		if !errors.As(err, &list) && !errors.As(err, &d) {
			t.Fatalf("error %T %q is not a diagnostic", err, err)
		}
		if !strings.HasPrefix(err.Error(), FileName) {
			t.Fatalf("error %q does not name %s", err, FileName)
		}
	})
}
