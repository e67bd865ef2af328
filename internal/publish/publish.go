// Package publish is the one way the build's files reach the output folder:
// each is minified by its type and staged, and the whole set replaces the
// output only when the build succeeded. A full build stages a folder beside
// the output and swaps it into place; an incremental update stages in memory
// and replaces each file atomically. Either way a reader of the output never
// sees half a build.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
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
	"github.com/uio-partner/portal/internal/diag"
)

// Minifier returns the minifier for every text format the site writes.
func Minifier() *minify.M {
	m := minify.New()
	m.Add("text/html", HTMLMinifier())
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}

// HTMLMinifier is how the site's HTML is minified, pages and layouts alike.
// Document and end tags are kept: the output must stay valid HTML for the Nu
// checker, and the byte savings are small once gzipped.
func HTMLMinifier() *html.Minifier {
	return &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepDefaultAttrVals: true}
}

// LayoutMinifier returns a function that minifies an HTML layout as pages
// are minified (HTMLMinifier), keeping its template actions ({{ }}) as they
// are: the theme minifies its layouts once with it, so the 20,000 pages of a
// large site need not be minified one by one. Not safe for concurrent use.
func LayoutMinifier() func(layout string) (string, error) {
	layouts := HTMLMinifier()
	layouts.TemplateDelims = html.GoTemplateDelims // keep {{ }} actions as they are
	m := Minifier()
	m.Add("text/html", layouts)
	return func(layout string) (string, error) { return m.String("text/html", layout) }
}

// mediaTypes maps the extensions the minifier handles to media types.
var mediaTypes = map[string]string{
	".html": "text/html", ".css": "text/css", ".js": "application/javascript",
	".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
	".webmanifest": "application/manifest+json",
}

// Buffers are reused across pages: rendering and minifying 20,000 pages
// otherwise allocates gigabytes of short-lived buffers.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// GetBuffer returns an empty buffer from the pool.
func GetBuffer() *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// PutBuffer returns a buffer to the pool.
func PutBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 { // don't keep the odd huge page's buffer alive
		buffers.Put(b)
	}
}

// Output is the set of files of one build on its way to the output folder
// Dest. Files are named by slash paths relative to it, each written by a job
// (the unit of work that produced it, for incremental updates) and an owner
// (what to blame, for messages). It is safe for concurrent use.
type Output struct {
	Dest  string
	dir   string // the staging folder; "" in memory
	min   *minify.M
	minfy bool

	dirs sync.Map // folders already created: MkdirAll's stat calls add up over 20,000 files

	mu      sync.Mutex
	written map[string]string   // path -> owner, a last guard against two writers
	byJob   map[string][]string // job -> the files it wrote
	mem     map[string][]byte   // in memory: the files to write at Commit
	removed []string            // in memory: the files to remove at Commit
	files   int
	bytes   int64

	queue      chan pendingFile // staging: files go to the writer goroutine
	writerDone chan error

	discard bool // Discard: every file is checked and counted, none kept
}

// Stage returns an Output that writes into a new folder beside dest, on the
// same file system, which Commit swaps into place. Files are created by one
// goroutine: renders run on every core, but creating folders and files from
// several at once is slower on ext4, where they contend for the same
// directories (25,000 pages took 2 s from one goroutine, 4.4 s from two,
// 7.6 s from eight).
func Stage(dest string, minify bool) (*Output, error) {
	parent := filepath.Dir(filepath.Clean(dest))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".staging-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil { // MkdirTemp makes it private; a site is public
		os.RemoveAll(dir)
		return nil, err
	}
	o := newOutput(dest, minify)
	o.dir = dir
	queue := make(chan pendingFile, 64)
	o.queue, o.writerDone = queue, make(chan error, 1)
	go func() {
		var first error
		for f := range queue {
			if first == nil {
				first = o.writeFile(f.path, f.data.Bytes())
			}
			PutBuffer(f.data)
		}
		o.writerDone <- first
	}()
	return o, nil
}

// InMemory returns an Output that keeps its files in memory; Commit replaces
// each in dest atomically. Incremental updates write a few files only after
// every job has succeeded.
func InMemory(dest string, minify bool) *Output {
	o := newOutput(dest, minify)
	o.mem = map[string][]byte{}
	return o
}

// Discard returns an Output that claims and counts every file, so two
// writers of one path are still found, but keeps none: portal check renders
// the whole site to find what a build would refuse, and writing 25,000
// files it then deletes was most of its time (sys 22 s of 30 s on the 10k
// corpus). Commit is refused; Abort does nothing.
func Discard() *Output {
	o := newOutput("", false)
	o.discard = true
	return o
}

func newOutput(dest string, minify bool) *Output {
	return &Output{Dest: dest, min: Minifier(), minfy: minify, written: map[string]string{}, byJob: map[string][]string{}}
}

// Minify minifies data of media type mt into w with the site's minifier.
func (o *Output) Minify(mt string, w io.Writer, data []byte) error {
	// buffer.NewReader lets the minifier use data in place; a bytes.Reader
	// would be copied through io.ReadAll first.
	return o.min.Minify(mt, w, buffer.NewReader(data))
}

// Files and Bytes count what was written.
func (o *Output) Files() int { o.mu.Lock(); defer o.mu.Unlock(); return o.files }

// Bytes is the size of what was written.
func (o *Output) Bytes() int64 { o.mu.Lock(); defer o.mu.Unlock(); return o.bytes }

// ByJob returns the files each job wrote.
func (o *Output) ByJob() map[string][]string { return o.byJob }

// Write minifies data by the extension of rel (when minifying) and stages it.
func (o *Output) Write(job, rel, owner string, data []byte) error {
	return o.put(job, rel, owner, data, o.minfy)
}

// WriteMinified stages data that is minified already: a page rendered from
// minified layouts.
func (o *Output) WriteMinified(job, rel, owner string, data []byte) error {
	return o.put(job, rel, owner, data, false)
}

// Copy stages the file src as rel, minifying text formats.
func (o *Output) Copy(job, rel, owner, src string) error {
	if o.discard {
		if err := o.claim(job, rel, owner); err != nil {
			return err
		}
		_, err := os.Stat(src)
		return err
	}
	if _, ok := mediaTypes[path.Ext(rel)]; (ok && o.minfy) || o.mem != nil {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		return o.Write(job, rel, owner, data)
	}
	if err := o.claim(job, rel, owner); err != nil {
		return err
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
	o.count(n)
	return err
}

// Remove removes rel from the output at Commit (in memory only: a staged
// build starts from an empty folder).
func (o *Output) Remove(rel string) {
	o.mu.Lock()
	o.removed = append(o.removed, rel)
	o.mu.Unlock()
}

// claim records that owner writes rel. The site model finds clashing
// addresses before anything is written; this guards against a second
// writer of one file all the same, which would silently lose the first.
func (o *Output) claim(job, rel, owner string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if prev, ok := o.written[rel]; ok {
		a, b := prev, owner
		if b < a {
			a, b = b, a // scheduling decides who came first: name them in a fixed order
		}
		// Blame a source file where there is one (the other may be a list
		// the generator makes).
		file := a
		if !strings.HasSuffix(a, ".md") && strings.HasSuffix(b, ".md") {
			file = b
		}
		return diag.Errorf(file, 0, 0, "%s and %s both write %s", a, b, rel)
	}
	o.written[rel] = owner
	o.byJob[job] = append(o.byJob[job], rel)
	return nil
}

// path returns the staging path for rel, refusing anything that would
// leave the output folder.
func (o *Output) path(rel string) (string, error) {
	clean := path.Clean("/" + rel)
	if clean != "/"+strings.TrimPrefix(rel, "/") || strings.Contains(rel, "\\") || strings.Contains(rel, "\x00") {
		return "", fmt.Errorf("output path %q is not clean", rel)
	}
	return filepath.Join(o.dir, filepath.FromSlash(clean)), nil
}

func (o *Output) put(job, rel, owner string, data []byte, minify bool) error {
	if err := o.claim(job, rel, owner); err != nil {
		return err
	}
	p, err := o.path(rel)
	if err != nil {
		return err
	}
	if o.discard {
		o.count(int64(len(data)))
		return nil
	}
	buf := GetBuffer()
	if mt, ok := mediaTypes[path.Ext(rel)]; ok && minify {
		if err := o.Minify(mt, buf, data); err != nil {
			PutBuffer(buf)
			return fmt.Errorf("minify %s: %w", rel, err)
		}
	} else {
		buf.Write(data)
	}
	if o.mem != nil {
		defer PutBuffer(buf)
		o.mu.Lock()
		o.mem[rel] = append([]byte(nil), buf.Bytes()...)
		o.mu.Unlock()
		o.count(int64(buf.Len()))
		return nil
	}
	o.queue <- pendingFile{p, buf} // the writer returns buf to the pool
	return nil
}

// pendingFile is a file waiting for the writer goroutine.
type pendingFile struct {
	path string
	data *bytes.Buffer
}

func (o *Output) writeFile(p string, data []byte) error {
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	o.count(int64(len(data)))
	return nil
}

func (o *Output) count(n int64) {
	o.mu.Lock()
	o.files++
	o.bytes += n
	o.mu.Unlock()
}

// mkdir creates dir and its parents once per build.
func (o *Output) mkdir(dir string) error {
	if _, done := o.dirs.Load(dir); done {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	o.dirs.Store(dir, true)
	return nil
}

// Flush waits until every staged file is on disk (before the search index,
// say, is written beside them) and returns the first error writing one.
// Writes after Flush fail.
func (o *Output) Flush() error {
	if o.queue == nil {
		return nil
	}
	close(o.queue)
	o.queue = nil
	return <-o.writerDone
}

// Commit publishes the files: a staged folder is swapped into Dest (see
// Swap); files in memory replace theirs in Dest one by one, each atomically,
// then the removed ones go. lock, when not nil, is held only while Dest
// changes: a server reading Dest waits for the swap, not for the build.
// After an error a staged folder is left for Abort.
func (o *Output) Commit(lock sync.Locker) error {
	if o.discard {
		return errors.New("publish: a discarding output cannot be committed")
	}
	if err := o.Flush(); err != nil {
		return err
	}
	if lock != nil {
		lock.Lock()
		defer lock.Unlock()
	}
	if o.mem == nil {
		return Swap(o.dir, o.Dest)
	}
	names := make([]string, 0, len(o.mem))
	for rel := range o.mem {
		names = append(names, rel)
	}
	sort.Strings(names)
	for _, rel := range names {
		if err := WriteFile(filepath.Join(o.Dest, filepath.FromSlash(rel)), o.mem[rel]); err != nil {
			return err
		}
	}
	for _, rel := range o.removed {
		p := filepath.Join(o.Dest, filepath.FromSlash(rel))
		if os.Remove(p) == nil {
			_ = os.Remove(filepath.Dir(p)) // and its folder, which fails harmlessly when not empty
		}
	}
	return nil
}

// Abort throws a staged build away.
func (o *Output) Abort() {
	_ = o.Flush()
	if o.dir != "" {
		os.RemoveAll(o.dir)
	}
}

// WriteFile replaces the file dst so that a reader sees the old or the new
// version, never half of one.
func WriteFile(dst string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	tmp := dst + ".portal-tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}
