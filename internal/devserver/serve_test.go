package devserver

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/sitetest"
)

// lockedBuffer is a bytes.Buffer that Run may write while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Preview.Run listens, builds with drafts as the preview does, says where
// it serves, serves the site there, and stops cleanly when ctx ends.
func TestPreviewRun(t *testing.T) {
	root := newSite(t)
	sitetest.WriteFile(t, root, "content/partners/draft.md", "---\ntitle: Draft\ndraft: true\n---\nNot yet.\n")
	var out, log lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	p := Preview{Addr: "127.0.0.1:0", Options: generator.Options{Source: root, Drafts: true}, Log: &log, Out: &out}
	go func() { done <- p.Run(ctx) }()
	serving := regexp.MustCompile(`serving .* at (http://127\.0\.0\.1:\d+/) \(Ctrl\+C to stop\)`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := serving.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("no serving line; out:\n%s\nlog:\n%s", out.String(), log.String())
	}
	if code, body := get(t, base+"partners/draft/"); code != 200 || !strings.Contains(body, "<h1>Draft</h1>") {
		t.Errorf("GET the draft = %d:\n%s", code, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after ctx ended = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop when ctx ended")
	}
	if err := (Preview{Addr: "not an address", Out: &out, Log: &log}).Run(context.Background()); err == nil {
		t.Error("a listen address that is none: no error")
	}
}
