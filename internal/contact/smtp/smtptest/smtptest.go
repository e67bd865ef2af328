// Package smtptest is a small but real SMTP server for tests: it speaks the
// protocol over TCP (EHLO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP,
// QUIT, and STARTTLS when given a certificate) and records every message it
// accepts. It can refuse chosen recipients with a permanent error, as a
// relay does for an unknown mailbox. Written here rather than pulled in as a
// dependency because tests need only this much of SMTP and the production
// path must not depend on a server library.
package smtptest

import (
	"bufio"
	"crypto/tls"
	"net"
	"net/textproto"
	"strings"
	"sync"
)

// Mail is one accepted message.
type Mail struct {
	From string
	To   []string
	Data string // with CRLF line ends, dot-unstuffed
	TLS  bool   // whether it came over a STARTTLS session
}

// Server is a running test SMTP server.
type Server struct {
	ln  net.Listener
	tls *tls.Config // nil: STARTTLS is not offered

	mu       sync.Mutex
	mail     []Mail
	reject   map[string]string // recipient -> reply line, e.g. "550 5.1.1 no such user"
	commands []string          // verbs received, for asserting what was (not) said in clear
	wg       sync.WaitGroup
}

// Start listens on addr ("127.0.0.1:0" for any free port) and serves
// without TLS, as a relay that offers no STARTTLS.
func Start(addr string) (*Server, error) { return StartTLS(addr, nil) }

// StartTLS is Start with STARTTLS offered, using cfg's certificate.
func StartTLS(addr string, cfg *tls.Config) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln, tls: cfg, reject: map[string]string{}}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Reject makes RCPT TO:<rcpt> answer reply, e.g. "550 5.1.1 no such user".
func (s *Server) Reject(rcpt, reply string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject[strings.ToLower(rcpt)] = reply
}

// Commands returns the verbs received so far, in order, with "(tls)" after
// each sent inside a TLS session.
func (s *Server) Commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.commands...)
}

// Addr returns the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Mail returns a copy of the messages received so far.
func (s *Server) Mail() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mail...)
}

// Close stops the server and waits for open sessions to end.
func (s *Server) Close() error {
	err := s.ln.Close()
	s.wg.Wait()
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.session(c)
		}()
	}
}

func (s *Server) session(conn net.Conn) {
	defer func() { conn.Close() }()
	c := textproto.NewConn(conn)
	_ = c.PrintfLine("220 smtptest ready")
	var cur Mail
	secure := false
	for {
		line, err := c.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		s.mu.Lock()
		if secure {
			s.commands = append(s.commands, verb+" (tls)")
		} else {
			s.commands = append(s.commands, verb)
		}
		s.mu.Unlock()
		switch verb {
		case "EHLO", "HELO":
			if s.tls != nil && !secure {
				_ = c.PrintfLine("250-smtptest\r\n250-STARTTLS\r\n250 8BITMIME")
			} else {
				_ = c.PrintfLine("250-smtptest\r\n250 8BITMIME")
			}
		case "STARTTLS":
			if s.tls == nil || secure {
				_ = c.PrintfLine("502 not implemented")
				continue
			}
			_ = c.PrintfLine("220 go ahead")
			tc := tls.Server(conn, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, c, secure, cur = tc, textproto.NewConn(tc), true, Mail{}
		case "MAIL":
			cur = Mail{From: addrArg(arg), TLS: secure}
			_ = c.PrintfLine("250 ok")
		case "RCPT":
			rcpt := addrArg(arg)
			s.mu.Lock()
			reply, refused := s.reject[strings.ToLower(rcpt)]
			s.mu.Unlock()
			if refused {
				_ = c.PrintfLine("%s", reply)
				continue
			}
			cur.To = append(cur.To, rcpt)
			_ = c.PrintfLine("250 ok")
		case "DATA":
			_ = c.PrintfLine("354 end with <CRLF>.<CRLF>")
			data, err := readData(c.R)
			if err != nil {
				return
			}
			cur.Data = data
			s.mu.Lock()
			s.mail = append(s.mail, cur)
			s.mu.Unlock()
			cur = Mail{TLS: secure}
			_ = c.PrintfLine("250 queued")
		case "RSET":
			cur = Mail{TLS: secure}
			_ = c.PrintfLine("250 ok")
		case "NOOP":
			_ = c.PrintfLine("250 ok")
		case "QUIT":
			_ = c.PrintfLine("221 bye")
			return
		default:
			_ = c.PrintfLine("502 not implemented")
		}
	}
}

// addrArg takes "FROM:<a@b>" or "TO:<a@b>" to "a@b".
func addrArg(arg string) string {
	_, a, _ := strings.Cut(arg, ":")
	a, _, _ = strings.Cut(strings.TrimSpace(a), " ")
	return strings.Trim(a, "<>")
}

// readData reads lines up to the lone dot, undoing dot-stuffing and keeping
// CRLF line ends, so tests see the message as the sender meant it.
func readData(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", err
		}
		if line == ".\r\n" {
			return b.String(), nil
		}
		b.WriteString(strings.TrimPrefix(line, "."))
	}
}
