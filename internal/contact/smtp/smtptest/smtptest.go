// Package smtptest is a small but real SMTP server for tests: it speaks the
// protocol over TCP (EHLO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP,
// QUIT) and records every message it accepts. Written here rather than
// pulled in as a dependency because tests need only this much of SMTP and
// the production path must not depend on a server library.
package smtptest

import (
	"bufio"
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
}

// Server is a running test SMTP server.
type Server struct {
	ln   net.Listener
	mu   sync.Mutex
	mail []Mail
	wg   sync.WaitGroup
}

// Start listens on addr ("127.0.0.1:0" for any free port) and serves.
func Start(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln}
	s.wg.Add(1)
	go s.accept()
	return s, nil
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
			defer c.Close()
			s.session(textproto.NewConn(c))
		}()
	}
}

func (s *Server) session(c *textproto.Conn) {
	_ = c.PrintfLine("220 smtptest ready")
	var cur Mail
	for {
		line, err := c.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			_ = c.PrintfLine("250-smtptest\r\n250 8BITMIME")
		case "MAIL":
			cur = Mail{From: addrArg(arg)}
			_ = c.PrintfLine("250 ok")
		case "RCPT":
			cur.To = append(cur.To, addrArg(arg))
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
			cur = Mail{}
			_ = c.PrintfLine("250 queued")
		case "RSET":
			cur = Mail{}
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
