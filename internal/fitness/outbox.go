package fitness

import (
	"net/mail"
	"strings"
	"time"
)

// OutboxStatus is where an outbox message is in its delivery.
type OutboxStatus string

// Outbox statuses.
const (
	OutboxPending OutboxStatus = "pending" // waiting to be sent, or to be tried again
	OutboxSent    OutboxStatus = "sent"    // accepted by the mail server
	OutboxFailed  OutboxStatus = "failed"  // every attempt failed; nobody will try again
)

// Outcomes of one delivery attempt.
const (
	AttemptSent   = "sent"
	AttemptFailed = "failed"
)

// Attachment is a file sent with an outbox message, such as a notice as a
// PDF. SHA256 is the hex digest of Content; storage fills it in.
type Attachment struct {
	Filename    string
	ContentType string
	Content     []byte
	SHA256      string
}

// OutboxMessage is an email (a notice, a letter, a reminder) written to the
// outbox in the same transaction as the change that causes it, and delivered
// afterwards. The outbox is the record of what was served, to whom and when.
type OutboxMessage struct {
	ID             string // UUIDv7; storage makes one when empty
	CaseID         string // "" for mail about no case
	Kind           string // what it is, e.g. "notice_of_decision"
	RecipientName  string
	RecipientEmail string
	Subject        string
	BodyText       string
	BodyHTML       string // optional HTML alternative
	Attachments    []Attachment
	Status         OutboxStatus
	CreatedAt      time.Time
	SentAt         time.Time // zero until sent
	Attempts       int       // delivery attempts made so far
	NextAttemptAt  time.Time // when a pending message may next be tried
}

// OutboxAttempt is one recorded attempt to deliver an outbox message.
type OutboxAttempt struct {
	MessageID string
	Attempt   int // 1, 2, …
	At        time.Time
	Outcome   string // AttemptSent or AttemptFailed
	Detail    string // the mail server's answer or the error
}

// Validate checks that m can be sent: a kind, one valid recipient address,
// a subject and a body. It returns EInvalid with a message per field.
func (m OutboxMessage) Validate() error {
	fe := FieldErrors{}
	if strings.TrimSpace(m.Kind) == "" {
		fe.Add("kind", "Enter what kind of message this is")
	}
	if a, err := mail.ParseAddress(m.RecipientEmail); err != nil || a.Address != m.RecipientEmail {
		fe.Add("recipient_email", "Enter an email address in the correct format, like name@example.com")
	}
	if strings.TrimSpace(m.Subject) == "" {
		fe.Add("subject", "Enter a subject")
	} else if strings.ContainsAny(m.Subject, "\r\n") {
		fe.Add("subject", "The subject must be on one line")
	}
	if strings.TrimSpace(m.BodyText) == "" {
		fe.Add("body_text", "Enter the text of the message")
	}
	for _, a := range m.Attachments {
		if strings.TrimSpace(a.Filename) == "" || strings.ContainsAny(a.Filename, "/\\\r\n") {
			fe.Add("attachments", "Each attachment needs a file name without slashes")
			break
		}
	}
	return fe.Err()
}
