package contacthttp

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter is a per-client token bucket, a client being a clientPrefix. The map is bounded: a flood from
// many addresses evicts idle clients instead of growing without end.
type limiter struct {
	every rate.Limit
	burst int
	max   int

	mu      sync.Mutex
	clients map[netip.Prefix]*client
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(perMinute float64, burst, max int) *limiter {
	if perMinute <= 0 {
		return nil // no limit (benchmarks, trusted networks)
	}
	return &limiter{every: rate.Limit(perMinute / 60), burst: max1(burst), max: max, clients: map[netip.Prefix]*client{}}
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// allow reports whether the client ip may post now, and if not, how many
// seconds it should wait (for Retry-After).
func (l *limiter) allow(ip netip.Prefix, now time.Time) (bool, int) {
	if l == nil {
		return true, 0
	}
	l.mu.Lock()
	c, ok := l.clients[ip]
	if !ok {
		if len(l.clients) >= l.max {
			l.evict(now)
		}
		c = &client{lim: rate.NewLimiter(l.every, l.burst)}
		l.clients[ip] = c
	}
	c.seen = now
	l.mu.Unlock()
	if c.lim.AllowN(now, 1) {
		return true, 0
	}
	r := c.lim.ReserveN(now, 1)
	wait := r.DelayFrom(now)
	r.CancelAt(now)
	return false, int(math.Ceil(max(wait.Seconds(), 1)))
}

// evict drops clients whose bucket has refilled (they lose nothing), and if
// that frees too little, an arbitrary tenth: a flood then costs the flooders,
// while the map stays bounded. Called with l.mu held.
func (l *limiter) evict(now time.Time) {
	full := time.Duration(float64(l.burst) / float64(l.every) * float64(time.Second))
	for ip, c := range l.clients {
		if now.Sub(c.seen) > full {
			delete(l.clients, ip)
		}
	}
	for ip := range l.clients {
		if len(l.clients) < l.max*9/10 {
			break
		}
		delete(l.clients, ip)
	}
}

// clientPrefix is the network one client controls: an IPv4 address, or the
// /64 of an IPv6 address. An IPv6 host is routinely given a whole /64 and
// may send from any address in it, so counting single addresses let one
// client rotate past every limit (issue 12, defect 6).
func clientPrefix(a netip.Addr) netip.Prefix {
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits) // the zero prefix for an invalid address
	return p
}

// clientIP returns the peer's address, or the client named in
// X-Forwarded-For when the peer is a trusted proxy. The header is read from
// the right, skipping trusted proxies, because anything left of the last
// proxy we trust was written by the client and may be forged.
func clientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	peer = peer.Unmap()
	if !isTrusted(peer, trusted) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		peer = a.Unmap()
		if !isTrusted(peer, trusted) {
			break
		}
	}
	return peer
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParsePrefixes parses a comma-separated list of CIDRs or single addresses.
func ParsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
