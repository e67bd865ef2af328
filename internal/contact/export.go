package contact

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// exportHeader is the CSV header row; the CRM import maps these names.
var exportHeader = []string{"id", "created_at", "lang", "topic", "name", "email", "organisation", "message", "spam_score", "spam",
	"reference", "status", "claimed_by", "claimed_at", "answered_at"}

// exportTime writes a time in a cell, empty for the zero time.
func exportTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// WriteCSV writes inquiries as CSV with a header row: the fixed columns,
// then one column per extra field (site.yaml contact.fields beyond the core
// ones) that any of them has, by field name, so a field added to the form
// appears with no change here, and one removed since still exports. Every
// cell a spreadsheet could take for a formula is defused (see CSVCell).
func WriteCSV(w io.Writer, inqs []*Inquiry) (err error) {
	defer Wrap(&err, "write CSV")
	extra := map[string]bool{}
	for _, q := range inqs {
		for k := range q.Extra {
			extra[k] = true
		}
	}
	extraCols := slices.Sorted(maps.Keys(extra))
	cw := csv.NewWriter(w)
	if err := writeSafeRow(cw, append(slices.Clip(exportHeader), extraCols...)); err != nil {
		return err
	}
	for _, q := range inqs {
		row := []string{q.ID, exportTime(q.CreatedAt), q.Lang, q.Topic, q.Name, q.Email, q.Organisation, q.Message, strconv.Itoa(q.SpamScore), strconv.FormatBool(q.Spam),
			q.Reference(), q.Status, q.Claimer(), exportTime(q.ClaimedAt), exportTime(q.AnsweredAt)}
		for _, k := range extraCols {
			row = append(row, q.Extra[k])
		}
		if err := writeSafeRow(cw, row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeSafeRow writes row with every cell stripped of control characters
// and defused (CSVCell): the one way this package writes CSV cells.
func writeSafeRow(cw *csv.Writer, row []string) error {
	for i := range row {
		row[i] = CSVCell(StripControl(row[i]))
	}
	return cw.Write(row)
}

// cellBreaks are the characters after which a spreadsheet may begin a new
// cell: the list separators Excel and LibreOffice use by locale (comma; the
// semicolon of Norwegian Excel; tab) and line breaks, which end a record
// when the file is split with another separator than it was written with.
const cellBreaks = ",;\t\r\n"

// formulaStarts are the characters that make a cell a formula.
const formulaStarts = "=+-@"

// CSVCell defuses formulas (CSV injection): anyone on the internet writes
// these cells. Wherever a cell could begin, whichever separator the
// spreadsheet splits with (at the start and after each of cellBreaks, past
// spaces and quotes), a formula character gets a single quote before it, so
// Excel and LibreOffice show text instead of evaluating it. A cell starting
// with tab or CR is quoted too, as some spreadsheets drop those characters.
func CSVCell(s string) string {
	if s == "" || (!strings.ContainsAny(s, formulaStarts) && s[0] != '\t' && s[0] != '\r') {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	if s[0] == '\t' || s[0] == '\r' {
		b.WriteByte('\'')
	}
	cellStart := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte(cellBreaks, c) >= 0:
			cellStart = true
		case cellStart && (c == ' ' || c == '"'):
			// not yet the cell's first character
		case cellStart && strings.IndexByte(formulaStarts, c) >= 0:
			b.WriteByte('\'')
			cellStart = false
		default:
			cellStart = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

// WriteJSON writes inquiries as a JSON array, one object per inquiry, with
// its reference.
func WriteJSON(w io.Writer, inqs []*Inquiry) (err error) {
	defer Wrap(&err, "write JSON")
	type exported struct {
		*Inquiry
		Reference string `json:"reference"`
	}
	out := make([]exported, len(inqs))
	for i, q := range inqs {
		out[i] = exported{q, q.Reference()}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Exporter returns the writer of an export format, "csv" (WriteCSV) or
// "json" (WriteJSON); nil for any other.
func Exporter(format string) func(io.Writer, []*Inquiry) error {
	return map[string]func(io.Writer, []*Inquiry) error{"csv": WriteCSV, "json": WriteJSON}[format]
}

// Export writes the inquiries in src matching f with write (an Exporter):
// to the file at path, owner-only (WritePrivateFile), or to w when path is
// "". It returns how many it wrote.
func Export(ctx context.Context, src InquiryReader, f Filter, write func(io.Writer, []*Inquiry) error, path string, w io.Writer) (int, error) {
	inqs, err := src.Inquiries(ctx, f)
	if err != nil {
		return 0, err
	}
	if path == "" {
		err = write(w, inqs)
	} else {
		err = WritePrivateFile(path, func(w io.Writer) error { return write(w, inqs) })
	}
	return len(inqs), err
}

// WritePrivateFile writes path through fill, owner-only (0600): an export
// holds personal data. It writes a temporary file, which os.CreateTemp
// makes 0600, beside path and renames it over path, so the result is 0600
// even where path existed with another mode, and nobody who had the old
// file open reads the new data through it.
func WritePrivateFile(path string, fill func(io.Writer) error) error {
	return PlacePrivateFile(path, fill, os.Rename)
}

// PlacePrivateFile is WritePrivateFile with the last step given: place
// puts the finished temporary file at path (os.Rename to replace it,
// os.Link to fail where path exists). The temporary file is removed
// whatever happens.
func PlacePrivateFile(path string, fill func(io.Writer) error, place func(tmp, path string) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone already after a rename
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return place(tmp.Name(), path)
}
