//go:build !linux

package publish

import "errors"

// exchange is not available here: Swap renames twice instead.
func exchange(a, b string) error {
	return errors.New("exchanging two paths is not supported on this system")
}
