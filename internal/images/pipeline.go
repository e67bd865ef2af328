package images

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sync/semaphore"
)

// Pipeline processes the sources of one site with its settings and cache,
// in parallel (each caller's goroutine works on one source) with the memory
// the decoded pixels take bounded: a source waits until there is room.
type Pipeline struct {
	root     string // the site root the source files are relative to
	cache    *Cache
	settings Settings
	memory   *semaphore.Weighted
	budget   int64
}

// MemoryBudget is how many bytes of decoded pixels all sources in work at
// once may take. A 12-megapixel photo takes about 60 MB while it is
// processed, so two or three are processed at once; a larger picture waits
// for the others and then has the budget alone.
const MemoryBudget = 200 << 20

// NewPipeline returns the pipeline of the site at root, keeping what it
// makes in cache.
func NewPipeline(root string, cache *Cache, s Settings) *Pipeline {
	return &Pipeline{root: root, cache: cache, settings: s, memory: semaphore.NewWeighted(MemoryBudget), budget: MemoryBudget}
}

// Root is the site root the pipeline reads sources from.
func (p *Pipeline) Root() string { return p.root }

// Settings are the pipeline's settings.
func (p *Pipeline) Settings() Settings { return p.settings }

// Cache is the pipeline's cache.
func (p *Pipeline) Cache() *Cache { return p.cache }

// Inspect is the package's Inspect of the source file (a slash path under
// the site root), from the cache's index when the file has not changed
// since it was last read.
func (p *Pipeline) Inspect(file string) (Info, error) {
	path := filepath.Join(p.root, filepath.FromSlash(file))
	fi, err := os.Stat(path)
	if err != nil {
		return Info{}, err
	}
	if !fi.Mode().IsRegular() {
		return Info{}, problemf("it is not a regular file")
	}
	if info, ok := p.cache.lookup(file, fi.Size(), fi.ModTime().UnixNano()); ok {
		return info, p.checkLimits(info)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Info{}, err
	}
	// The limit is checked again below, from the info, so that a cached
	// info is checked against today's setting.
	info, err := Inspect(file, data, 0)
	if err != nil {
		return info, err
	}
	p.cache.remember(file, fi.Size(), fi.ModTime().UnixNano(), info)
	return info, p.checkLimits(info)
}

func (p *Pipeline) checkLimits(info Info) error {
	return overLimit(info.Width, info.Height, p.settings.MaxMegapixels)
}

// overLimit refuses a picture whose header claims more than maxMegapixels
// (no limit when it is 0), before anything decodes it.
func overLimit(w, h, maxMegapixels int) error {
	if mp := (Info{Width: w, Height: h}).Megapixels(); maxMegapixels > 0 && mp > float64(maxMegapixels) {
		return problemf("its header claims %d×%d pixels (%.0f megapixels), more than the %d megapixels site.yaml allows (images: maxMegapixels): a picture that large, or a crafted file, is not decoded", w, h, mp, maxMegapixels)
	}
	return nil
}

// Output is one variant as made: the cache file holding it.
type Output struct {
	Variant Variant
	File    string
}

// Make returns the cache files of the variants of a source, making those
// not in the cache from one decode of the source. made says whether
// anything had to be made.
func (p *Pipeline) Make(ctx context.Context, file string, info Info, vs []Variant) (outs []Output, made bool, err error) {
	var missing []int
	outs = make([]Output, len(vs))
	for i, v := range vs {
		key := Key(info.Hash, v)
		outs[i] = Output{Variant: v, File: p.cache.Path(key, v.Format)}
		if !p.cache.has(key, v.Format) {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return outs, false, nil
	}
	release, err := p.reserve(ctx, info)
	if err != nil {
		return nil, false, err
	}
	defer release()
	data, err := p.read(file, info)
	if err != nil {
		return nil, false, err
	}
	todo := make([]Variant, len(missing))
	for j, i := range missing {
		todo[j] = vs[i]
	}
	encoded, err := Process(data, info, todo)
	if err != nil {
		return nil, false, err
	}
	p.cache.decoded(info.Hash)
	for j, i := range missing {
		if err := p.cache.put(Key(info.Hash, vs[i]), vs[i].Format, encoded[j]); err != nil {
			return nil, false, fmt.Errorf("write the image cache: %w", err)
		}
	}
	return outs, true, nil
}

// Verify decodes a source all the way unless it is known to decode (portal
// check, which makes nothing, still finds a truncated file).
func (p *Pipeline) Verify(ctx context.Context, file string, info Info) error {
	if info.Decoded {
		return nil
	}
	release, err := p.reserve(ctx, info)
	if err != nil {
		return err
	}
	defer release()
	data, err := p.read(file, info)
	if err != nil {
		return err
	}
	if err := Verify(data, info); err != nil {
		return err
	}
	p.cache.decoded(info.Hash)
	return nil
}

// read reads a source, checking that it is still the file inspected.
func (p *Pipeline) read(file string, info Info) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(p.root, filepath.FromSlash(file)))
	if err != nil {
		return nil, err
	}
	if again, err := Inspect(file, data, 0); err != nil || again.Hash != info.Hash {
		return nil, fmt.Errorf("%s changed while the site was built: build again", file)
	}
	return data, nil
}

// reserve waits until the decoded pixels of the source fit in the memory
// budget. A source larger than the whole budget waits for it all.
func (p *Pipeline) reserve(ctx context.Context, info Info) (release func(), err error) {
	// Decoded pixels (up to 4 bytes each), plus the working copies.
	n := int64(info.Width) * int64(info.Height) * 5
	n = min(max(n, 1), p.budget)
	if err := p.memory.Acquire(ctx, n); err != nil {
		return nil, err
	}
	return func() { p.memory.Release(n) }, nil
}
