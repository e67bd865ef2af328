// Package attachmenttest stands in for GitHub's upload hosts in tests,
// without the network: one local HTTP server answers for every host, and
// the client it gives routes every request there, with the host that was
// asked for in the request's Host. The hosts the fetcher allows are not
// changed: a test asks for https://github.com/user-attachments/... as
// production does.
package attachmenttest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/uio-partner/portal/internal/images/imagetest"
)

// Server is the stand-in.
type Server struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []string // host + path of every request that arrived
}

// New starts a server whose handler sees every request, with r.Host the
// host the client asked for; it stops when the test ends.
func New(tb testing.TB, h http.Handler) *Server {
	s := &Server{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.got = append(s.got, r.Host+r.URL.Path)
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	tb.Cleanup(s.srv.Close)
	return s
}

// Client returns a client whose requests, to any host and over http or
// https, reach the server.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: roundTripper{s}}
}

// Requests are the host + path of the requests that arrived, in order.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{}, s.got...)
}

type roundTripper struct{ s *Server }

func (rt roundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	out := r.Clone(r.Context())
	u := *r.URL
	u.Scheme, u.Host = "http", rt.s.srv.Listener.Addr().String()
	out.URL, out.Host = &u, r.URL.Host
	return rt.s.srv.Client().Transport.RoundTrip(out)
}

// JPEG is a real w×h JPEG photo (imagetest's, without EXIF).
func JPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	return imagetest.JPEG(tb, imagetest.Halves(w, h), imagetest.EXIF{}, nil)
}

// StorageHost is where the stand-in's github.com sends attachments, as
// github.com does for a public repository.
const StorageHost = "github-production-user-asset-6210df.s3.amazonaws.com"

// NewGitHub stands in for GitHub's attachments: github.com answers
// /user-attachments/assets/<name> with a redirect to a signed address on
// StorageHost, which serves files[name] (404 for another name), as do
// user-images.githubusercontent.com/<user>/<name> and
// private-user-images.githubusercontent.com. A request to any other host
// fails the test. Query parameters on the github.com address change what
// it does: to=URL redirects there instead, loop=1 redirects back to
// itself, chunked=1 sends the file without a Content-Length.
func NewGitHub(tb testing.TB, files map[string][]byte) *Server {
	return New(tb, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		switch r.Host {
		case "github.com":
			name, ok := strings.CutPrefix(r.URL.Path, "/user-attachments/assets/")
			switch {
			case !ok:
				http.NotFound(w, r)
			case q.Get("loop") != "":
				http.Redirect(w, r, "https://github.com"+r.URL.RequestURI(), http.StatusFound)
			case q.Get("to") != "":
				http.Redirect(w, r, q.Get("to"), http.StatusFound)
			default:
				// The signature is a credential for a few minutes: it
				// must never appear in a reply.
				http.Redirect(w, r, "https://"+StorageHost+"/1/"+name+"?X-Amz-Signature=secret&"+r.URL.RawQuery, http.StatusFound)
			}
		case StorageHost, "user-images.githubusercontent.com", "private-user-images.githubusercontent.com":
			name := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
			data, ok := files[name]
			if !ok {
				http.NotFound(w, r)
				return
			}
			if q.Get("chunked") != "" {
				w.(http.Flusher).Flush()
			} else {
				w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			}
			w.Header().Set("Content-Type", "image/jpeg") // whatever it is: what counts is the bytes
			w.Write(data)
		default:
			tb.Errorf("a request reached %s%s, which is not GitHub", r.Host, r.URL.Path)
			http.Error(w, "not GitHub", http.StatusForbidden)
		}
	}))
}
