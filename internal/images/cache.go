package images

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// CacheDirName is the cache's folder under the site root unless
// --cache-dir or PORTAL_CACHE_DIR says otherwise; .gitignore lists it.
const CacheDirName = ".cache"

// cacheSub is the images' folder inside the cache folder.
const cacheSub = "images"

// Cache is the content-addressed store of everything the pipeline made:
// each output under a key that is a hash of the source's bytes, the variant
// (size, crop, format, quality) and the encoders, so an entry is valid for
// as long as it exists, on any machine and for any build; and an index of
// the sources seen (size, modification time and what Inspect read), so an
// unchanged source is neither read nor hashed again. It is safe for
// concurrent use, and for a preview and a build sharing one folder: entries
// are written whole (rename) and a missing one is made again.
type Cache struct {
	dir string

	mu      sync.Mutex
	index   map[string]indexEntry // by source file, as loaded
	seen    map[string]indexEntry // the sources of this run
	used    map[string]bool       // output keys of this run
	written int                   // outputs made this run
}

// indexEntry is what the cache remembers of a source file.
type indexEntry struct {
	Size int64 `json:"size"`
	Mod  int64 `json:"mod"` // modification time, Unix nanoseconds
	Info Info  `json:"info"`
}

type indexFile struct {
	Encoder string                `json:"encoder"`
	Sources map[string]indexEntry `json:"sources"`
}

const indexName = "index.json"

// OpenCache opens the cache in dir's images/. The folder is made when
// something is first stored: a site without pictures leaves none behind.
func OpenCache(dir string) (*Cache, error) {
	c := &Cache{dir: filepath.Join(dir, cacheSub), index: map[string]indexEntry{}, seen: map[string]indexEntry{}, used: map[string]bool{}}
	data, err := os.ReadFile(filepath.Join(c.dir, indexName))
	if err == nil {
		var f indexFile
		if json.Unmarshal(data, &f) == nil && f.Encoder == EncoderID() {
			c.index = f.Sources // an index from other encoders describes the same files, but is dropped with them
		}
	}
	return c, nil
}

// Dir is the cache's folder of images.
func (c *Cache) Dir() string { return c.dir }

// lookup returns what the index knows of the source file with this size
// and modification time.
func (c *Cache) lookup(file string, size, mod int64) (Info, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.index[file]
	if !ok || e.Size != size || e.Mod != mod {
		return Info{}, false
	}
	c.seen[file] = e
	return e.Info, true
}

// remember records what Inspect read of a source file.
func (c *Cache) remember(file string, size, mod int64, info Info) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := indexEntry{Size: size, Mod: mod, Info: info}
	if old, ok := c.index[file]; ok && old.Info.Hash == info.Hash {
		e.Info.Decoded = old.Info.Decoded
	}
	c.index[file], c.seen[file] = e, e
}

// decoded records that the source with hash decoded without error.
func (c *Cache) decoded(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range []map[string]indexEntry{c.index, c.seen} {
		for f, e := range m {
			if e.Info.Hash == hash {
				e.Info.Decoded = true
				m[f] = e
			}
		}
	}
}

// Key is the cache key of variant v of the source with hash.
func Key(hash string, v Variant) string {
	sum := sha256.Sum256([]byte(EncoderID() + "\x00" + hash + "\x00" + v.String()))
	return hex.EncodeToString(sum[:])
}

// Path is where the output with key is kept.
func (c *Cache) Path(key string, f Format) string {
	return filepath.Join(c.dir, key[:2], key+f.Ext())
}

// has reports whether the output with key is in the cache, and marks it used.
func (c *Cache) has(key string, f Format) bool {
	c.mu.Lock()
	c.used[key] = true
	c.mu.Unlock()
	fi, err := os.Stat(c.Path(key, f))
	return err == nil && fi.Mode().IsRegular() && fi.Size() > 0
}

// put stores an output whole: a reader sees the old file, none, or the new one.
func (c *Cache) put(key string, f Format, data []byte) error {
	p := c.Path(key, f)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("the image cache %s cannot be written (%v): choose another folder with --cache-dir or PORTAL_CACHE_DIR", c.dir, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), p)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return werr
	}
	c.mu.Lock()
	c.used[key] = true
	c.written++
	c.mu.Unlock()
	return nil
}

// Made is the number of outputs made (not found in the cache) so far.
func (c *Cache) Made() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.written
}

// Save writes the index: the sources of this run, and with keep the ones
// seen before too (an incremental update sees only what changed).
func (c *Cache) Save(keep bool) error {
	c.mu.Lock()
	f := indexFile{Encoder: EncoderID(), Sources: c.seen}
	if keep {
		f.Sources = c.index
	}
	data, err := json.MarshalIndent(f, "", " ")
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(c.dir, indexName)); err != nil && len(f.Sources) == 0 {
		return nil // nothing to remember, and nothing remembered before
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(c.dir, indexName+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(c.dir, indexName))
}

// Prune removes every output this run did not use: those of sources that
// changed or went, and of settings no longer in site.yaml. Call it only
// after a full build, which uses everything the site needs.
func (c *Cache) Prune() (removed int, err error) {
	c.mu.Lock()
	used := make(map[string]bool, len(c.used))
	for k := range c.used {
		used[k] = true
	}
	c.mu.Unlock()
	err = filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || filepath.Dir(p) == c.dir {
			return nil // the index lives at the top
		}
		name := d.Name()
		key := strings.TrimSuffix(name, filepath.Ext(name))
		if !used[key] {
			if os.Remove(p) == nil {
				removed++
			}
		}
		return nil
	})
	return removed, err
}
