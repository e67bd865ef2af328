package contacthttp

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Server is the standalone contact endpoint: the form's handler at its
// path, the pages behind the links in the unit's mails, and GET /healthz,
// with timeouts so slow clients cannot hold connections.
type Server struct {
	srv *http.Server
	ln  net.Listener
}

// Routes are what the endpoint serves; a nil handler is not served.
type Routes struct {
	Endpoint string       // the form's path: site.yaml's contact.endpoint
	Form     http.Handler // a Handler
	Links    http.Handler // a Links, at LinksPath
	Health   http.Handler // a Health, at /healthz
	// MissEndpoint is where the search page reports searches that found
	// nothing (site.yaml search.miss_endpoint), served by Misses; "" for none.
	MissEndpoint string
	Misses       http.Handler // a Handler.Misses
	// Site serves every other path: the preview's site, so that the
	// preview serves the endpoint as `portal contact serve` does.
	Site http.Handler
}

// NewMux returns the handler that serves routes, each at its path: the one
// place that says where the endpoint's parts are, for `portal contact
// serve` and the preview alike.
func NewMux(routes Routes) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(routes.Endpoint, routes.Form)
	if routes.Links != nil {
		mux.Handle(linksPattern, routes.Links)
	}
	if routes.Health != nil {
		mux.Handle("GET /healthz", routes.Health)
	}
	if routes.MissEndpoint != "" && routes.Misses != nil {
		mux.Handle(routes.MissEndpoint, routes.Misses)
	}
	if routes.Site != nil {
		mux.Handle("/", routes.Site)
	}
	return mux
}

// NewServer returns a server for routes.
func NewServer(routes Routes) *Server {
	return &Server{srv: &http.Server{
		Handler:           NewMux(routes),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second, // a 32 KB body even over a poor mobile link
		WriteTimeout:      30 * time.Second, // covers waiting for the durable commit
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}}
}

// Handler returns the server's routes, for tests that need no listener.
func (s *Server) Handler() http.Handler { return s.srv.Handler }

// Listen binds addr; Addr then tells the address (useful with port 0).
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln = ln
	return nil
}

// Addr returns the bound address.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Serve serves until ctx is done, then stops accepting and lets in-flight
// requests finish (up to grace), so a SIGTERM during a deploy drops no inquiry
// that was being stored.
func (s *Server) Serve(ctx context.Context, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := s.srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
