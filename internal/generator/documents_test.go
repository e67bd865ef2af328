package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	dt "github.com/uio-partner/portal/internal/document/documenttest"
	"github.com/uio-partner/portal/internal/sitetest"
)

// offer adds a documents: list (entries as YAML flow maps) right after the
// opening --- of the content file rel: "documents:" is line 2, the first
// entry line 3, column 5.
func offer(t *testing.T, root, rel string, entries ...string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	list := "documents:\n"
	for _, e := range entries {
		list += "  - " + e + "\n"
	}
	sitetest.WriteFile(t, root, rel, strings.Replace(string(data), "---\n", "---\n"+list, 1))
}

// A page lists each document it offers with title, format, size and
// language, and the file is published unchanged beside the page.
func TestDocumentsAreListedAndPublishedByteForByte(t *testing.T) {
	root := sitetest.Fixture(t)
	docx, pdf := dt.DOCX(), dt.PDF("", "BT (NDA) Tj ET", true)
	sitetest.WriteFile(t, root, "content/agreements/nda-template.docx", string(docx))
	sitetest.WriteFile(t, root, "content/agreements/nda-guide.pdf", string(pdf))
	offer(t, root, "content/agreements/non-disclosure-agreement.md", "{file: nda-template.docx, title: Non-disclosure agreement template}", "{file: nda-guide.pdf, title: How to fill it in, lang: nb}")
	offer(t, root, "content/agreements/non-disclosure-agreement.nb.md", "{file: nda-template.docx, title: Mal for taushetserklæring, lang: en}")
	out := buildSite(t, root, Options{}) // minified: documents must not be
	for name, want := range map[string][]byte{"agreements/nda-template.docx": docx, "agreements/nda-guide.pdf": pdf} {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is not published byte for byte (%v)", name, err)
		}
	}
	assertContains(t, out, "agreements/non-disclosure-agreement/index.html",
		`<a href="/agreements/nda-template.docx" hreflang="en" download>Non-disclosure agreement template</a> <span class=meta>(DOCX, 1 KB, <span lang="en">English</span>)</span>`,
		`<a href="/agreements/nda-guide.pdf" hreflang="nb" download>How to fill it in</a> <span class=meta>(PDF, 1 KB, <span lang="nb">Norsk</span>)</span>`)
	assertContains(t, out, "nb/agreements/non-disclosure-agreement/index.html",
		`<a href="/agreements/nda-template.docx" hreflang="en" download>Mal for taushetserklæring</a>`)
}

// Each document that must not be published is refused at the line of the
// page that names it, and public/ is left untouched.
func TestDocumentsRefused(t *testing.T) {
	const page = "content/agreements/non-disclosure-agreement.md"
	tests := []struct {
		name  string
		file  string // written beside the page with data, unless ""
		data  []byte
		entry string
		want  string
	}{
		{"macro-enabled name", "nda.docm", dt.DOCX(), "{file: nda.docm, title: T}", `document "nda.docm": .docm is a macro-enabled office file`},
		{"macros inside", "nda.docx", dt.DOCXWithMacros(), "{file: nda.docx, title: T}", `document "nda.docx": the document holds macros`},
		{"not what its name says", "nda.docx", dt.PDF("", "", false), "{file: nda.docx, title: T}", `document "nda.docx": the file is not what its name says`},
		{"missing", "", nil, "{file: nda.docx, title: T}", `document "nda.docx": the file does not exist`},
		{"empty", "nda.pdf", []byte{}, "{file: nda.pdf, title: T}", `document "nda.pdf": the file is empty`},
		{"a ZIP bomb dressed as DOCX", "nda.docx", dt.Bomb(30 << 20), "{file: nda.docx, title: T}", `document "nda.docx": the archive's part "word/document.xml" unpacks to`},
		{"a PDF with JavaScript", "nda.pdf", dt.PDF("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "", false), "{file: nda.pdf, title: T}", `document "nda.pdf": the PDF holds script`},
		{"a name with ..", "", nil, "{file: ../nda.pdf, title: T}", `front matter: document file "../nda.pdf" must be a plain name`},
		{"a name with spaces", "", nil, "{file: nda template.pdf, title: T}", `front matter: document file "nda template.pdf" must be a plain name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := sitetest.Fixture(t)
			if tt.file != "" {
				sitetest.WriteFile(t, root, "content/agreements/"+tt.file, string(tt.data))
			}
			offer(t, root, page, tt.entry)
			col := 5
			if strings.HasPrefix(tt.want, "front matter") {
				col = 12 // the file name's value
			}
			assertDiagnostics(t, buildErr(t, root), []string{page + ":3:" + strconv.Itoa(col) + ": " + tt.want})
		})
	}
	t.Run("over 20 MB", func(t *testing.T) {
		root := sitetest.Fixture(t)
		p := filepath.Join(root, "content", "agreements", "nda.pdf")
		sitetest.WriteFile(t, root, "content/agreements/nda.pdf", string(dt.PDF("", "", false)))
		if err := os.Truncate(p, 20<<20+1); err != nil {
			t.Fatal(err)
		}
		offer(t, root, page, "{file: nda.pdf, title: T}")
		assertDiagnostics(t, buildErr(t, root), []string{page + `:3:5: document "nda.pdf": the file is 20.0 MB; the most a document may be is 20 MB`})
	})
	// A story from the form becomes a case study, and case studies cannot
	// offer documents: a pull request adding one to a story fails.
	t.Run("a case study offering a document", func(t *testing.T) {
		root := sitetest.Fixture(t)
		sitetest.WriteFile(t, root, "content/case-studies/nda.pdf", string(dt.PDF("", "", false)))
		offer(t, root, "content/case-studies/roche-agreement-2021.md", "{file: nda.pdf, title: T}")
		assertDiagnostics(t, buildErr(t, root), []string{
			`content/case-studies/nda.pdf: only Markdown (.md) files, the JPEG, PNG and WebP pictures pages show and the documents pages offer`,
			`content/case-studies/roche-agreement-2021.md:2:1: front matter: case-studies pages cannot offer documents`,
		})
	})
	t.Run("two pages naming one file", func(t *testing.T) {
		root := sitetest.Fixture(t)
		sitetest.WriteFile(t, root, "content/agreements/nda.pdf", string(dt.PDF("", "", false)))
		offer(t, root, page, "{file: nda.pdf, title: T}")
		offer(t, root, "content/agreements/research-collaboration-agreement.md", "{file: nda.pdf, title: T}")
		assertDiagnostics(t, buildErr(t, root), []string{`content/agreements/research-collaboration-agreement.md:3:5: document "nda.pdf" is offered by ` + page + ` too`})
	})
}

// The preview publishes a changed document at once, unchanged.
func TestIncrementalBuildCopiesAChangedDocument(t *testing.T) {
	root := sitetest.Fixture(t)
	sitetest.WriteFile(t, root, "content/agreements/nda.pdf", string(dt.PDF("", "one", false)))
	offer(t, root, "content/agreements/non-disclosure-agreement.md", "{file: nda.pdf, title: T}")
	out := filepath.Join(t.TempDir(), "public")
	sess, _, err := Open(context.Background(), Options{Source: root, Out: out, Now: testNow, NoMinify: true})
	if err != nil {
		t.Fatal(err)
	}
	two := dt.PDF("", "two", false)
	sitetest.WriteFile(t, root, "content/agreements/nda.pdf", string(two))
	if _, err := sess.Update(context.Background(), []string{"content/agreements/nda.pdf"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "agreements", "nda.pdf")); !bytes.Equal(got, two) {
		t.Error("the changed document was not published")
	}
}
