package devserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Serve serves h (the preview, with whatever is mounted beside it) on ln
// to requests for the preview's own address (OnlyOwnHosts, listen), and
// rebuilds on every save, until ctx ends or watching fails.
func (s *Server) Serve(ctx context.Context, ln net.Listener, h http.Handler, listen string) error {
	// Requests share ctx, so open live-reload streams end on Ctrl+C.
	hs := &http.Server{Handler: OnlyOwnHosts(h, listen), ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	werr := make(chan error, 1)
	go func() { werr <- s.Watch(ctx) }()
	select {
	case <-ctx.Done():
	case err := <-werr:
		if err != nil {
			hs.Close()
			return fmt.Errorf("watch %s: %w", s.Options.Source, err)
		}
	case err := <-done:
		return err
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return hs.Close()
}
