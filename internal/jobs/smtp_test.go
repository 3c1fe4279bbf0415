package jobs

import (
	"bytes"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// received is one message the sink accepted.
type received struct {
	From string
	To   []string
	Data []byte
}

// sink is a local SMTP server that keeps what it accepts in memory, or
// refuses every message with reject when that is set.
type sink struct {
	host string
	port int
	got  chan received

	mu     sync.Mutex
	msgs   []received
	reject *smtp.SMTPError
}

// startSink starts a sink on a free loopback port, stopped when the test
// ends.
func startSink(t *testing.T) *sink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{got: make(chan received, 100)}
	addr := ln.Addr().(*net.TCPAddr)
	s.host, s.port = addr.IP.String(), addr.Port
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &sinkSession{s: s}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// Reject makes the sink refuse every message with err (nil to accept).
func (s *sink) Reject(err *smtp.SMTPError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = err
}

// Messages returns what the sink has accepted so far.
func (s *sink) Messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

// Wait returns the next message accepted, failing the test if none comes
// within a minute (a guard against hanging, not a timing assertion).
func (s *sink) Wait(t *testing.T) received {
	t.Helper()
	select {
	case m := <-s.got:
		return m
	case <-time.After(time.Minute):
		t.Fatal("no mail arrived at the SMTP sink")
		return received{}
	}
}

// sinkSession is one SMTP session with the sink.
type sinkSession struct {
	s    *sink
	from string
	to   []string
}

func (x *sinkSession) Reset()        { x.from, x.to = "", nil }
func (x *sinkSession) Logout() error { return nil }

func (x *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *sinkSession) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.reject != nil {
		return x.s.reject
	}
	m := received{From: x.from, To: x.to, Data: b.Bytes()}
	x.s.msgs = append(x.s.msgs, m)
	x.s.got <- m
	return nil
}
