package generator

// This file writes static/: the files copied to the output as they are.

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/sitefiles"
)

// StaticDir holds files copied to the output as they are (text formats minified).
const StaticDir = site.StaticDir

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

// scheduleStatic copies static/ into the output, one job per file.
func (b *builder) scheduleStatic(jobs chan<- func()) {
	dir := sitefiles.Folder(b.opts.Source, site.StaticDir)
	for _, rel := range b.static {
		if b.model.Processed(site.StaticDir + "/" + rel) {
			continue // a picture pages show, published in its sizes
		}
		owner := site.StaticDir + "/" + rel
		src := filepath.Join(dir, filepath.FromSlash(rel))
		jobs <- func() { b.fail(owner, b.out.Copy(jobStatic, rel, owner, src)) }
	}
}
