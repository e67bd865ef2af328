package document_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/document"
	dt "github.com/uio-partner/portal/internal/document/documenttest"
)

func write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestInspectAllowsEachFormatByItsContent(t *testing.T) {
	for name, data := range map[string][]byte{
		"a.docx": dt.DOCX(), "a.xlsx": dt.XLSX(), "a.pptx": dt.PPTX(), "a.odt": dt.ODT(), "a.ods": dt.ODS(),
		"a.pdf": dt.PDF("", "BT /F1 12 Tf (Hello) Tj ET", true), "upper.PDF": dt.PDF("/OpenAction [3 0 R /Fit]", "", false),
	} {
		info, err := document.Inspect(write(t, name, data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if want := strings.ToUpper(strings.TrimPrefix(filepath.Ext(name), ".")); info.Format.Name != want || info.Size != int64(len(data)) {
			t.Errorf("%s: got %+v, want %s of %d bytes", name, info, want, len(data))
		}
	}
}

func TestInspectRefuses(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.pdf")
	if err := os.WriteFile(big, dt.PDF("", "", false), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, document.MaxSize+1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want string
	}{
		{"macro-enabled name", write(t, "a.docm", dt.DOCX()), "macro-enabled"},
		{"macro-enabled template name", write(t, "a.dotm", dt.DOCX()), "macro-enabled"},
		{"macros inside a .docx", write(t, "a.docx", dt.DOCXWithMacros()), "holds macros (word/vbaProject.bin)"},
		{"macro-enabled content under a .docx name", write(t, "a.docx", dt.DOCM()), "macro-enabled"},
		{"macros inside an .odt", write(t, "a.odt", dt.ODTWithMacros()), "holds macros (Basic/Standard/Module1.xml)"},
		{"a PDF named .docx", write(t, "a.docx", dt.PDF("", "", false)), "not what its name says: its name says DOCX, its content is PDF"},
		{"a DOCX named .pdf", write(t, "a.pdf", dt.DOCX()), "its name says PDF, its content is DOCX"},
		{"a spreadsheet named .odt", write(t, "a.odt", dt.ODS()), "its content is ODS"},
		{"text named .pdf", write(t, "a.pdf", []byte("hello")), "neither a PDF nor an office document"},
		{"an old Word file", write(t, "a.doc", []byte("\xd0\xcf\x11\xe0")), `".doc" is not a format`},
		{"empty", write(t, "a.pdf", nil), "empty (0 bytes)"},
		{"missing", filepath.Join(t.TempDir(), "nope.pdf"), "does not exist"},
		{"over 20 MB", big, "the most a document may be is 20 MB"},
		{"a ZIP bomb dressed as DOCX", write(t, "a.docx", dt.Bomb(50<<20)), "ZIP bomb"},
		{"a PDF with JavaScript", write(t, "a.pdf", dt.PDF("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "", false)), "holds script (/JavaScript)"},
		{"a PDF with an escaped name", write(t, "a.pdf", dt.PDF("/OpenAction << /S /J#61vaScript >>", "", false)), "holds script (/JavaScript)"},
		{"a PDF with script in a compressed object stream", write(t, "a.pdf", dt.PDF("", "4 0 obj << /S /JS (x) >> endobj", true)), "holds script (/JS)"},
		{"a PDF launching a program", write(t, "a.pdf", dt.PDF("/OpenAction << /S /Launch /F (cmd.exe) >>", "", false)), "holds script (/Launch)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := document.Inspect(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// A bomb is refused from its headers, before 50 MB are inflated.
func BenchmarkInspectBomb(b *testing.B) {
	p := filepath.Join(b.TempDir(), "bomb.docx")
	os.WriteFile(p, dt.Bomb(50<<20), 0o644)
	for b.Loop() {
		document.Inspect(p)
	}
}

// A bomb whose directory claims each part is small is caught while it is
// unpacked: no part is read past what it claims.
func TestInspectRefusesABombThatLiesAboutItsSize(t *testing.T) {
	data := dt.Bomb(900 << 10) // under the ratio check's 1 MB
	// Claim 10 bytes for the big part in the central directory.
	for i := 0; ; {
		j := strings.Index(string(data[i:]), "PK\x01\x02")
		if j < 0 {
			break
		}
		i += j
		n := int(data[i+28]) | int(data[i+29])<<8
		if string(data[i+46:i+46+n]) == "word/document.xml" {
			copy(data[i+24:i+28], []byte{10, 0, 0, 0})
		}
		i += 4
	}
	_, err := document.Inspect(write(t, "a.docx", data))
	if err == nil || !strings.Contains(err.Error(), "document.xml") {
		t.Errorf("got %v, want the lying part refused", err)
	}
}
