package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/sqlite"
)

// server is a `portal contact serve` subprocess.
type server struct {
	cmd  *exec.Cmd
	addr string
	log  bytes.Buffer
}

func startServer(t *testing.T, bin, db string) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &server{addr: addr}
	s.cmd = exec.Command(bin, "contact", "serve", "--source", "testdata/contact", "--db", db, "--addr", addr, "--rate", "0")
	s.cmd.Stderr = &s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.cmd.Process.Kill()
	t.Fatalf("server did not start:\n%s", s.log.String())
	return nil
}

// outcome of one post: the id on a 2xx, or "" when no answer came.
type outcome struct {
	key, message, id string
}

// load posts unique inquiries from workers until stop is closed.
func load(addr string, workers int, stop <-chan struct{}, prefix string) []outcome {
	var mu sync.Mutex
	var out []outcome
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				o := outcome{key: fmt.Sprintf("%s-%d-%d", prefix, w, i), message: fmt.Sprintf("crash test %s %d %d", prefix, w, i)}
				o.id = post(client, addr, o)
				mu.Lock()
				out = append(out, o)
				mu.Unlock()
				if o.id == "" {
					return // server gone
				}
			}
		}()
	}
	wg.Wait()
	return out
}

func post(client *http.Client, addr string, o outcome) string {
	body, _ := json.Marshal(map[string]string{
		"name": "Crash Test", "email": "crash@example.no", "topic": "general", "message": o.message, "consent": "yes", "key": o.key,
	})
	resp, err := client.Post("http://"+addr+"/api/contact", "application/json", bytes.NewReader(body))
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var r struct{ ID string }
	if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&r) != nil {
		return ""
	}
	return r.ID
}

// TestContactCrash kills the server with SIGKILL under load, restarts it,
// retries the unanswered posts with their idempotency keys, then stops it
// with SIGTERM under load. Every inquiry that got a 2xx must be in the
// database exactly once, and retries must get the id already stored.
func TestContactCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "portal")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "contact.db")

	// Phase 1: SIGKILL mid-load.
	s := startServer(t, bin, db)
	stop := make(chan struct{})
	var first []outcome
	done := make(chan struct{})
	go func() { first = load(s.addr, 16, stop, "a"); close(done) }()
	time.Sleep(1500 * time.Millisecond)
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = s.cmd.Wait()
	close(stop)
	<-done

	// Phase 2: restart; clients retry what got no answer, with the same key.
	s = startServer(t, bin, db)
	client := &http.Client{Timeout: 5 * time.Second}
	acked := map[string]string{} // key -> id
	retried := 0
	for i, o := range first {
		if o.id == "" {
			first[i].id = post(client, s.addr, o)
			retried++
		}
		if first[i].id == "" {
			t.Fatalf("retry of %s after restart failed:\n%s", o.key, s.log.String())
		}
		acked[o.key] = first[i].id
	}

	// Phase 3: SIGTERM under load: in-flight requests finish, exit is clean.
	stop = make(chan struct{})
	done = make(chan struct{})
	var second []outcome
	go func() { second = load(s.addr, 16, stop, "b"); close(done) }()
	time.Sleep(700 * time.Millisecond)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v\n%s", err, s.log.String())
	}
	close(stop)
	<-done
	for _, o := range second {
		if o.id != "" {
			acked[o.key] = o.id
		}
	}

	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	all, err := store.Inquiries(context.Background(), contact.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string][]string{}
	for _, q := range all {
		byKey[q.Key] = append(byKey[q.Key], q.ID)
	}
	for key, id := range acked {
		if ids := byKey[key]; len(ids) != 1 || ids[0] != id {
			t.Errorf("acknowledged %s as %s; stored as %v", key, id, ids)
		}
	}
	for key, ids := range byKey {
		if len(ids) != 1 {
			t.Errorf("key %s stored %d times", key, len(ids))
		}
	}
	t.Logf("phase 1: %d posts, %d retried after SIGKILL; phase 3: %d posts; %d acknowledged, %d stored",
		len(first), retried, len(second), len(acked), len(all))
	if len(first) < 100 || len(second) < 50 {
		t.Errorf("too little load to mean anything: %d and %d posts", len(first), len(second))
	}
}
