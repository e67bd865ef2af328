package scaffold

import (
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// FuzzYAMLScalar: whatever the title, "title: <yamlScalar(title)>" reads back
// as the same title, so a colon, quote or # in a title never breaks a page.
func FuzzYAMLScalar(f *testing.F) {
	for _, s := range []string{"Økt samarbeid", "Roche: ten years", `"quoted"`, "# not a comment", "yes", "2024-01-01", "- dash", "a\nb", "  spaced  ", "{x}", "[x]", "null", "~", "'", "%x", "@x", "`x`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		var got struct{ Title string }
		if err := yaml.Unmarshal([]byte("title: "+yamlScalar(s)+"\n"), &got); err != nil {
			t.Fatalf("yamlScalar(%q) = %q: %v", s, yamlScalar(s), err)
		}
		if got.Title != s {
			t.Fatalf("yamlScalar(%q) = %q reads back as %q", s, yamlScalar(s), got.Title)
		}
	})
}
