package contacthttp_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	contacthttp "github.com/uio-partner/portal/internal/contact/http"
)

// NewMux serves each part at its path, only the parts given, and the site
// (the preview's) everywhere else.
func TestNewMux(t *testing.T) {
	says := func(s string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(s)) })
	}
	routes := contacthttp.Routes{Endpoint: "/api/contact", Form: says("form"), MissEndpoint: "/api/search-miss", Misses: says("misses"), Site: says("site")}
	preview := contacthttp.NewMux(routes)
	routes.Site, routes.Links, routes.Health = nil, says("links"), says("health")
	endpoint := contacthttp.NewMux(routes)
	for _, tc := range []struct {
		h                   http.Handler
		method, path, wants string
	}{
		{preview, "POST", "/api/contact", "form"},
		{preview, "POST", "/api/search-miss", "misses"},
		{preview, "GET", "/offerings/", "site"},
		{preview, "GET", "/healthz", "site"},
		{preview, "GET", contacthttp.LinksPath + "ID/claim", "site"},
		{endpoint, "POST", "/api/contact", "form"},
		{endpoint, "GET", "/healthz", "health"},
		{endpoint, "GET", contacthttp.LinksPath + "ID/claim", "links"},
		{endpoint, "GET", "/offerings/", "404 page not found\n"},
	} {
		rec := httptest.NewRecorder()
		tc.h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		if rec.Body.String() != tc.wants {
			t.Errorf("%s %s = %q, want %q", tc.method, tc.path, rec.Body, tc.wants)
		}
	}
}
