// Package devserver is `portal serve`: it builds the site into a temporary
// folder, serves it, rebuilds when content/, layouts/, static/ or site.yaml
// change, and reloads open pages through server-sent events. When a rebuild
// fails it keeps the last good site but shows the errors in place of every
// page until the next good build.
package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/generator"
)

// Paths the dev server answers itself; the site never uses /__portal/.
const (
	EventsPath = "/__portal/events"
	ScriptPath = "/__portal/reload.js"
)

// Watched is what a rebuild depends on, relative to the site root.
var (
	WatchedDirs  = []string{"content", "layouts", "static"}
	WatchedFiles = []string{config.FileName}
)

// Server builds and serves one site.
type Server struct {
	// Options is the build to run; Out is replaced by a temporary folder.
	Options generator.Options
	// Log receives one line per build and every build error (the terminal).
	Log io.Writer
	// Debounce is how long a burst of changes must be quiet before a rebuild;
	// zero means 50ms.
	Debounce time.Duration
	// Build builds the site; nil means generator.Build. Tests replace it.
	Build func(context.Context, generator.Options) (*generator.Result, error)

	tmp     string
	buildMu sync.Mutex         // one build at a time; guards site, unapplied and redoAll
	site    *generator.Session // the last good build, kept for incremental updates
	// unapplied are the changes of updates that failed: site is left as it
	// was, so the next update redoes them too; otherwise a good save of
	// another file would clear the error page while the broken file is
	// still broken. redoAll means a full build failed.
	unapplied []string
	redoAll   bool

	mu      sync.RWMutex
	root    string         // the folder of the last good build, "" before one
	old     string         // the folder before it, removed after the next build
	failure diag.List      // the errors of the last build, nil when it succeeded
	version int            // increases with every build, good or bad
	mark    string         // the site's placeholder marker, highlighted in pages
	cfg     *config.Config // site.yaml as of the last build that could read it, or nil: the site's languages

	clientsMu sync.Mutex
	clients   map[chan int]bool
}

// Rebuild builds the whole site once and tells open pages to reload. It
// returns the build's error, which is also what HTML requests show until the
// next good build.
func (s *Server) Rebuild(ctx context.Context) error { return s.apply(ctx, nil) }

// apply rebuilds for the changed paths (relative to the site root; nil means
// everything) and tells open pages to reload. After the first build, changes
// go through generator.Session.Update, which redoes only what they touch.
func (s *Server) apply(ctx context.Context, changed []string) error {
	if err := s.init(); err != nil {
		return err
	}
	opts := s.Options
	opts.AllowPlaceholders = true
	s.mu.RLock()
	n := s.version + 1
	s.mu.RUnlock()
	start := time.Now()
	var res *generator.Result
	var err error
	var stale string
	if s.Build != nil {
		// A replaced build function (tests) builds into a new folder each time.
		opts.Out = filepath.Join(s.tmp, fmt.Sprintf("site-%d", n))
		res, err = s.Build(ctx, opts)
	} else {
		opts.Out = filepath.Join(s.tmp, "site")
		// Requests wait while files are replaced, so a page never mixes two
		// builds; the lock is held for the swap only, not the build.
		opts.SwapLock = &s.mu
		s.buildMu.Lock()
		if s.site == nil || changed == nil || s.redoAll {
			var site *generator.Session
			site, res, err = generator.Open(ctx, opts)
			if err == nil {
				s.site = site
			}
			s.redoAll = err != nil
		} else {
			changed = union(s.unapplied, changed)
			res, err = s.site.Update(ctx, changed)
		}
		s.unapplied = nil
		if err != nil && !s.redoAll {
			s.unapplied = changed
		}
		s.buildMu.Unlock()
	}
	cfg, cerr := config.Load(s.Options.Source)
	s.mu.Lock()
	s.version = n
	if cerr == nil {
		s.cfg = cfg
		if cfg.Placeholder != "" {
			s.mark = cfg.Placeholder
		}
	}
	if err == nil {
		if s.root != opts.Out {
			stale, s.old, s.root = s.old, s.root, opts.Out
		}
		s.failure = nil
	} else {
		s.failure = asList(err)
	}
	failure := s.failure
	s.mu.Unlock()
	if stale != "" {
		// Two builds back: no request is still reading it.
		os.RemoveAll(stale)
	}
	if err == nil {
		fmt.Fprintf(s.logger(), "built %d pages in %s\n", res.Pages, time.Since(start).Round(time.Millisecond))
	} else {
		for _, d := range failure {
			fmt.Fprintln(s.logger(), d.String())
		}
		fmt.Fprintf(s.logger(), "build failed: %d error(s); serving the last good build, with the errors in the browser\n", len(failure))
	}
	s.notify(n)
	return err
}

// union returns the paths of a and b, each once, a's first.
func union(a, b []string) []string {
	seen := make(map[string]bool, len(a)+len(b))
	out := make([]string, 0, len(a)+len(b))
	for _, p := range append(append([]string{}, a...), b...) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// config is site.yaml as of the last build that could read it, or nil.
func (s *Server) config() *config.Config {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cfg
}

// marker is the site's placeholder marker as of the last build.
func (s *Server) marker() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.mark
}

// asList turns a build error into diagnostics; errors without a position
// become one diagnostic without a file.
func asList(err error) diag.List {
	if list, ok := diag.AsList(err); ok {
		return list
	}
	return diag.List{{Severity: diag.Error, Msg: err.Error()}}
}

func (s *Server) init() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tmp != "" {
		return nil
	}
	mem := "/dev/shm"
	if os.Getenv("TMPDIR") != "" {
		mem = "" // the user chose where temporary files go
	}
	dir, err := previewDir(mem)
	if err != nil {
		return err
	}
	s.tmp = dir
	s.clients = map[chan int]bool{}
	return nil
}

// previewPrefix starts the name of every preview's temporary folder.
const previewPrefix = "portal-serve-"

// previewDir makes the folder the preview's site is written to: in memory
// (mem, /dev/shm), as hugo server renders to memory, or else in the
// temporary folder. A new page re-renders hundreds of list pages: measured
// 250 ms to the reload in memory, 400-530 ms on this project's ext4 disk,
// which stalls under bursts of small writes. A folder in memory holds RAM
// until it is removed, so it records its process, and folders of previews
// that were killed before they could remove theirs are removed here.
func previewDir(mem string) (string, error) {
	if mem != "" {
		if dir, err := os.MkdirTemp(mem, previewPrefix); err == nil {
			if err := os.WriteFile(filepath.Join(dir, "pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err == nil {
				removeAbandoned(mem, dir)
				return dir, nil
			}
			os.RemoveAll(dir)
		}
	}
	return os.MkdirTemp("", previewPrefix)
}

// removeAbandoned removes the preview folders under root, but keep, whose
// recorded process has ended.
func removeAbandoned(root, keep string) {
	dirs, _ := filepath.Glob(filepath.Join(root, previewPrefix+"*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, "pid"))
		if dir == keep || err != nil {
			continue // without a pid it may be starting: not ours to judge
		}
		pid, err := strconv.Atoi(string(b))
		if err != nil || processRunning(pid) {
			continue
		}
		os.RemoveAll(dir)
	}
}

// processRunning reports whether process pid exists (signal 0 checks
// without sending anything; a process of another user answers EPERM).
func processRunning(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return !errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
}

// Close removes the temporary folder.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tmp == "" {
		return nil
	}
	return os.RemoveAll(s.tmp)
}

func (s *Server) logger() io.Writer {
	if s.Log == nil {
		return io.Discard
	}
	return s.Log
}

// Watch rebuilds on every batch of changes until ctx ends. Builds never
// overlap: changes during a build are collected into the next batch.
func (s *Server) Watch(ctx context.Context) error {
	d := s.Debounce
	if d == 0 {
		d = 50 * time.Millisecond
	}
	src := s.Options.Source
	if src == "" {
		src = "."
	}
	w, err := NewWatcher(src, WatchedDirs, WatchedFiles, d)
	if err != nil {
		return err
	}
	defer w.Close()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors():
			fmt.Fprintf(s.logger(), "watch: %v\n", err)
		case changed := <-w.Changes():
			if len(changed) == 1 {
				fmt.Fprintf(s.logger(), "changed: %s\n", changed[0])
			} else {
				fmt.Fprintf(s.logger(), "changed: %s and %d more\n", changed[0], len(changed)-1)
			}
			_ = s.apply(ctx, changed)
		}
	}
}

// notify tells every open page that build n is done.
func (s *Server) notify(n int) {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	for c := range s.clients {
		select {
		case c <- n:
		default: // the client has a reload pending already
		}
	}
}

// ServeHTTP serves the last good build, the live-reload endpoints, and the
// error page while the last build failed.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case EventsPath:
		s.serveEvents(w, r)
		return
	case ScriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, reloadScript)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.mu.RLock()
	root, failure, version := s.root, s.failure, s.version
	s.mu.RUnlock()
	if failure != nil && wantsHTML(r) {
		serveErrorPage(w, failure, version)
		return
	}
	if root == "" {
		http.Error(w, "the site is being built", http.StatusServiceUnavailable)
		return
	}
	s.serveFile(w, r, root, version)
}

// serveEvents streams "reload" events to a page (server-sent events).
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	if err := s.init(); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	c := make(chan int, 1)
	s.clientsMu.Lock()
	s.clients[c] = true
	s.clientsMu.Unlock()
	defer func() {
		s.clientsMu.Lock()
		delete(s.clients, c)
		s.clientsMu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Connection", "keep-alive")
	s.mu.RLock()
	v := s.version
	s.mu.RUnlock()
	// The current version first: a page loaded from an older build reloads.
	fmt.Fprintf(w, "retry: 500\nevent: hello\ndata: %d\n\n", v)
	flusher.Flush()
	keepalive := time.NewTicker(20 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case n := <-c:
			fmt.Fprintf(w, "event: reload\ndata: %d\n\n", n)
			flusher.Flush()
		case <-keepalive.C:
			io.WriteString(w, ": keepalive\n\n")
			flusher.Flush()
		}
	}
}

// wantsHTML reports whether a request is for a page (not CSS, a picture or
// the search index), which the error page may replace.
func wantsHTML(r *http.Request) bool {
	p := r.URL.Path
	if strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html") {
		return true
	}
	if filepath.Ext(p) == "" {
		return strings.Contains(r.Header.Get("Accept"), "text/html")
	}
	return false
}
