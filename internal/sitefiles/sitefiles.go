// Package sitefiles is the one rule for which files in a site's folders
// (content/, layouts/, static/) belong to the site: the build, the check and
// the preview's watcher all ask it, so an editor's backup, swap or lock file
// is never published, never an error and never a reason to rebuild.
package sitefiles

import (
	"io/fs"
	"path/filepath"
	"strings"
)

// WellKnown is the one dot folder that belongs to a site: static/.well-known/
// holds security.txt and domain verification files.
const WellKnown = ".well-known"

// Ignored reports whether a file or folder of this name is left out of the
// site:
//   - dot files and folders (.DS_Store, .git, Vim's .page.md.swp, Emacs'
//     lock .#page.md, Kate's .page.md.kate-swp), except .well-known;
//   - backups and autosaves: page.md~ (Emacs, Vim, gedit), #page.md#
//     (Emacs), ~$report.docx (Microsoft Office), page.md.bak, page.md.orig
//     (merge tools), page.md___jb_tmp___ and ___jb_old___ (JetBrains),
//     page.md.crswap (Chrome);
//   - swap and temporary files: *.swp, *.swo, *.swx, *.tmp, and 4913, the
//     file Vim writes to test whether a folder is writable;
//   - Thumbs.db and desktop.ini, which Windows writes into folders.
func Ignored(name string) bool {
	if name == WellKnown {
		return false
	}
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasPrefix(name, "~$") {
		return true
	}
	switch name {
	case "4913", "Thumbs.db", "desktop.ini":
		return true
	}
	for _, suffix := range []string{"~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".crswap", "___jb_tmp___", "___jb_old___"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// Folder is the site folder name (content, layouts, static) under root, with
// a symbolic link at the folder itself followed: a shared theme or corpus
// may be linked in, and a walk does not follow a link at its root.
func Folder(root, name string) string {
	dir := filepath.Join(root, name)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return real
	}
	return dir
}

// Walk walks dir as filepath.WalkDir does, but never calls fn for a file or
// folder below dir that is Ignored, nor for anything inside such a folder.
func Walk(dir string, fn fs.WalkDirFunc) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if d != nil && p != dir && Ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		return fn(p, d, err)
	})
}
