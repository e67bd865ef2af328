// Package document identifies the files a page offers for download
// (agreement templates, forms) by their content, and refuses what must not
// be published: a file that is not what its name says, macros, a PDF that
// runs JavaScript, a ZIP bomb dressed as an office file, an empty or
// oversized file. Every read is bounded, so a hostile file costs little.
package document

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// Format is an allowed kind of document.
type Format struct {
	Name string // what readers see: PDF, DOCX, ODT, XLSX, ODS, PPTX
	Ext  string // the extension a file of it must have, with the dot
	MIME string
}

// The formats a page may offer, by extension.
var formats = map[string]Format{
	".pdf":  {"PDF", ".pdf", "application/pdf"},
	".docx": {"DOCX", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	".xlsx": {"XLSX", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	".pptx": {"PPTX", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	".odt":  {"ODT", ".odt", "application/vnd.oasis.opendocument.text"},
	".ods":  {"ODS", ".ods", "application/vnd.oasis.opendocument.spreadsheet"},
}

// macroExts are the extensions of macro-enabled office files.
var macroExts = map[string]bool{".docm": true, ".dotm": true, ".xlsm": true, ".xltm": true, ".xlam": true, ".pptm": true, ".potm": true, ".ppsm": true, ".ppam": true}

// Limits of what is read. MaxSize is the largest file accepted; a ZIP may
// claim at most MaxUnzipped bytes in all and MaxRatio times its
// compressed size in any part over a megabyte, and hold MaxParts parts.
const (
	MaxSize     = 20 << 20
	MaxUnzipped = 100 << 20
	MaxRatio    = 100
	MaxParts    = 5000
	// maxInflated bounds the PDF streams inflated to look for script.
	maxInflated = 100 << 20
)

// Info is what a document is.
type Info struct {
	Format Format
	Size   int64
}

// Problem is why a document is refused, in words for its author.
type Problem struct{ msg string }

func (p *Problem) Error() string { return p.msg }

func refuse(format string, args ...any) error { return &Problem{fmt.Sprintf(format, args...)} }

// Allowed lists the allowed formats' extensions, for messages.
const Allowed = "PDF, DOCX, ODT, XLSX, ODS or PPTX"

// Inspect reads the file at name (its extension decides what it must be)
// and says what it is, or why it cannot be published (a *Problem), or an
// error reading it.
func Inspect(name string) (Info, error) {
	ext := strings.ToLower(path.Ext(name))
	if macroExts[ext] {
		return Info{}, refuse("%s is a macro-enabled office file: macros can run code on a visitor's computer; save it as %s without macros", ext, strings.TrimSuffix(ext, "m")+"x")
	}
	want, ok := formats[ext]
	if !ok {
		return Info{}, refuse("%q is not a format the site publishes: use %s", ext, Allowed)
	}
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Info{}, refuse("the file does not exist (names are case-sensitive)")
		}
		return Info{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Info{}, err
	}
	switch size := st.Size(); {
	case !st.Mode().IsRegular():
		return Info{}, refuse("it is not a regular file")
	case size == 0:
		return Info{}, refuse("the file is empty (0 bytes)")
	case size > MaxSize:
		return Info{}, refuse("the file is %.1f MB; the most a document may be is %d MB", float64(size)/(1<<20), MaxSize>>20)
	}
	got, err := identify(f, st.Size())
	if err != nil {
		return Info{}, err
	}
	if got != want.Name {
		return Info{}, refuse("the file is not what its name says: its name says %s, its content is %s", want.Name, got)
	}
	return Info{Format: want, Size: st.Size()}, nil
}

// identify says which format the content is (a Name of formats, or a
// description of something else), refusing unsafe content on the way.
func identify(f *os.File, size int64) (string, error) {
	head := make([]byte, 1024)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", err
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return identifyZip(f, size)
	case bytes.Contains(head, []byte("%PDF-")):
		data, err := io.ReadAll(io.NewSectionReader(f, 0, size))
		if err != nil {
			return "", err
		}
		if err := pdfScript(data); err != nil {
			return "", err
		}
		return "PDF", nil
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "an old binary Office file (DOC, XLS or PPT)", nil
	}
	return "neither a PDF nor an office document", nil
}

// identifyZip tells OOXML (DOCX, XLSX, PPTX) from ODF (ODT, ODS) by the
// parts that say what a package is, after checking the archive cannot
// unpack to far more than it claims.
func identifyZip(f *os.File, size int64) (string, error) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return "", refuse("the file is a damaged ZIP archive, not a document: %v", err)
	}
	if len(zr.File) > MaxParts {
		return "", refuse("the archive has %d parts; a document has far fewer (at most %d)", len(zr.File), MaxParts)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > 1<<20 && zf.UncompressedSize64 > MaxRatio*max(zf.CompressedSize64, 1) {
			return "", refuse("the archive's part %q unpacks to %d times its size: a ZIP bomb, not a document", zf.Name, zf.UncompressedSize64/max(zf.CompressedSize64, 1))
		}
	}
	if total > MaxUnzipped {
		return "", refuse("the archive unpacks to %d MB; a document unpacks to at most %d MB", total>>20, MaxUnzipped>>20)
	}
	parts := map[string]*zip.File{}
	for _, zf := range zr.File {
		// Every part is unpacked, no further than it claims: a part that
		// holds more is a bomb whose header lies.
		rc, err := zf.Open()
		if err != nil {
			return "", refuse("the archive's part %q cannot be read: %v", zf.Name, err)
		}
		n, err := io.Copy(io.Discard, io.LimitReader(rc, int64(zf.UncompressedSize64)+1))
		rc.Close()
		if uint64(n) > zf.UncompressedSize64 {
			return "", refuse("the archive's part %q unpacks to more than it claims: a ZIP bomb, not a document", zf.Name)
		}
		if err != nil {
			return "", refuse("the archive's part %q is damaged: %v", zf.Name, err)
		}
		parts[zf.Name] = zf
		low := strings.ToLower(zf.Name)
		if base := path.Base(low); base == "vbaproject.bin" || base == "vbadata.xml" {
			return "", refuse("the document holds macros (%s): macros can run code on a visitor's computer; save it without them", zf.Name)
		}
		if (strings.HasPrefix(low, "basic/") && !strings.HasSuffix(low, "script-lc.xml") && !strings.HasSuffix(low, "script-lb.xml") && !strings.HasSuffix(low, "/")) || strings.HasPrefix(low, "scripts/") {
			return "", refuse("the document holds macros (%s): macros can run code on a visitor's computer; save it without them", zf.Name)
		}
	}
	if ct := parts["[Content_Types].xml"]; ct != nil {
		types, err := readPart(ct, 1<<20)
		if err != nil {
			return "", err
		}
		s := strings.ToLower(string(types))
		switch {
		case strings.Contains(s, "macroenabled") || strings.Contains(s, "vbaproject"):
			return "", refuse("the document is macro-enabled: macros can run code on a visitor's computer; save it without them")
		case strings.Contains(s, "wordprocessingml.document.main+xml"):
			return "DOCX", nil
		case strings.Contains(s, "spreadsheetml.sheet.main+xml"):
			return "XLSX", nil
		case strings.Contains(s, "presentationml.presentation.main+xml"):
			return "PPTX", nil
		}
		return "an office package of another kind (a template or add-in)", nil
	}
	if mt := parts["mimetype"]; mt != nil {
		data, err := readPart(mt, 256)
		if err != nil {
			return "", err
		}
		switch strings.TrimSpace(string(data)) {
		case formats[".odt"].MIME:
			return "ODT", nil
		case formats[".ods"].MIME:
			return "ODS", nil
		}
		return fmt.Sprintf("an OpenDocument file of another kind (%.60q)", data), nil
	}
	return "a ZIP archive", nil
}

// readPart reads a part of at most limit bytes.
func readPart(zf *zip.File, limit int64) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, refuse("the archive's part %q cannot be read: %v", zf.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, refuse("the archive's part %q is damaged: %v", zf.Name, err)
	}
	if int64(len(data)) > limit {
		return nil, refuse("the archive's part %q is far larger than such a part is", zf.Name)
	}
	return data, nil
}
