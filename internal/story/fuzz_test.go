package story

import (
	"errors"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/issueform"
)

// FuzzRead: whatever an issue's body holds, reading it as the story form
// never panics and either refuses it with problems or gives answers whose
// pages read back exactly as written (page's verify): no answer can add a
// field, end the front matter or leave its field. The seeds are the
// fixtures and answers aimed at the front matter.
func FuzzRead(f *testing.F) {
	s := mustSite(f)
	labels := template(s).FieldLabels()
	for _, name := range []string{"full.md", "minimal.md"} {
		f.Add(body(f, name), "")
	}
	f.Add(body(f, "minimal.md"), "---\ntitle: x\n---")
	f.Add(body(f, "minimal.md"), "Roche: \"a\"\n\n### Summary / Sammendrag\n\n---")
	f.Add(body(f, "minimal.md"), "\u202e\x00\ufeff'\"")
	f.Fuzz(func(t *testing.T, b, answer string) {
		if answer != "" {
			// Put the answer into every field in turn, keeping the
			// form's headings, as an edited body can.
			r, _ := issueform.Parse(b, labels)
			answers := map[string]string{}
			for _, l := range labels {
				answers[l] = r.Text(l)
			}
			answers[labels[len(answer)%len(labels)]] = answer
			b = issueform.Render(labels, answers)
		}
		issue := &Issue{Number: 1, Body: b, HTMLURL: "https://github.com/o/r/issues/1", CreatedAt: now}
		sub, err := read(s, issue, now)
		var refusal *Refusal
		switch {
		case errors.As(err, &refusal):
			if len(refusal.Problems) == 0 {
				t.Fatal("a refusal without a problem")
			}
			for _, p := range refusal.Problems {
				if strings.TrimSpace(p.Msg) == "" {
					t.Fatal("a problem without a message")
				}
			}
			return
		case err != nil:
			t.Fatal(err)
		}
		if _, _, err := s.files(&Event{Issue: *issue}, sub, nil); err != nil {
			t.Fatalf("accepted answers do not make sound pages: %v", err)
		}
	})
}
