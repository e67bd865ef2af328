package build

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2/buffer"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
)

// buffers are reused across pages: rendering and minifying 20,000 pages
// otherwise allocates gigabytes of short-lived buffers.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 { // don't keep the odd huge page's buffer alive
		buffers.Put(b)
	}
}

// newMinifier returns the minifier for every text format the site writes.
func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", htmlMinifier())
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}

// htmlMinifier is how the site's HTML is minified, pages and layouts alike.
// Document and end tags are kept: the output must stay valid HTML for the Nu
// checker, and the byte savings are small once gzipped.
func htmlMinifier() *html.Minifier {
	return &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepDefaultAttrVals: true}
}

// mediaTypes maps the extensions the minifier handles to media types.
var mediaTypes = map[string]string{
	".html": "text/html", ".css": "text/css", ".js": "application/javascript",
	".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
	".webmanifest": "application/manifest+json",
}

// output writes files under a staging folder that replaces the real output
// folder only when the whole build succeeded.
type output struct {
	dir    string // staging folder
	min    *minify.M
	minify bool

	dirs sync.Map // folders already created: MkdirAll's stat calls add up over 20,000 files

	mu      sync.Mutex
	written map[string]string   // url path -> what wrote it, to catch collisions
	byJob   map[string][]string // job key -> the files it wrote
	mem     map[string][]byte   // when set, files are kept here instead of written

	queue      chan pendingFile // when set, files go to the writer goroutine
	writerDone chan error
	files      int
	bytes      int64
}

func newOutput(dir string, doMinify bool) *output {
	return &output{dir: dir, min: newMinifier(), minify: doMinify, written: map[string]string{}, byJob: map[string][]string{}}
}

// claim records that owner writes rel; two owners of one path are an error,
// because one would silently overwrite the other.
func (o *output) claim(job, rel, owner string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if prev, ok := o.written[rel]; ok {
		// Which owner claims first depends on scheduling: name them in a
		// fixed order, and blame a content file where there is one (the
		// other owner may be a list the generator makes).
		a, b := prev, owner
		if b < a {
			a, b = b, a
		}
		file := a
		if !strings.HasPrefix(a, content.Dir+"/") && strings.HasPrefix(b, content.Dir+"/") {
			file = b
		}
		return diag.Errorf(file, 0, 0, "%s and %s both write %s", a, b, rel)
	}
	o.written[rel] = owner
	o.byJob[job] = append(o.byJob[job], rel)
	return nil
}

// keep stores a file in memory (incremental rebuilds write only after every
// job has succeeded).
func (o *output) keep(rel string, data []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.mem[rel] = append([]byte(nil), data...)
	o.files++
	o.bytes += int64(len(data))
	return nil
}

// path returns the file path for rel, refusing anything that would leave the
// output folder.
func (o *output) path(rel string) (string, error) {
	clean := path.Clean("/" + rel)
	if clean != "/"+strings.TrimPrefix(rel, "/") || strings.Contains(rel, "\\") || strings.Contains(rel, "\x00") {
		return "", fmt.Errorf("output path %q is not clean", rel)
	}
	return filepath.Join(o.dir, filepath.FromSlash(clean)), nil
}

// write minifies data by the extension of rel and writes it.
func (o *output) write(job, rel, owner string, data []byte) error {
	return o.put(job, rel, owner, data, o.minify)
}

// writeMinified writes data that is minified already: a page rendered from
// minified layouts.
func (o *output) writeMinified(job, rel, owner string, data []byte) error {
	return o.put(job, rel, owner, data, false)
}

func (o *output) put(job, rel, owner string, data []byte, minify bool) error {
	if err := o.claim(job, rel, owner); err != nil {
		return err
	}
	p, err := o.path(rel)
	if err != nil {
		return err
	}
	buf := getBuffer()
	if mt, ok := mediaTypes[path.Ext(rel)]; ok && minify {
		// buffer.NewReader lets the minifier use data in place; a
		// bytes.Reader would be copied through io.ReadAll first.
		if err := o.min.Minify(mt, buf, buffer.NewReader(data)); err != nil {
			putBuffer(buf)
			return fmt.Errorf("minify %s: %w", rel, err)
		}
	} else {
		buf.Write(data)
	}
	if o.mem != nil {
		defer putBuffer(buf)
		return o.keep(rel, buf.Bytes())
	}
	if o.queue != nil {
		o.queue <- pendingFile{p, buf} // the writer returns buf to the pool
		return nil
	}
	defer putBuffer(buf)
	return o.writeFile(p, buf.Bytes())
}

// pendingFile is a file waiting for the writer goroutine.
type pendingFile struct {
	path string
	data *bytes.Buffer
}

// startWriter makes write hand files to one goroutine that creates them.
// Renders run on every core, but creating folders and files from several
// goroutines at once is slower on ext4 than from one: they contend for the
// same directories (measured: 25,000 pages took 2 s from one goroutine, 4.4 s
// from two, 7.6 s from eight).
func (o *output) startWriter() {
	queue := make(chan pendingFile, 64)
	o.queue = queue
	o.writerDone = make(chan error, 1)
	// The goroutine ranges over its own copy: stopWriter clears o.queue,
	// possibly before this goroutine has started.
	go func() {
		var first error
		for f := range queue {
			if first == nil {
				first = o.writeFile(f.path, f.data.Bytes())
			}
			putBuffer(f.data)
		}
		o.writerDone <- first
	}()
}

// stopWriter waits for the queued files to be written and returns the first
// error writing them.
func (o *output) stopWriter() error {
	if o.queue == nil {
		return nil
	}
	close(o.queue)
	o.queue = nil
	return <-o.writerDone
}

func (o *output) writeFile(p string, data []byte) error {
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	o.mu.Lock()
	o.files++
	o.bytes += int64(len(data))
	o.mu.Unlock()
	return nil
}

// mkdir creates dir and its parents once per build.
func (o *output) mkdir(dir string) error {
	if _, done := o.dirs.Load(dir); done {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	o.dirs.Store(dir, true)
	return nil
}

// copyFile copies src to rel, minifying text formats.
func (o *output) copyFile(job, rel, owner, src string) error {
	if _, ok := mediaTypes[path.Ext(rel)]; ok && o.minify {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		return o.write(job, rel, owner, data)
	}
	if err := o.claim(job, rel, owner); err != nil {
		return err
	}
	if o.mem != nil {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		return o.keep(rel, data)
	}
	p, err := o.path(rel)
	if err != nil {
		return err
	}
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(p)
	if err != nil {
		return err
	}
	n, err := io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	o.mu.Lock()
	o.files++
	o.bytes += n
	o.mu.Unlock()
	return err
}

// stagingDir creates an empty folder beside dest, on the same file system so
// the final rename is atomic.
func stagingDir(dest string) (string, error) {
	parent := filepath.Dir(filepath.Clean(dest))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".staging-")
	if err != nil {
		return "", err
	}
	return dir, os.Chmod(dir, 0o755) // MkdirTemp makes it private; a site is public

}

// swap replaces dest with staging: dest is moved aside, staging renamed into
// place, and the old tree removed. At no point is a half-written tree at dest.
func swap(staging, dest string) error {
	old := ""
	if _, err := os.Stat(dest); err == nil {
		o, err := os.MkdirTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".old-")
		if err != nil {
			return err
		}
		old = filepath.Join(o, "tree")
		if err := os.Rename(dest, old); err != nil {
			os.Remove(o)
			return err
		}
		defer os.RemoveAll(o)
	}
	if err := os.Rename(staging, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest) // put the previous site back
		}
		return err
	}
	return nil
}
