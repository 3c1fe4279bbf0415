package main

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// The local mail server of the scenario tests: the sink of
// internal/jobs's tests, cut down to what they need (test files of another
// package cannot be imported).

// sinkMail is one message the sink accepted.
type sinkMail struct {
	To   []string
	Data []byte
}

// mailSink is a local SMTP server that keeps what it accepts.
type mailSink struct {
	host string
	port int
	got  chan sinkMail
}

// startMailSink starts a sink on a free loopback port, stopped when the
// test ends.
func startMailSink(t *testing.T) *mailSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &mailSink{got: make(chan sinkMail, 100)}
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

// Wait returns the next message accepted, failing the test if none comes
// within two minutes (a guard against hanging, not a timing assertion).
func (s *mailSink) Wait(t *testing.T) sinkMail {
	t.Helper()
	select {
	case m := <-s.got:
		return m
	case <-time.After(2 * time.Minute):
		t.Fatal("no mail arrived at the SMTP sink")
		return sinkMail{}
	}
}

// sinkSession is one SMTP session with the sink.
type sinkSession struct {
	s  *mailSink
	mu sync.Mutex
	to []string
}

func (x *sinkSession) Reset()                               { x.to = nil }
func (x *sinkSession) Logout() error                        { return nil }
func (x *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.to = append(x.to, to)
	return nil
}

func (x *sinkSession) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	x.s.got <- sinkMail{To: x.to, Data: b.Bytes()}
	return nil
}

// parsedMail is a received message: its subject and PDF attachments by
// file name.
type parsedMail struct {
	To      string
	Subject string
	Text    string
	PDFs    map[string][]byte
}

// mustParseMail reads a MIME message and its attachments.
func mustParseMail(t *testing.T, m sinkMail) parsedMail {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	out := parsedMail{To: strings.Join(m.To, ","), Subject: subject, PDFs: map[string][]byte{}}
	walkPart(t, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), "", msg.Body, &out)
	return out
}

// walkPart reads one MIME part, descending into multiparts.
func walkPart(t *testing.T, contentType, encoding, disposition string, body io.Reader, out *parsedMail) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatalf("content type %q: %v", contentType, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return
			} else if err != nil {
				t.Fatal(err)
			}
			walkPart(t, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"),
				p.Header.Get("Content-Disposition"), p, out)
		}
	}
	switch strings.ToLower(encoding) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, newlineStripper{body})
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case mt == "application/pdf":
		_, dp, _ := mime.ParseMediaType(disposition)
		out.PDFs[dp["filename"]] = b
	case mt == "text/plain":
		out.Text = string(b)
	}
}

// newlineStripper drops line breaks from base64 text.
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(p []byte) (int, error) {
	buf := make([]byte, len(p))
	k, err := n.r.Read(buf)
	j := 0
	for _, c := range buf[:k] {
		if c != '\r' && c != '\n' {
			p[j] = c
			j++
		}
	}
	return j, err
}
