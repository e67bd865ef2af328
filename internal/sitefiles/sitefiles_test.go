package sitefiles

import "testing"

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
