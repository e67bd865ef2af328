package devserver

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/sitetest"
)

// newSite writes a small site that builds.
func newSite(t *testing.T) string {
	t.Helper()
	return sitetest.Write(t, `
-- site.yaml --
title: T
baseURL: https://example.org/
languages: [{code: en, name: English}]
sections:
  - {name: partners, title: Partners, required: [title], sort: title}
-- layouts/_default/baseof.html --
<!DOCTYPE html><html><body>{{block "main" .}}{{end}}</body></html>
-- layouts/_default/single.html --
{{define "main"}}<h1>{{.Title}}</h1>{{.Content}}{{end}}
-- layouts/_default/list.html --
{{define "main"}}<h1>{{.Title}}</h1>{{end}}
-- static/css/site.css --
body { color: black }
-- content/partners/roche.md --
---
title: Roche
---
A partner.
`)
}

func newServer(t *testing.T, root string) (*Server, *httptest.Server) {
	t.Helper()
	s := &Server{Options: generator.Options{Source: root, NoMinify: true}}
	hs := httptest.NewServer(s)
	t.Cleanup(func() {
		hs.CloseClientConnections()
		hs.Close()
		s.Close()
	})
	return s, hs
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestServeInjectsReloadScriptIntoHTMLOnly(t *testing.T) {
	root := newSite(t)
	s, hs := newServer(t, root)
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	code, body := get(t, hs.URL+"/partners/roche/")
	if code != 200 || !strings.Contains(body, "<h1>Roche</h1>") {
		t.Fatalf("GET /partners/roche/: %d %q", code, body)
	}
	if want := `<script src="/__portal/reload.js" data-version="1" data-placeholder="PLACEHOLDER"></script></body>`; !strings.Contains(body, want) {
		t.Errorf("page lacks the reload script before </body>:\n%s", body)
	}
	if _, css := get(t, hs.URL+"/css/site.css"); strings.Contains(css, "__portal") {
		t.Errorf("the reload script was added to CSS: %q", css)
	}
	// The built files themselves never contain the script.
	s.mu.RLock()
	built, err := os.ReadFile(filepath.Join(s.root, "partners", "roche", "index.html"))
	s.mu.RUnlock()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(built), "__portal") {
		t.Error("the build wrote the reload script into the file")
	}
	if code, _ := get(t, hs.URL+"/nope/"); code != http.StatusNotFound {
		t.Errorf("GET /nope/: %d, want 404", code)
	}
	if _, js := get(t, hs.URL+ScriptPath); !strings.Contains(js, "EventSource") {
		t.Errorf("reload script: %q", js)
	}
}

// The preview shows a page that still holds a placeholder, which the build
// would refuse, and tells its script which marker to highlight.
func TestPreviewShowsPlaceholders(t *testing.T) {
	root := newSite(t)
	mustWrite(t, filepath.Join(root, "site.yaml"), "placeholder: TBD-TEXT\n"+mustRead(t, filepath.Join(root, "site.yaml")))
	mustWrite(t, filepath.Join(root, "content", "partners", "roche.md"), "---\ntitle: Roche\n---\nPartner since TBD-TEXT.\n")
	if _, err := generator.Build(context.Background(), generator.Options{Source: root, Out: filepath.Join(t.TempDir(), "public")}); err == nil || !strings.Contains(err.Error(), "content/partners/roche.md:4:15: placeholder") {
		t.Fatalf("build: %v; want the placeholder refused", err)
	}
	s, hs := newServer(t, root)
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatalf("preview build: %v", err)
	}
	code, body := get(t, hs.URL+"/partners/roche/")
	if code != 200 || !strings.Contains(body, "Partner since TBD-TEXT.") || !strings.Contains(body, `data-placeholder="TBD-TEXT"`) {
		t.Fatalf("GET /partners/roche/: %d %q", code, body)
	}
	if _, js := get(t, hs.URL+ScriptPath); !strings.Contains(js, "portal-placeholder") {
		t.Errorf("the preview script does not mark placeholders: %q", js)
	}
}

// TestErrorPageAndRecovery: a failed rebuild shows its errors instead of
// every page, keeps serving the last good build's other files, and the next
// good build brings the site back.
func TestErrorPageAndRecovery(t *testing.T) {
	root := newSite(t)
	s, hs := newServer(t, root)
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(root, "content", "partners", "roche.md")
	mustWrite(t, page, "---\ntitle: Roche\nsince: <soon>\n---\n")
	mustWrite(t, filepath.Join(root, "site.yaml"), strings.Replace(mustRead(t, filepath.Join(root, "site.yaml")),
		"title: T\n", "title: T\nfields:\n  since: {type: int}\n", 1))
	if err := s.Rebuild(context.Background()); err == nil {
		t.Fatal("the broken site built")
	}
	code, body := get(t, hs.URL+"/partners/roche/")
	if code != http.StatusInternalServerError {
		t.Errorf("GET page after a failed build: %d, want 500", code)
	}
	want := `<li><code>content/partners/roche.md:3:8</code>: front matter: field &#34;since&#34; must be a whole number, not &#34;&lt;soon&gt;&#34;</li>`
	if !strings.Contains(body, want) {
		t.Errorf("error page lacks %s:\n%s", want, body)
	}
	if !strings.Contains(body, `data-version="2"`) {
		t.Error("error page lacks the reload script")
	}
	if code, css := get(t, hs.URL+"/css/site.css"); code != 200 || !strings.Contains(css, "color") {
		t.Errorf("CSS after a failed build: %d %q, want the last good build's", code, css)
	}
	mustWrite(t, page, "---\ntitle: Roche AG\nsince: 2021\n---\n")
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, hs.URL+"/partners/roche/"); code != 200 || !strings.Contains(body, "<h1>Roche AG</h1>") {
		t.Errorf("after the fix: %d %q", code, body)
	}
}

// Regression: after a failed incremental rebuild, a good save of another
// file rebuilt only that file and cleared the error page, while the broken
// file was still broken and portal build still failed. The error stays
// until the file that caused it is fixed, for pages and for layouts.
func TestErrorStaysUntilFixed(t *testing.T) {
	root := newSite(t)
	s, hs := newServer(t, root)
	ctx := context.Background()
	if err := s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	save := func(rel, body string) error {
		mustWrite(t, filepath.Join(root, filepath.FromSlash(rel)), body)
		return s.apply(ctx, []string{rel})
	}
	status := func() int { code, _ := get(t, hs.URL+"/partners/roche/"); return code }
	other := "content/partners/novartis.md"
	if err := save("content/partners/roche.md", "---\ntitle: [Roche\n"); err == nil {
		t.Fatal("the half-written page built")
	}
	if err := save(other, "---\ntitle: Novartis\n---\n"); err == nil || !strings.Contains(err.Error(), "content/partners/roche.md") {
		t.Fatalf("a good save elsewhere: %v; want roche.md still reported", err)
	}
	if code := status(); code != http.StatusInternalServerError {
		t.Errorf("after an unrelated good save the page answers %d, want the error page (500)", code)
	}
	if err := save("content/partners/roche.md", "---\ntitle: Roche\n---\n"); err != nil {
		t.Fatalf("after the fix: %v", err)
	}
	if code, body := get(t, hs.URL+"/partners/novartis/"); code != 200 || !strings.Contains(body, "<h1>Novartis</h1>") {
		t.Errorf("the page saved while the site was broken: %d %q", code, body)
	}

	single := "layouts/_default/single.html"
	good := mustRead(t, filepath.Join(root, single))
	if err := save(single, `{{define "main"}}<h1>{{.Title}</h1>{{end}}`); err == nil {
		t.Fatal("the broken layout built")
	}
	if err := save(other, "---\ntitle: Novartis AG\n---\n"); err == nil || !strings.Contains(err.Error(), single) {
		t.Fatalf("a good page save with a broken layout: %v; want the layout still reported", err)
	}
	if err := save(single, good); err != nil {
		t.Fatalf("after the layout fix: %v", err)
	}
	if code, body := get(t, hs.URL+"/partners/novartis/"); code != 200 || !strings.Contains(body, "<h1>Novartis AG</h1>") {
		t.Errorf("after both fixes: %d %q", code, body)
	}
}

func TestErrorPageEscapes(t *testing.T) {
	s, hs := newServer(t, t.TempDir())
	s.Build = func(context.Context, generator.Options) (*generator.Result, error) {
		return nil, diag.List{diag.Errorf("content/<b>.md", 1, 2, `unknown "<script>alert(1)</script>"`)}
	}
	_ = s.Rebuild(context.Background())
	_, body := get(t, hs.URL+"/")
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>.md") {
		t.Errorf("error page is not escaped:\n%s", body)
	}
	if want := `<code>content/&lt;b&gt;.md:1:2</code>: unknown &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;`; !strings.Contains(body, want) {
		t.Errorf("error page lacks %s:\n%s", want, body)
	}
	s.Build = func(context.Context, generator.Options) (*generator.Result, error) {
		return nil, errors.New("disk full")
	}
	_ = s.Rebuild(context.Background())
	if _, body := get(t, hs.URL+"/"); !strings.Contains(body, "<li>disk full</li>") {
		t.Errorf("error without position:\n%s", body)
	}
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// events connects to the live-reload stream and returns its events' names
// and data, one "name data" string each.
func events(t *testing.T, url string) <-chan string {
	t.Helper()
	resp, err := http.Get(url + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	out := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				out <- name + " " + strings.TrimPrefix(line, "data: ")
			}
		}
		close(out)
	}()
	return out
}

func nextEvent(t *testing.T, c <-chan string) string {
	t.Helper()
	select {
	case e := <-c:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
	}
	return ""
}

// watching builds a new site, serves it, watches it for changes and
// subscribes to its reload events. It returns the site root, the server's
// URL, the events and the first of them (hello), once the watch has started.
func watching(t *testing.T) (root, url string, ev <-chan string, hello string) {
	t.Helper()
	root = newSite(t)
	s, hs := newServer(t, root)
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go s.Watch(ctx)
	ev = events(t, hs.URL)
	hello = nextEvent(t, ev)
	time.Sleep(100 * time.Millisecond) // let the watch start
	return root, hs.URL, ev, hello
}

// TestWatchRebuildsAndReloads: saving a file rebuilds the site and tells open
// pages to reload.
func TestWatchRebuildsAndReloads(t *testing.T) {
	root, url, ev, hello := watching(t)
	if hello != "hello 1" {
		t.Fatalf("first event %q, want hello 1", hello)
	}
	mustWrite(t, filepath.Join(root, "content", "partners", "novartis.md"), "---\ntitle: Novartis\n---\n")
	if e := nextEvent(t, ev); e != "reload 2" {
		t.Fatalf("event %q, want reload 2", e)
	}
	if code, body := get(t, url+"/partners/novartis/"); code != 200 || !strings.Contains(body, "<h1>Novartis</h1>") {
		t.Errorf("new page: %d %q", code, body)
	}
}

// While watching, changes go through incremental updates: a half-written
// page, a broken layout and a deleted page each give a reload; the errors
// show in place of pages and the next good save recovers.
func TestWatchErrorsAndRecoveryIncremental(t *testing.T) {
	root, url, ev, _ := watching(t)
	// A save can arrive as two batches of events on a loaded machine (the
	// truncation, then the write), so each step waits for reloads until the
	// page is as expected, for at most 10 s.
	expect := func(step, path string, code int, contains string) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case <-ev:
			case <-deadline:
				got, body := get(t, url+path)
				t.Fatalf("%s: GET %s = %d, want %d with %q:\n%s", step, path, got, code, contains, body)
			}
			if got, body := get(t, url+path); got == code && strings.Contains(body, contains) {
				return
			}
		}
	}
	page := filepath.Join(root, "content", "partners", "roche.md")
	mustWrite(t, page, "---\ntitle: [Roche\n") // saved half-written
	expect("half-written page", "/partners/roche/", http.StatusInternalServerError, "content/partners/roche.md")
	mustWrite(t, page, "---\ntitle: Roche again\n---\n")
	expect("fixed page", "/partners/roche/", http.StatusOK, "<h1>Roche again</h1>")

	single := filepath.Join(root, "layouts", "_default", "single.html")
	good := mustRead(t, single)
	mustWrite(t, single, `{{define "main"}}<h1>{{.Title}</h1>{{end}}`)
	expect("broken layout", "/partners/roche/", http.StatusInternalServerError, "layouts/_default/single.html")
	mustWrite(t, single, good)
	expect("fixed layout", "/partners/roche/", http.StatusOK, "<h1>Roche again</h1>")

	if err := os.Remove(page); err != nil {
		t.Fatal(err)
	}
	expect("deleted page", "/partners/roche/", http.StatusNotFound, "")
}
