package contact

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"time"
)

// exportHeader is the CSV header row; the CRM import maps these names.
var exportHeader = []string{"id", "created_at", "lang", "topic", "name", "email", "organisation", "message", "spam_score", "spam"}

// WriteCSV writes inquiries as CSV with a header row. Every cell a
// spreadsheet could take for a formula is defused (see CSVCell).
func WriteCSV(w io.Writer, inqs []*Inquiry) (err error) {
	defer Wrap(&err, "write CSV")
	cw := csv.NewWriter(w)
	if err := cw.Write(exportHeader); err != nil {
		return err
	}
	for _, q := range inqs {
		row := []string{q.ID, q.CreatedAt.UTC().Format(time.RFC3339), q.Lang, q.Topic, q.Name, q.Email, q.Organisation, q.Message, strconv.Itoa(q.SpamScore), strconv.FormatBool(q.Spam)}
		for i := range row {
			row[i] = CSVCell(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CSVCell prefixes a cell starting with = + - @ tab or CR with a single
// quote, so Excel and LibreOffice show it as text instead of evaluating it
// (CSV formula injection): anyone on the internet writes these cells.
func CSVCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// WriteJSON writes inquiries as a JSON array, one object per inquiry.
func WriteJSON(w io.Writer, inqs []*Inquiry) (err error) {
	defer Wrap(&err, "write JSON")
	if inqs == nil {
		inqs = []*Inquiry{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(inqs)
}
