// Command reload measures save-to-reload time of `portal serve`: it listens to
// the preview's server-sent events, edits a page (or adds one), and reports
// the time from the file write to the "reload" event the browser would act
// on. The page is restored (or removed) afterwards.
//
//	portal serve --source SITE --addr 127.0.0.1:18313 &
//	go run ./bench/reload -site SITE -url http://127.0.0.1:18313 -n 5
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

func main() {
	site := flag.String("site", ".", "site root the preview serves")
	base := flag.String("url", "http://127.0.0.1:1313", "preview address")
	page := flag.String("page", "content/case-studies/case-study-00042.md", "page to edit")
	n := flag.Int("n", 5, "edits (and additions) to time")
	flag.Parse()

	resp, err := http.Get(*base + "/__portal/events")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan time.Time, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if sc.Text() == "event: reload" {
				events <- time.Now()
			}
		}
	}()
	time.Sleep(500 * time.Millisecond) // the hello event

	path := filepath.Join(*site, *page)
	orig, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	defer os.WriteFile(path, orig, 0o644)
	wait := func(start time.Time) time.Duration {
		select {
		case t := <-events:
			return t.Sub(start)
		case <-time.After(30 * time.Second):
			log.Fatal("no reload event within 30 s")
		}
		return 0
	}
	var edits, adds []time.Duration
	for i := 0; i < *n; i++ {
		start := time.Now()
		if err := os.WriteFile(path, append(append([]byte(nil), orig...), fmt.Sprintf("\nEdit %d.\n", i)...), 0o644); err != nil {
			log.Fatal(err)
		}
		edits = append(edits, wait(start))
		time.Sleep(1500 * time.Millisecond) // let the search index catch up, as between real saves

		added := filepath.Join(*site, "content/case-studies", fmt.Sprintf("zz-reload-%d.md", i))
		start = time.Now()
		text := fmt.Sprintf("---\ntitle: Added %d\nsummary: A new page.\ndate: 2026-01-01\npartners: [Roche]\nsectors: [pharma]\n---\n\nBody.\n", i)
		if err := os.WriteFile(added, []byte(text), 0o644); err != nil {
			log.Fatal(err)
		}
		adds = append(adds, wait(start))
		time.Sleep(1500 * time.Millisecond)
		os.Remove(added)
		wait(time.Now())
		time.Sleep(1500 * time.Millisecond)
	}
	fmt.Printf("edit a page, save to reload event: %s\n", summary(edits))
	fmt.Printf("add a page, save to reload event:  %s\n", summary(adds))
}

func summary(d []time.Duration) string {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	var parts []string
	for _, x := range d {
		parts = append(parts, fmt.Sprint(x.Round(time.Millisecond)))
	}
	return fmt.Sprintf("median %s (all: %s)", d[len(d)/2].Round(time.Millisecond), strings.Join(parts, ", "))
}
