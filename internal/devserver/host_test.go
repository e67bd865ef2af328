package devserver

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Against DNS rebinding: the preview answers only requests for its own
// address, so a page elsewhere cannot read drafts or post its contact form
// through a name it points at 127.0.0.1.
func TestOnlyOwnHosts(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	for _, tc := range []struct {
		listen, host string
		want         int
	}{
		{"127.0.0.1:1313", "127.0.0.1:1313", 204},
		{"127.0.0.1:1313", "localhost:1313", 204},
		{"127.0.0.1:1313", "LOCALHOST", 204},
		{"127.0.0.1:1313", "preview.localhost:1313", 204},
		{"127.0.0.1:1313", "[::1]:1313", 204},
		{"0.0.0.0:1313", "192.168.1.20:1313", 204},
		{"laptop.example.org:1313", "laptop.example.org:1313", 204},
		{"laptop.example.org:1313", "Laptop.Example.org.:1313", 204},
		{"127.0.0.1:1313", "rebind.attacker.example:1313", 403},
		{"127.0.0.1:1313", "attacker.example", 403},
		{"127.0.0.1:1313", "localhost.attacker.example", 403},
		{"127.0.0.1:1313", "127.0.0.1.nip.io:1313", 403},
		{"laptop.example.org:1313", "other.example.org:1313", 403},
		{"127.0.0.1:1313", "", 403},
	} {
		req := httptest.NewRequest("GET", "/offerings/", nil)
		req.Host = tc.host
		rec := httptest.NewRecorder()
		OnlyOwnHosts(ok, tc.listen).ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("listening on %s, Host %q: %d, want %d", tc.listen, tc.host, rec.Code, tc.want)
		}
	}
}
