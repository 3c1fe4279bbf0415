package sqldb

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// letterFixture is a meeting fixture with the letters store and where
// letters to the two social workers go: sw by email, sw2 by post.
type letterFixture struct {
	*meetingFixture
	letters *LetterStore
}

func mustLetterFixture(tb testing.TB, db *DB) *letterFixture {
	tb.Helper()
	f := &letterFixture{meetingFixture: mustMeetingFixture(tb, db)}
	f.letters = NewLetterStore(db, f.cases, f.clock.Now)
	ctx := context.Background()
	if err := f.letters.SetServiceAddress(ctx, f.manager, f.sw.ID, fitness.ServiceAddress{Email: "dana@example.net"}); err != nil {
		tb.Fatal(err)
	}
	if err := f.letters.SetServiceAddress(ctx, f.manager, f.sw2.ID, fitness.ServiceAddress{Postal: "2 Sample Street\nEastby EB1 2AA"}); err != nil {
		tb.Fatal(err)
	}
	return f
}

// letterDocs returns document/role of the letters of a case, in order.
func (f *letterFixture) letterDocs(tb testing.TB, caseID string) []string {
	tb.Helper()
	ls, err := f.letters.CaseLetters(context.Background(), f.manager, caseID)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, l := range ls {
		out = append(out, l.Document+"/"+string(l.RecipientRole)+"/"+string(l.Channel))
	}
	return out
}

// fakeLetter is a rendered letter for r.
func fakeLetter(r fitness.DocumentRequest) fitness.IssuedLetter {
	return fitness.IssuedLetter{HTML: []byte("<p>" + r.Document + " to " + r.RecipientName + "</p>"),
		PDF: []byte("%PDF-1.7\n" + r.ID), Filename: r.Document + ".pdf", Subject: "Notice of decision",
		BodyText: "Please find attached our notice.", Engine: "test"}
}

// TestLettersRequested: every action that issues letters records one
// request per letter and recipient in its own transaction, addressed as
// the parties stand: by email where an address is known, by post where
// not; nobody is written to on an anonymous concern.
func TestLettersRequested(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustLetterFixture(t, db)
		a, b := f.mustICPCase(t, f.sw.ID, false), f.mustICPCase(t, f.sw2.ID, false)
		a = f.MustApply(t, f.officer, a, fitness.ActionNoCaseToAnswer,
			fitness.Input{"decision_date": "2026-03-10", "reason": "No realistic prospect."})
		want := []string{
			"acknowledgement/complainant/email",
			"notice_of_investigation/registrant/email",
			"allegation_letter/registrant/email",
			"notice_of_decision/registrant/email",
			"notice_of_decision/complainant/email",
		}
		if diff := cmp.Diff(want, f.letterDocs(t, a.ID)); diff != "" {
			t.Errorf("letters of case a (-want +got):\n%s", diff)
		}
		if got := f.letterDocs(t, b.ID); !slices.Contains(got, "allegation_letter/registrant/post") {
			t.Errorf("letters of case b: %v", got)
		}
		ls, _ := f.letters.CaseLetters(ctx, f.manager, b.ID)
		if ls[1].RecipientName != "Eli Marsh" || ls[1].RecipientAddress != "2 Sample Street\nEastby EB1 2AA" {
			t.Errorf("letter to b's registrant: %+v", ls[1])
		}

		_, cs, err := f.cases.CreateConcern(ctx, f.manager, fitness.ConcernInput{ReceivedOn: date(2026, 3, 2),
			Source: fitness.SourceAnonymous, Summary: "Anonymous.", Subjects: []fitness.ConcernSubject{{RegistrantID: f.sw.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		f.MustApply(t, f.manager, cs[0], fitness.ActionStartTriage, nil)
		if got := f.letterDocs(t, cs[0].ID); len(got) != 0 {
			t.Errorf("letters on an anonymous concern: %v", got)
		}
		_, err = f.letters.CaseLetters(ctx, f.panel, a.ID)
		mustCode(t, err, fitness.ENotFound, "Case not found")
	})
}

// TestIssueLetter: the jobs' side. A claimed request is issued once, in
// one transaction: the PDF stored under its SHA-256 as a case document,
// the email with the PDF attached in the outbox, the service record and
// the case event. A letter by post waits for staff to record the posting,
// which is proof of service in its turn. Nothing issued can be changed.
func TestIssueLetter(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustLetterFixture(t, db)
		a, b := f.mustICPCase(t, f.sw.ID, false), f.mustICPCase(t, f.sw2.ID, false)
		skipEarlier(t, f, db)
		for _, c := range []fitness.Case{a, b} {
			f.MustApply(t, f.officer, c, fitness.ActionNoCaseToAnswer,
				fitness.Input{"decision_date": "2026-03-10", "reason": "No realistic prospect."})
		}
		claimed, err := f.letters.ClaimLetters(ctx, 10, time.Minute)
		if err != nil || len(claimed) != 4 {
			t.Fatalf("claimed %d letters, %v; want 4 notices", len(claimed), err)
		}
		if again, _ := f.letters.ClaimLetters(ctx, 10, time.Minute); len(again) != 0 {
			t.Errorf("claimed %d letters again within the lease", len(again))
		}
		var post fitness.DocumentRequest
		for _, r := range claimed {
			facts, err := f.letters.LetterFacts(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if facts.Event.Type != string(fitness.ActionNoCaseToAnswer) || fitness.RegistrantResponded(facts.Events) ||
				facts.Concern.RaisedByName != "Morgan Public" || facts.Registrant.ID == "" || facts.ProfessionName == "" {
				t.Errorf("facts of %s: %+v", r.ID, facts)
			}
			got, err := f.letters.IssueLetter(ctx, r, fakeLetter(r))
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != fitness.DocumentIssued || got.SHA256 != hexSum(fakeLetter(r).PDF) {
				t.Errorf("issued %+v", got)
			}
			mustStoredContent(t, db, got.SHA256, fakeLetter(r).PDF)
			if got.Channel == fitness.ChannelPost {
				post = got
				if len(got.Service) != 0 {
					t.Errorf("letter by post served already: %+v", got.Service)
				}
				continue
			}
			if len(got.Service) != 1 || got.Service[0].OutboxMessageID == "" || got.Service[0].Served() {
				t.Errorf("service of %s: %+v", got.ID, got.Service)
			}
		}
		_, err = f.letters.IssueLetter(ctx, claimed[0], fakeLetter(claimed[0]))
		mustCode(t, err, fitness.EConflict, "")
		if n := count(t, db, "outbox_messages"); n != 3 {
			t.Errorf("%d emails queued, want 3 (both parties of a, the raiser of b)", n)
		}
		m := f.mustOutboxFor(t, "dana@example.net")
		if len(m.Attachments) != 1 || m.Attachments[0].ContentType != fitness.TypePDF || !bytes.HasPrefix(m.Attachments[0].Content, []byte("%PDF")) || m.CaseID != a.ID {
			t.Errorf("email to the registrant: %+v", m)
		}
		mustLastEvent(t, f, a.ID, fitness.EventDocumentSent, "Notice of decision sent to ")

		f.mustPosting(t, b, post)
		mustImmutable(t, db)
	})
}

// skipEarlier marks the letters of the cases' earlier actions failed, so
// that the test claims only the notices.
func skipEarlier(t *testing.T, f *letterFixture, db *DB) {
	t.Helper()
	mustExec(t, db, `UPDATE document_requests SET status = 'failed', last_error = 'skipped by the test'`)
}

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// mustStoredContent checks that the stored content under sum is want and
// that its hash is sum.
func mustStoredContent(t *testing.T, db *DB, sum string, want []byte) {
	t.Helper()
	var got []byte
	if err := db.Reader().QueryRowContext(context.Background(), `SELECT content FROM document_blobs WHERE sha256 = $1`, sum).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) || hexSum(got) != sum {
		t.Errorf("stored content under %s: %q", sum, got)
	}
}

func (f *letterFixture) mustOutboxFor(t *testing.T, to string) fitness.OutboxMessage {
	t.Helper()
	out := NewOutboxStore(f.db, f.clock.Now)
	ms, err := out.Messages(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.RecipientEmail == to {
			full, err := out.Message(context.Background(), m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return full
		}
	}
	t.Fatalf("no email to %s", to)
	return fitness.OutboxMessage{}
}

// mustLastEvent checks the type and description of a case's last event.
func mustLastEvent(t *testing.T, f *letterFixture, caseID, typ, prefix string) fitness.Event {
	t.Helper()
	evs, err := f.cases.CaseEvents(context.Background(), f.manager, caseID)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if d := fitness.DescribeEvent(f.cases.process, last); last.Type != typ || !strings.HasPrefix(d, prefix) || last.Payload["sha256"] == "" {
		t.Errorf("last event %q: %+v", d, last)
	}
	return last
}

// mustPosting records the posting of letter r on case c.
func (f *letterFixture) mustPosting(t *testing.T, c fitness.Case, r fitness.DocumentRequest) {
	t.Helper()
	ctx := context.Background()
	today := time.Date(f.clock.Now().Year(), f.clock.Now().Month(), f.clock.Now().Day(), 0, 0, 0, 0, time.UTC)
	_, err := f.letters.RecordPosting(ctx, f.manager, c.ID, r.ID, fitness.PostInput{PostedOn: today.AddDate(0, 0, 1)})
	want := map[string]string{"posted_on": "The date the letter was posted must be today or in the past",
		"address": "Enter the address the letter was posted to"}
	if diff := cmp.Diff(want, fitness.ErrorFields(err)); diff != "" {
		t.Errorf("bad posting (-want +got):\n%s", diff)
	}
	_, err = f.letters.RecordPosting(ctx, f.panel, c.ID, r.ID, fitness.PostInput{PostedOn: today, Address: "x"})
	mustCode(t, err, fitness.ENotFound, "Case not found")
	got, err := f.letters.RecordPosting(ctx, f.manager, c.ID, r.ID, fitness.PostInput{PostedOn: today, Address: " 2 Sample Street\nEastby EB1 2AA "})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Served() || len(got.Service) != 1 || got.Service[0].RecordedByName != "Casey Manager" ||
		got.Service[0].Describe(time.UTC) != "Posted on "+today.Format("2 January 2006")+" to 2 Sample Street, Eastby EB1 2AA" {
		t.Errorf("posted letter %+v", got)
	}
	e := mustLastEvent(t, f, c.ID, fitness.EventDocumentPosted, "Notice of decision sent to the registrant by post (posted on ")
	if e.ActorID != f.manager.UserID {
		t.Errorf("posting event by %s", e.ActorID)
	}
}

// mustImmutable checks that issued letters and proof of service cannot be
// changed or deleted, whatever the SQL.
func mustImmutable(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{
		`UPDATE issued_documents SET sha256 = html_sha256`,
		`DELETE FROM issued_documents`,
		`UPDATE service_records SET address = 'elsewhere'`,
		`DELETE FROM service_records`,
		`UPDATE document_blobs SET content = content`,
	} {
		if _, err := db.Writer().ExecContext(ctx, q); err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
}

// TestLetterFailures: a failed attempt is tried again later; the last one
// marks the letter failed, with the reason, for staff to see.
func TestLetterFailures(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustLetterFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{RegistrantID: f.sw.ID})[0]
		f.MustApply(t, f.manager, c, fitness.ActionStartTriage, nil)
		rs, err := f.letters.ClaimLetters(ctx, 10, time.Minute)
		if err != nil || len(rs) != 1 {
			t.Fatalf("claimed %v, %v", rs, err)
		}
		r := rs[0]
		if err := f.letters.MarkLetterFailed(ctx, r.ID, 1, "printer on fire", f.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		mustCode(t, f.letters.MarkLetterFailed(ctx, r.ID, 1, "again", time.Time{}), fitness.EConflict, "")
		if rs, _ := f.letters.ClaimLetters(ctx, 10, time.Minute); len(rs) != 0 {
			t.Fatalf("claimed before the retry time: %v", rs)
		}
		f.clock.Add(2 * time.Hour)
		rs, _ = f.letters.ClaimLetters(ctx, 10, time.Minute)
		if len(rs) != 1 || rs[0].Attempts != 1 {
			t.Fatalf("claimed after the retry time: %+v", rs)
		}
		if err := f.letters.MarkLetterFailed(ctx, r.ID, 2, "There is no template", time.Time{}); err != nil {
			t.Fatal(err)
		}
		got, _ := f.letters.Letter(ctx, r.ID)
		if got.Status != fitness.DocumentFailed || got.LastError != "There is no template" || got.Attempts != 2 {
			t.Errorf("failed letter %+v", got)
		}
		if n, _ := f.letters.Pending(ctx); n != 0 {
			t.Errorf("%d pending", n)
		}
	})
}

// TestLetterFactsWithPanelDecision: a notice of a decision recorded
// through the panel's meeting carries the decision with its findings.
func TestLetterFactsWithPanelDecision(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustLetterFixture(t, db)
		c := f.mustICPCase(t, f.sw.ID, false)
		m := f.mustMeeting(t, date(2026, 4, 20), f.swPanel(), c)
		f.clock.Set(time.Date(2026, 4, 20, 15, 0, 0, 0, time.UTC))
		skipEarlier(t, f, db)
		if _, err := f.meetings.RecordDecision(ctx, actorOf(f.chair), m.ID, c.ID, c.Version, ncaInput()); err != nil {
			t.Fatal(err)
		}
		rs, err := f.letters.ClaimLetters(ctx, 10, time.Minute)
		if err != nil || len(rs) != 2 {
			t.Fatalf("claimed %v, %v", rs, err)
		}
		facts, err := f.letters.LetterFacts(ctx, rs[0])
		if err != nil {
			t.Fatal(err)
		}
		if facts.Decision == nil || len(facts.Decision.Findings) == 0 || facts.Decision.RegistrantResponded {
			t.Errorf("decision in the facts: %+v", facts.Decision)
		}
	})
}

// TestActionAfterServiceEvents: an action taken at the version the actor
// saw is not refused because letters were served since; any other change
// still makes it stale.
func TestActionAfterServiceEvents(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustLetterFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{RegistrantID: f.sw.ID})[0]
		seen := f.MustApply(t, f.manager, c, fitness.ActionStartTriage, nil)
		rs, err := f.letters.ClaimLetters(ctx, 10, time.Minute)
		if err != nil || len(rs) != 1 || rs[0].Channel != fitness.ChannelEmail {
			t.Fatalf("claimed %+v, %v", rs, err)
		}
		if _, err := f.letters.IssueLetter(ctx, rs[0], fakeLetter(rs[0])); err != nil {
			t.Fatal(err)
		}
		next, err := f.cases.ApplyAction(ctx, f.manager, c.ID, seen.Version, fitness.ActionAddNote, fitness.Input{"note": "x"})
		if err != nil || next.Version != seen.Version+2 {
			t.Fatalf("action after a letter was sent: %+v, %v", next, err)
		}
		_, err = f.cases.ApplyAction(ctx, f.manager, c.ID, seen.Version, fitness.ActionAddNote, fitness.Input{"note": "y"})
		mustCode(t, err, fitness.EConflict, "")
	})
}
