package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"fitness/internal/fitness"
)

// TLS policies for the connection to the mail server.
const (
	TLSNone     = "none"     // plain SMTP: only for a relay on the same host or a trusted network
	TLSStartTLS = "starttls" // STARTTLS required: refuse to send if the server does not offer it
	TLSImplicit = "tls"      // TLS from the first byte (SMTPS, usually port 465)
)

// SMTPConfig is how to reach the mail server that delivers the outbox.
type SMTPConfig struct {
	Host     string        // "" turns delivery off: messages stay pending
	Port     int           // default 587 (25 with TLS none, 465 with TLS tls)
	From     string        // the sender address, e.g. ftp@regulator.example
	FromName string        // optional display name, e.g. "Fitness to practise"
	TLS      string        // TLSNone, TLSStartTLS (the default) or TLSImplicit
	Username string        // optional: authenticate when set
	Password string        // secret; never logged
	Timeout  time.Duration // per connection; default 30s
}

// withDefaults fills in the port, TLS policy and timeout.
func (c SMTPConfig) withDefaults() SMTPConfig {
	if c.TLS == "" {
		c.TLS = TLSStartTLS
	}
	if c.Port == 0 {
		c.Port = map[string]int{TLSNone: 25, TLSStartTLS: 587, TLSImplicit: 465}[c.TLS]
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	return c
}

// validate says what is wrong with a configuration that sends mail.
func (c SMTPConfig) validate() error {
	var errs []error
	if c.Port < 1 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("SMTP port: want 1 to 65535, got %d", c.Port))
	}
	if a, err := mail.ParseAddress(c.From); err != nil || a.Address != c.From {
		errs = append(errs, fmt.Errorf("mail from: want an address such as ftp@regulator.example, got %q", c.From))
	}
	if c.TLS != TLSNone && c.TLS != TLSStartTLS && c.TLS != TLSImplicit {
		errs = append(errs, fmt.Errorf("SMTP TLS: want none, starttls or tls, got %q", c.TLS))
	}
	if c.Timeout < 0 {
		errs = append(errs, errors.New("SMTP timeout: must not be negative"))
	}
	if c.Password != "" && c.Username == "" {
		errs = append(errs, errors.New("SMTP password given without a username"))
	}
	return errors.Join(errs...)
}

// String describes the configuration with the password redacted.
func (c SMTPConfig) String() string {
	auth := "no auth"
	if c.Username != "" {
		auth = "user " + c.Username + ", password redacted"
	}
	return fmt.Sprintf("smtp://%s:%d (tls %s, %s) from %s", c.Host, c.Port, c.TLS, auth, c.From)
}

// SMTPMailer sends outbox messages to a mail server with go-mail, one
// connection per message.
type SMTPMailer struct {
	cfg SMTPConfig
}

// NewSMTPMailer returns a mailer for cfg, with defaults filled in.
func NewSMTPMailer(cfg SMTPConfig) (*SMTPMailer, error) {
	cfg = cfg.withDefaults()
	if strings.TrimSpace(cfg.Host) == "" {
		return nil, errors.New("SMTP host: give the mail server's host name")
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &SMTPMailer{cfg: cfg}, nil
}

// Send delivers m and returns the outcome in words for the attempt record.
// The Message-ID is derived from the outbox id, so a message sent twice
// (after a crash between the server accepting it and the outbox recording
// that) carries the same Message-ID both times and can be recognised as
// one.
func (s *SMTPMailer) Send(ctx context.Context, m fitness.OutboxMessage) (string, error) {
	msg, err := s.message(m)
	if err != nil {
		return "", err
	}
	client, err := s.client()
	if err != nil {
		return "", err
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return "", fmt.Errorf("send to %s:%d: %w", s.cfg.Host, s.cfg.Port, err)
	}
	return fmt.Sprintf("accepted by %s:%d", s.cfg.Host, s.cfg.Port), nil
}

// client returns a go-mail client for the configuration.
func (s *SMTPMailer) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.cfg.Timeout)}
	switch s.cfg.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail client for %s: %w", s.cfg.Host, err)
	}
	return c, nil
}

// message builds the MIME message for m: plain text, an HTML alternative
// when given, and the attachments.
func (s *SMTPMailer) message(m fitness.OutboxMessage) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	var err error
	if s.cfg.FromName != "" {
		err = msg.FromFormat(s.cfg.FromName, s.cfg.From)
	} else {
		err = msg.From(s.cfg.From)
	}
	if err == nil {
		err = msg.AddToFormat(m.RecipientName, m.RecipientEmail)
	}
	if err != nil {
		return nil, fmt.Errorf("address mail %s: %w", m.ID, err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(m.ID + "@" + domainOf(s.cfg.From))
	msg.SetGenHeader("X-Fitness-Outbox-Id", m.ID)
	msg.SetBodyString(gomail.TypeTextPlain, m.BodyText)
	if m.BodyHTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.BodyHTML)
	}
	for _, a := range m.Attachments {
		ct := gomail.ContentType(a.ContentType)
		if ct == "" {
			ct = gomail.TypeAppOctetStream
		}
		if err := msg.AttachReader(a.Filename, bytes.NewReader(a.Content), gomail.WithFileContentType(ct)); err != nil {
			return nil, fmt.Errorf("attach %s to mail %s: %w", a.Filename, m.ID, err)
		}
	}
	return msg, nil
}

// domainOf returns the domain of an address, "localhost" when it has none.
func domainOf(addr string) string {
	if i := strings.LastIndex(addr, "@"); i >= 0 && i < len(addr)-1 {
		return addr[i+1:]
	}
	return "localhost"
}
