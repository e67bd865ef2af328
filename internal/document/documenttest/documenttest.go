// Package documenttest makes documents in code for tests: small valid
// office files and PDFs, and the hostile ones the site must refuse (macros,
// script, ZIP bombs).
package documenttest

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"fmt"
)

// Part is one file inside a ZIP package.
type Part struct {
	Name  string
	Data  []byte
	Store bool // stored, not deflated (ODF's mimetype must be)
}

// Zip packs parts into a ZIP archive.
func Zip(parts ...Part) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, p := range parts {
		h := &zip.FileHeader{Name: p.Name, Method: zip.Deflate}
		if p.Store {
			h.Method = zip.Store
		}
		f, err := w.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		if _, err := f.Write(p.Data); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// contentTypes is an OOXML [Content_Types].xml naming main as the main
// part's content type.
func contentTypes(main string, extra string) Part {
	return Part{Name: "[Content_Types].xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="xml" ContentType="application/xml"/>` + extra +
		`<Override PartName="/main.xml" ContentType="` + main + `"/></Types>`)}
}

// DOCX is a small Word document.
func DOCX() []byte {
	return Zip(contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", ""),
		Part{Name: "word/document.xml", Data: []byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Agreement</w:t></w:r></w:p></w:body></w:document>`)})
}

// XLSX is a small spreadsheet.
func XLSX() []byte {
	return Zip(contentTypes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", ""), Part{Name: "xl/workbook.xml", Data: []byte("<workbook/>")})
}

// PPTX is a small presentation.
func PPTX() []byte {
	return Zip(contentTypes("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", ""), Part{Name: "ppt/presentation.xml", Data: []byte("<presentation/>")})
}

// ODF is an OpenDocument package of the given mimetype.
func ODF(mimetype string) []byte {
	return Zip(Part{Name: "mimetype", Data: []byte(mimetype), Store: true}, Part{Name: "content.xml", Data: []byte("<office:document-content/>")})
}

// ODT is a small OpenDocument text.
func ODT() []byte { return ODF("application/vnd.oasis.opendocument.text") }

// ODS is a small OpenDocument spreadsheet.
func ODS() []byte { return ODF("application/vnd.oasis.opendocument.spreadsheet") }

// DOCXWithMacros is a Word document with a VBA project inside, under a
// .docx name's content types.
func DOCXWithMacros() []byte {
	return Zip(contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", ""),
		Part{Name: "word/document.xml", Data: []byte("<w:document/>")}, Part{Name: "word/vbaProject.bin", Data: []byte("\xd0\xcf\x11\xe0macro")})
}

// DOCM is a macro-enabled Word document's content (its content types say so).
func DOCM() []byte {
	return Zip(contentTypes("application/vnd.ms-word.document.macroEnabled.main+xml", ""), Part{Name: "word/document.xml", Data: []byte("<w:document/>")})
}

// ODTWithMacros is an OpenDocument text with a Basic module.
func ODTWithMacros() []byte {
	return Zip(Part{Name: "mimetype", Data: []byte("application/vnd.oasis.opendocument.text"), Store: true},
		Part{Name: "content.xml", Data: []byte("<office:document-content/>")}, Part{Name: "Basic/Standard/Module1.xml", Data: []byte("<script:module/>")})
}

// Bomb is a DOCX-looking archive with a part of n zero bytes, which
// deflate packs a thousand times smaller.
func Bomb(n int) []byte {
	return Zip(contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", ""),
		Part{Name: "word/document.xml", Data: make([]byte, n)})
}

// PDF is a minimal PDF whose objects hold extra (such as a script
// action), and whose one stream holds stream, deflated when deflate.
func PDF(extra, stream string, deflate bool) []byte {
	body := []byte(stream)
	filter := ""
	if deflate {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(body)
		w.Close()
		body, filter = z.Bytes(), " /Filter /FlateDecode"
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	b.WriteString("1 0 obj << /Type /Catalog /Pages 2 0 R " + extra + " >> endobj\n")
	b.WriteString("2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n")
	fmt.Fprintf(&b, "3 0 obj << /Length %d%s >>\nstream\n", len(body), filter)
	b.Write(body)
	b.WriteString("\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	return b.Bytes()
}
