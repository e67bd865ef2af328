package devserver

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// OnlyOwnHosts answers only requests whose Host names the preview itself: a
// loopback name (localhost, *.localhost), an IP address, or the host it was
// told to listen on. A web page the editor opens elsewhere could otherwise
// point a name it controls at 127.0.0.1 (DNS rebinding) and read the drafts
// or post through the preview's contact form, as the dev servers of Vite
// and webpack guard against. Other requests get 403 and a page saying why.
func OnlyOwnHosts(next http.Handler, listen string) http.Handler {
	own, _, err := net.SplitHostPort(listen)
	if err != nil {
		own = listen
	}
	own = strings.ToLower(strings.Trim(own, "[]"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !ownHost(r.Host, own) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte("portal serve answers only requests for its own address (localhost, an IP address or " + listen + "), not for " + r.Host + ".\n"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ownHost reports whether the Host header host names the preview.
func ownHost(host, own string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	switch {
	case host == "":
		return false // HTTP/1.1 requires a Host; a request without one is not a browser's
	case host == "localhost" || strings.HasSuffix(host, ".localhost"):
		return true // RFC 6761: always loopback
	case own != "" && host == own:
		return true
	}
	// An address cannot be rebound to another, whatever DNS says.
	_, err := netip.ParseAddr(host)
	return err == nil
}
