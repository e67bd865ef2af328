package sitefiles

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIgnored(t *testing.T) {
	for _, name := range []string{
		// Vim: swap files, the write test, backups.
		".roche.md.swp", ".roche.md.swo", ".roche.md.swx", "roche.md.swp", "4913", "roche.md~",
		// Emacs: lock, autosave, backup.
		".#single.html", "#roche.md#", "site.css~",
		// JetBrains safe write, Kate, gedit, Chrome, merge tools, Office.
		"roche.md___jb_tmp___", "roche.md___jb_old___", ".roche.md.kate-swp", ".goutputstream-AB12", "report.pdf.crswap",
		"roche.md.orig", "roche.md.bak", "~$report.docx", "upload.tmp",
		// Operating systems and version control.
		".DS_Store", "Thumbs.db", "desktop.ini", ".git", ".gitkeep", ".hidden",
	} {
		if !Ignored(name) {
			t.Errorf("Ignored(%q) = false, want true", name)
		}
	}
	for _, name := range []string{
		"roche.md", "roche.nb.md", "_index.md", "site.css", "single.html", "en.yaml", "logo.svg", ".well-known",
		"security.txt", "4913.md", "my~name.md", "ab#c.md", "report.swp.md", "swp", "tmp",
	} {
		if Ignored(name) {
			t.Errorf("Ignored(%q) = true, want false", name)
		}
	}
}

// TestWalk: a walk visits the site's files and folders, .well-known
// included, and nothing an editor or tool left beside or inside them.
func TestWalk(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{
		"a.md", "a.md~", ".#a.md", "4913", "sub/b.md", "sub/.b.md.swp",
		".git/config", ".well-known/security.txt", "#tmp#/c.md",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var seen []string
	err := Walk(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		seen = append(seen, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := ". .well-known .well-known/security.txt a.md sub sub/b.md"
	if got := strings.Join(seen, " "); got != want {
		t.Errorf("walked %s\nwant   %s", got, want)
	}
}
