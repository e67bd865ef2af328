package generator

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/uio-partner/portal/internal/diag"
)

// OutDir is the folder a build with o writes: Out, or public/ in the
// source.
func (o Options) OutDir() string {
	if o.Out != "" {
		return o.Out
	}
	return filepath.Join(o.Source, "public")
}

// fallbacksShown is how many untranslated pages a summary names.
const fallbacksShown = 10

// WriteSummary writes what a good build says: how much it wrote and how
// fast, how many pictures it had to make, and which pages have no
// translation and are shown in the original's text, so the communications
// team knows what is left to translate.
func (r *Result) WriteSummary(w io.Writer) {
	fmt.Fprintf(w, "built %d pages, %d files (%.1f MB) in %s\n", r.Pages, r.Files, float64(r.Bytes)/1e6, r.Duration.Round(1e6))
	if r.Images > 0 {
		fmt.Fprintf(w, "%d %s: %d %s made, the rest from the cache\n", r.Images, plural(r.Images, "picture", "pictures"), r.ImagesMade, plural(r.ImagesMade, "size", "sizes"))
	}
	for i, f := range r.Fallbacks {
		if i == fallbacksShown {
			fmt.Fprintf(w, "  and %d more\n", len(r.Fallbacks)-fallbacksShown)
			break
		}
		if i == 0 {
			fmt.Fprintf(w, "%d %s no translation and %s shown in the original's text:\n", len(r.Fallbacks), plural(len(r.Fallbacks), "page has", "pages have"), plural(len(r.Fallbacks), "is", "are"))
		}
		fmt.Fprintf(w, "  %s has no translation into %s\n", f.File, f.Lang)
	}
}

// WriteFailure writes the problems of a build with opts that failed with
// err, one a line as path:line:col: message, then how many were errors and
// that the output folder was not changed. It reports whether err was such
// a list; any other error it leaves to the caller.
func WriteFailure(w io.Writer, err error, opts Options) bool {
	list, ok := diag.AsList(err)
	if !ok {
		return false
	}
	_ = diag.Write(w, diag.FormatText, list) // the terminal: nothing to do if it fails
	errs, _ := list.Count()
	fmt.Fprintf(w, "build failed: %d error(s); %s was not changed\n", errs, opts.OutDir())
	return true
}

// plural picks the word for n. The summary is in English, for the
// terminal; the site's own plurals come from its theme strings.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
