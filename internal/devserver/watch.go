package devserver

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/uio-partner/portal/internal/sitefiles"
)

// Watcher reports changes under a site's folders and to its files, in
// debounced batches: a burst of events (an editor's save, a git checkout of
// a thousand files) becomes one batch once the burst has been quiet for the
// debounce interval. Folders created later are watched too.
type Watcher struct {
	root     string
	dirs     map[string]bool   // watched top-level folders, relative to root
	files    map[string]bool   // watched files directly in root (site.yaml)
	aliases  map[string]string // real path of a watched folder that is a symbolic link -> its name
	debounce time.Duration
	fw       *fsnotify.Watcher
	out      chan []string
	errs     chan error
	done     chan struct{}
}

// NewWatcher watches root's folders dirs (recursively; missing ones are
// skipped) and its files named in files. Batches arrive on Changes as
// slash paths relative to root, sorted.
func NewWatcher(root string, dirs, files []string, debounce time.Duration) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		root: root, dirs: map[string]bool{}, files: map[string]bool{}, aliases: map[string]string{}, debounce: debounce, fw: fw,
		out: make(chan []string), errs: make(chan error, 16), done: make(chan struct{}),
	}
	for _, f := range files {
		w.files[f] = true
	}
	// The root itself is watched for its files: editors replace site.yaml by
	// renaming a temporary file over it, which a watch on the file would lose.
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range dirs {
		w.dirs[d] = true
		dir := filepath.Join(root, d)
		// content/ may be a link to a shared corpus: watch the folder it
		// points to, and report its files under the link's name.
		if real, err := filepath.EvalSymlinks(dir); err == nil && real != dir {
			if abs, err := filepath.Abs(dir); err == nil && real != abs {
				w.aliases[real] = d
				dir = real
			}
		}
		if err := w.addTree(dir, nil); err != nil && !os.IsNotExist(err) {
			fw.Close()
			return nil, err
		}
	}
	go w.loop()
	return w, nil
}

// Changes delivers batches of changed paths.
func (w *Watcher) Changes() <-chan []string { return w.out }

// Errors delivers watch errors (for example the kernel's event queue
// overflowing); the watcher goes on.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching.
func (w *Watcher) Close() error {
	close(w.done)
	return w.fw.Close()
}

// addTree watches dir and every folder below it. Files already inside are
// added to pending (if not nil): they may have been written before the watch
// began, as when a folder is moved in or created with files at once.
func (w *Watcher) addTree(dir string, pending map[string]bool) error {
	return sitefiles.Walk(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return w.fw.Add(p)
		}
		if pending != nil {
			pending[w.rel(p)] = true
		}
		return nil
	})
}

func (w *Watcher) rel(p string) string {
	for real, name := range w.aliases {
		if r, err := filepath.Rel(real, p); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(filepath.Join(name, r))
		}
	}
	r, err := filepath.Rel(w.root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// relevant reports whether a changed path is part of the site.
func (w *Watcher) relevant(rel string) bool {
	if sitefiles.Ignored(filepath.Base(rel)) {
		return false
	}
	top, _, nested := strings.Cut(rel, "/")
	if !nested {
		return w.files[top] || w.dirs[top]
	}
	return w.dirs[top]
}

func (w *Watcher) loop() {
	pending := map[string]bool{}
	var timer *time.Timer
	var timerC <-chan time.Time
	var batch []string // non-nil once the burst has been quiet for debounce
	for {
		var out chan []string
		if batch != nil {
			out = w.out
		}
		select {
		case <-w.done:
			if timer != nil {
				timer.Stop()
			}
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if !w.handle(ev, pending) {
				continue
			}
			batch = nil
			if timer == nil {
				timer = time.NewTimer(w.debounce)
			} else {
				timer.Reset(w.debounce)
			}
			timerC = timer.C
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-timerC:
			timerC = nil
			if len(pending) > 0 {
				batch = make([]string, 0, len(pending))
				for p := range pending {
					batch = append(batch, p)
				}
				sort.Strings(batch)
			}
		case out <- batch:
			batch = nil
			pending = map[string]bool{}
		}
	}
}

// handle records one event; it reports whether the event matters.
func (w *Watcher) handle(ev fsnotify.Event, pending map[string]bool) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	rel := w.rel(ev.Name)
	if !w.relevant(rel) {
		return false
	}
	pending[rel] = true
	if ev.Op.Has(fsnotify.Create) {
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			if err := w.addTree(ev.Name, pending); err != nil {
				select {
				case w.errs <- err:
				default:
				}
			}
		}
	}
	return true
}
