package generator

// This file writes static/: the files copied to the output as they are.

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/sitefiles"
)

// listStatic lists the files of static/ that belong to the site
// (sitefiles.Ignored), as slash paths under it, in walk order; none when
// there is no static/ folder.
func listStatic(source string) ([]string, error) {
	dir := sitefiles.Folder(source, site.StaticDir)
	var files []string
	err := sitefiles.Walk(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		return nil, diag.Errorf(site.StaticDir, 0, 0, "%v", err)
	}
	return files, nil
}

// copyStatic copies the file of static/ that is output o, as it is.
func (b *builder) copyStatic(o site.Output) error {
	rel := strings.TrimPrefix(o.URL, "/")
	src := filepath.Join(sitefiles.Folder(b.opts.Source, site.StaticDir), filepath.FromSlash(rel))
	return b.out.Copy(o.Unit.String(), rel, o.Owner, src)
}
