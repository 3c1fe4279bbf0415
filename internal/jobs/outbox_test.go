package jobs

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// sinkMailer returns a mailer sending to s without TLS.
func sinkMailer(t *testing.T, s *sink) *SMTPMailer {
	t.Helper()
	m, err := NewSMTPMailer(SMTPConfig{Host: s.host, Port: s.port, TLS: TLSNone,
		From: "ftp@regulator.example", FromName: "Fitness to practise", Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (f *fixture) deliverer(t *testing.T, s *sink, retry RetryPolicy) *Deliverer {
	t.Helper()
	return NewDeliverer(f.outbox, sinkMailer(t, s), f.clock.Now, f.logger, retry, 10, time.Minute)
}

func mustDeliver(t *testing.T, d *Deliverer, want Delivery) {
	t.Helper()
	got, err := d.Deliver(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("Deliver = %+v, want %+v", got, want)
	}
}

func (f *fixture) attempts(t *testing.T, id string) []fitness.OutboxAttempt {
	t.Helper()
	a, err := f.outbox.Attempts(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestDeliverOnlyCommitted: mail enqueued in a transaction that rolls back
// is never sent; mail that commits is sent once, its attempt recorded.
func TestDeliverOnlyCommitted(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		s := startSink(t)
		d := f.deliverer(t, s, RetryPolicy{})
		f.MustEnqueue(t, message("rolled.back@example.org"), false)
		id := f.MustEnqueue(t, message("jordan@example.org"), true)

		mustDeliver(t, d, Delivery{Sent: 1})
		mustDeliver(t, d, Delivery{})
		f.clock.Add(48 * time.Hour)
		mustDeliver(t, d, Delivery{})

		got := s.Messages()
		if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != "jordan@example.org" {
			t.Fatalf("sink received %+v", got)
		}
		m, err := f.outbox.Message(context.Background(), id)
		if err != nil || m.Status != fitness.OutboxSent || m.Attempts != 1 {
			t.Errorf("message %+v, %v", m, err)
		}
		a := f.attempts(t, id)
		if len(a) != 1 || a[0].Outcome != fitness.AttemptSent || !strings.Contains(a[0].Detail, "accepted by") {
			t.Errorf("attempts %+v", a)
		}
	})
}

// TestDeliverRetriesThenFails: a server that refuses leads to attempts at
// growing intervals, each recorded, then the message failed for good.
func TestDeliverRetriesThenFails(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		s := startSink(t)
		s.Reject(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"})
		d := f.deliverer(t, s, RetryPolicy{MaxAttempts: 3, Base: time.Minute, Max: time.Hour})
		id := f.MustEnqueue(t, message("jordan@example.org"), true)

		mustDeliver(t, d, Delivery{Retrying: 1}) // attempt 1; next in 1m
		mustDeliver(t, d, Delivery{})
		f.clock.Add(time.Minute)
		mustDeliver(t, d, Delivery{Retrying: 1}) // attempt 2; next in 2m
		f.clock.Add(time.Minute)
		mustDeliver(t, d, Delivery{})
		f.clock.Add(time.Minute)
		mustDeliver(t, d, Delivery{Failed: 1}) // attempt 3, the last

		s.Reject(nil)
		f.clock.Add(24 * time.Hour)
		mustDeliver(t, d, Delivery{})
		if got := s.Messages(); len(got) != 0 {
			t.Errorf("sink received %d messages", len(got))
		}
		m, _ := f.outbox.Message(context.Background(), id)
		if m.Status != fitness.OutboxFailed || m.Attempts != 3 {
			t.Errorf("message %+v", m)
		}
		var outcomes []string
		for _, a := range f.attempts(t, id) {
			outcomes = append(outcomes, a.Outcome)
			if !strings.Contains(a.Detail, "451") {
				t.Errorf("attempt %d detail %q does not give the server's answer", a.Attempt, a.Detail)
			}
		}
		if diff := cmp.Diff([]string{"failed", "failed", "failed"}, outcomes); diff != "" {
			t.Errorf("outcomes (-want +got):\n%s", diff)
		}
	})
}

func TestRetryAt(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	p := RetryPolicy{MaxAttempts: 5, Base: time.Minute, Max: 5 * time.Minute}
	for _, tt := range []struct {
		attempt int
		want    time.Duration // -1: give up
	}{{1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {4, 5 * time.Minute}, {5, -1}, {9, -1}} {
		got := p.RetryAt(tt.attempt, now)
		if (tt.want < 0 && !got.IsZero()) || (tt.want >= 0 && !got.Equal(now.Add(tt.want))) {
			t.Errorf("RetryAt(%d) = %v, want +%v", tt.attempt, got, tt.want)
		}
	}
	if got := (RetryPolicy{}).RetryAt(1, now); !got.Equal(now.Add(time.Minute)) {
		t.Errorf("default RetryAt(1) = %v", got)
	}
}

// TestSMTPMessage checks what goes on the wire: addresses, subject, the
// Message-ID made from the outbox id, both bodies and the attachment.
func TestSMTPMessage(t *testing.T) {
	s := startSink(t)
	m := message("jordan@example.org")
	m.ID, m.BodyHTML = "0190a5e0-0000-7000-8000-000000000001", "<p>The panel found no case to answer.</p>"
	m.Attachments = []fitness.Attachment{{Filename: "notice.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.7 notice")}}
	if _, err := sinkMailer(t, s).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(t)
	msg, err := mail.ReadMessage(strings.NewReader(string(got.Data)))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	if got.From != "ftp@regulator.example" || h.Get("Subject") != "Notice of decision" ||
		h.Get("Message-Id") != "<"+m.ID+"@regulator.example>" || !strings.Contains(h.Get("To"), "jordan@example.org") ||
		!strings.Contains(h.Get("From"), "Fitness to practise") {
		t.Errorf("envelope from %q, headers %v", got.From, h)
	}
	parts := mimeParts(t, h.Get("Content-Type"), msg.Body)
	for _, want := range []string{"text/plain", "text/html", "application/pdf; notice.pdf"} {
		if !strings.Contains(strings.Join(parts, "\n"), want) {
			t.Errorf("no %s part in %q", want, parts)
		}
	}
}

// mimeParts lists the leaf parts of a MIME body as "type; filename".
func mimeParts(t *testing.T, contentType string, body io.Reader) []string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return []string{mt}
	}
	var out []string
	r := multipart.NewReader(body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return out
		} else if err != nil {
			t.Fatal(err)
		}
		for _, sub := range mimeParts(t, p.Header.Get("Content-Type"), p) {
			if p.FileName() != "" {
				sub += "; " + p.FileName()
			}
			out = append(out, sub)
		}
	}
}

// TestSMTPStartTLSRequired: with STARTTLS required, a server that does not
// offer it gets nothing, rather than the message in clear text.
func TestSMTPStartTLSRequired(t *testing.T) {
	s := startSink(t)
	m, err := NewSMTPMailer(SMTPConfig{Host: s.host, Port: s.port, TLS: TLSStartTLS, From: "ftp@regulator.example"})
	if err != nil {
		t.Fatal(err)
	}
	msg := message("jordan@example.org")
	msg.ID = "0190a5e0-0000-7000-8000-000000000002"
	if _, err := m.Send(context.Background(), msg); err == nil {
		t.Error("sent without TLS")
	}
	if len(s.Messages()) != 0 {
		t.Error("the sink received the message in clear text")
	}
}

func TestSMTPConfig(t *testing.T) {
	for _, tt := range []struct {
		cfg  SMTPConfig
		want string // part of the error; "" for none
	}{
		{SMTPConfig{Host: "smtp.example", From: "ftp@regulator.example"}, ""},
		{SMTPConfig{Host: "", From: "ftp@regulator.example"}, "SMTP host"},
		{SMTPConfig{Host: "smtp.example", From: "not an address"}, "mail from"},
		{SMTPConfig{Host: "smtp.example", From: "ftp@regulator.example", TLS: "ssl3"}, "SMTP TLS"},
		{SMTPConfig{Host: "smtp.example", From: "ftp@regulator.example", Port: 70000}, "SMTP port"},
		{SMTPConfig{Host: "smtp.example", From: "ftp@regulator.example", Password: "x"}, "without a username"},
	} {
		_, err := NewSMTPMailer(tt.cfg)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("NewSMTPMailer(%+v) = %v, want %q", tt.cfg, err, tt.want)
		}
	}
	c := SMTPConfig{Host: "smtp.example", From: "ftp@regulator.example", Username: "ftp", Password: "hunter2-secret"}.withDefaults()
	if s := c.String(); strings.Contains(s, "hunter2") || c.Port != 587 || c.TLS != TLSStartTLS {
		t.Errorf("String %q, port %d, TLS %s", s, c.Port, c.TLS)
	}
}
