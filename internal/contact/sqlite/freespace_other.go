//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package sqlite

// freeSpace cannot tell on this system: health relies on its probe write
// and on contact.Watched's record of failed saves.
func freeSpace(string) (uint64, bool) { return 0, false }
