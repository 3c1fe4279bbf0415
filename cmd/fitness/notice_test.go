package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fitness/internal/docs"
	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// TestNoticeLetter renders a notice of decision through the document
// templates to the registrant and to the person who raised the concern:
// without a response, each says no inference was drawn.
func TestNoticeLetter(t *testing.T) {
	r, err := docs.New(docs.PureGo())
	if err != nil {
		t.Fatal(err)
	}
	rules := fitness.HCPCRules()
	decided := time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC)
	n := fitness.NoticeOfDecision{Reference: "FTP-2026-00042", Committee: fitness.CommitteeInvestigating,
		Registrant:     fitness.Registrant{GivenNames: "Dana", FamilyName: "Fairweather", Number: "SW100001"},
		ProfessionName: "Social worker in England", Reconsider: rules.PreviousNCAWindow, JudicialReview: rules.JudicialReview,
		Decision: fitness.ICPDecision{Outcome: fitness.OutcomeNoCaseToAnswer, DecidedOn: decided,
			Reasons: "No realistic prospect of proving the facts.", NoInferenceStatement: fitness.NoInferenceStatement,
			Findings: []fitness.ICPFinding{{Number: "1", Text: "You missed visits.", RealisticProspect: fitness.AnswerNo,
				Reasons: "The diary shows the visits."}}}}
	head := letterhead(rules, "")
	for _, to := range []fitness.NoticeRecipient{{Role: fitness.NoticeToRegistrant, Name: "Dana Fairweather"},
		{Role: fitness.NoticeToRaiser, Name: "Morgan Public", Email: "morgan@example.net"}} {
		b, err := r.HTML(noticeLetter(n, to, head, rules, decided.AddDate(0, 0, 1)))
		if err != nil {
			t.Fatalf("%s: %v", to.Role, err)
		}
		page := strings.Join(strings.Fields(string(b)), " ")
		for _, want := range []string{"FTP-2026-00042", "no case to answer", "drew no inference", "You missed visits.",
			"The diary shows the visits.", to.Name} {
			if !strings.Contains(page, want) {
				t.Errorf("letter to the %s lacks %q", to.Role, want)
			}
		}
	}
	n.Decision.RegistrantResponded, n.Decision.NoInferenceStatement = true, ""
	b, err := r.HTML(noticeLetter(n, fitness.NoticeRecipient{Role: fitness.NoticeToRegistrant, Name: "Dana Fairweather"}, head, rules, decided))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "no inference") {
		t.Errorf("a response was sent, yet the letter says no inference was drawn")
	}
}

// TestServerHidesMeetings: nothing of a meeting, its decisions or their
// notices is served to someone not signed in, on any surface.
func TestServerHidesMeetings(t *testing.T) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, filepath.Join(t.TempDir(), "fitness.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a, err := newApp(db, newLogger(nil, 0), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	h, err := a.handler(false, nil)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{
		"/meetings":                               http.StatusSeeOther,
		"/meetings/m1/cases/c1/notice":            http.StatusSeeOther,
		"/meetings/m1/cases/c1/notice/registrant": http.StatusSeeOther,
		"/api/v1/meetings/m1":                     http.StatusUnauthorized,
		"/api/v1/meetings/m1/cases/c1/decision":   http.StatusUnauthorized,
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != want || (want == http.StatusSeeOther && !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in")) {
			t.Errorf("GET %s: %d %s; want %d", path, rec.Code, rec.Header().Get("Location"), want)
		}
	}
}
