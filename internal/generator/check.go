package generator

import (
	"context"

	"github.com/uio-partner/portal/internal/source"
)

// Render renders every page of the site source.Check loaded from
// opts.Source as Build would and returns what Build would refuse while
// rendering (layout errors, slips: see theme.RenderChecked), without writing
// the output, the search index or the pictures: the second half of portal
// check. Placeholders are left to Check, which reports them as warnings.
// The site is not read again (on 10,000 pages that took 1.4 s of CPU); a
// site that did not load returns what loading it reported, as a build would.
func Render(ctx context.Context, opts Options, l *source.Loaded) error {
	if l.LoadErr != nil {
		return l.LoadErr
	}
	// dryRun renders into publish.Discard: nothing is written anywhere.
	opts.NoSearch, opts.NoMinify, opts.AllowPlaceholders, opts.dryRun = true, true, true, true
	opts.loaded = l
	_, _, err := open(ctx, opts, false)
	return err
}
