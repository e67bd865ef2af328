package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	dt "github.com/uio-partner/portal/internal/document/documenttest"
	"github.com/uio-partner/portal/internal/sitetest"
)

// portal check refuses the documents the build refuses, at the page's line.
func TestCheckRefusesBadDocuments(t *testing.T) {
	root := sitetest.Fixture(t)
	const page = "content/agreements/non-disclosure-agreement.md"
	sitetest.WriteFile(t, root, "content/agreements/nda.docx", string(dt.DOCXWithMacros()))
	sitetest.WriteFile(t, root, "content/agreements/nda.pdf", string(dt.PDF("/AA << /O << /S /JavaScript /JS (x) >> >>", "", false)))
	data, err := os.ReadFile(filepath.Join(root, page))
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, root, page, strings.Replace(string(data), "---\n", "---\ndocuments:\n  - {file: nda.docx, title: A}\n  - {file: nda.pdf, title: B}\n", 1))
	got := Run(context.Background(), Options{Source: root}).Error()
	for _, want := range []string{
		page + `:3:5: document "nda.docx": the document holds macros`,
		page + `:4:5: document "nda.pdf": the PDF holds script`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("portal check does not report %s:\n%s", want, got)
		}
	}
}
