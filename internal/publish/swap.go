package publish

import (
	"os"
	"path/filepath"
)

// Swap replaces the folder dest with the folder staging and removes the old
// tree. Where the system can exchange two paths in one step (exchange, on
// Linux), dest is never missing: a reader sees the old tree or the new one.
// Elsewhere, and on a file system that cannot exchange, the old tree is
// moved aside and staging renamed into place: for the instant between the
// two renames dest is missing, but it never holds half a build.
func Swap(staging, dest string) error {
	if _, err := os.Lstat(dest); os.IsNotExist(err) {
		return os.Rename(staging, dest)
	}
	if err := exchange(staging, dest); err == nil {
		return os.RemoveAll(staging) // staging now holds the old tree
	}
	aside, err := os.MkdirTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".old-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(aside)
	old := filepath.Join(aside, "tree")
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(staging, dest); err != nil {
		_ = os.Rename(old, dest) // put the previous site back
		return err
	}
	return nil
}
