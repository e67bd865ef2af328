package generator

import (
	"context"
)

// Render renders every page of the site at opts.Source as Build would and
// returns what Build would refuse while rendering (layout errors, slips:
// see theme.RenderChecked), without writing the output, the search index or
// the pictures: the second half of portal check. Placeholders are left to
// Check, which reports them as warnings.
func Render(ctx context.Context, opts Options) error {
	// dryRun renders into publish.Discard: nothing is written anywhere.
	opts.NoSearch, opts.NoMinify, opts.AllowPlaceholders, opts.dryRun = true, true, true, true
	_, _, err := open(ctx, opts, false)
	return err
}
