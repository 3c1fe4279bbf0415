package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/jobs"
	"fitness/internal/sqldb"
)

// scenarioClock is the hand-moved clock of a scenario.
type scenarioClock struct {
	mu    sync.Mutex
	t     time.Time
	setAt time.Time
}

// Now is the time last set plus the real time since, so that the jobs'
// retries and leases still fall due while the scenario stands on a date.
func (c *scenarioClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.setAt.IsZero() {
		c.setAt = time.Now()
	}
	return c.t.Add(time.Since(c.setAt))
}

func (c *scenarioClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t, c.setAt = t, time.Now()
}

// scenario is the whole application on one database, its jobs running
// against a local mail server, and a JSON API client per staff user.
type scenario struct {
	t      *testing.T
	app    *app
	clock  *scenarioClock
	runner *jobs.Runner
	sink   *mailSink
	api    *httptest.Server
	tokens map[fitness.Role]string
}

// newScenario starts the application on target at 2 March 2026.
func newScenario(t *testing.T, target string) *scenario {
	t.Helper()
	ctx := context.Background()
	db := mustMigrated(t, target)
	if err := sqldb.EnsureProfessions(ctx, db, fitness.HCPCProfessions()); err != nil {
		t.Fatal(err)
	}
	s := &scenario{t: t, clock: &scenarioClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, sink: startMailSink(t),
		tokens: map[fitness.Role]string{}}
	var err error
	if s.app, err = newApp(db, newLogger(io.Discard, 0), s.clock.Now, sqldb.WithArgonParams(1024, 1, 1)); err != nil {
		t.Fatal(err)
	}
	s.runner, err = startJobs(ctx, s.app, jobs.Config{
		SMTP: jobs.SMTPConfig{Host: s.sink.host, Port: s.sink.port, TLS: jobs.TLSNone, From: "ftp@regulator.example"},
		// Kicks make letters and deliver mail at once; the short intervals
		// are the production safety net for a kick lost under load.
		OutboxInterval: 2 * time.Second, SweepInterval: time.Hour, LetterInterval: 2 * time.Second,
		// A letter or mail that fails under load (a slow browser) is retried
		// within seconds rather than the production minute.
		Retry:        jobs.RetryPolicy{MaxAttempts: 10, Base: time.Second, Max: 5 * time.Second},
		PollInterval: 50 * time.Millisecond,
	}, target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.runner.Stop(context.WithoutCancel(ctx)) })
	h, err := s.app.handler(false, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.api = httptest.NewServer(h)
	t.Cleanup(s.api.Close)
	for role, email := range map[fitness.Role]string{fitness.RoleCaseManager: "casey.manager@example.org",
		fitness.RoleHearingsOfficer: "hal.hearings@example.org"} {
		u, err := s.app.users.CreateUser(ctx, fitness.User{Email: email, Name: role.Label() + " One", Roles: []fitness.Role{role}},
			"correct horse battery staple")
		if err != nil {
			t.Fatal(err)
		}
		if s.tokens[role], err = s.app.users.IssueToken(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// reply is the status and headers of an API answer.
type reply struct {
	status int
	header http.Header
}

// call makes an API request as role and decodes a successful JSON answer
// into out (when not nil), failing the test unless the status is want (0:
// any).
func (s *scenario) call(role fitness.Role, method, path string, body any, want int, out any, headers ...string) reply {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.api.URL+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.tokens[role])
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if want != 0 && res.StatusCode != want {
		s.t.Fatalf("%s %s: status %d, want %d\n%s", method, path, res.StatusCode, want, b)
	}
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			s.t.Fatalf("%s %s: %v\n%s", method, path, err, b)
		}
	}
	return reply{status: res.StatusCode, header: res.Header}
}

// apiCase is what the scenario reads of a case.
type apiCase struct {
	ID, Reference, Stage string
	Version              int
	Open                 bool
	Deadlines            []struct {
		Name string
		Due  time.Time
	}
	LinkedCaseIDs []string `json:"linked_case_ids"`
}

// act takes an action on a case through the API as role, at the version
// the case is at now: a client reads the case, then acts on it. When the
// case changed in between (412: here, the jobs recording that a letter was
// sent), the client reads it again and retries, as the API asks.
func (s *scenario) act(role fitness.Role, caseID string, action fitness.ActionName, in map[string]string) apiCase {
	s.t.Helper()
	for range 5 {
		var c apiCase
		h := s.call(role, "GET", "/api/v1/cases/"+caseID, nil, http.StatusOK, &c)
		status := s.call(role, "POST", "/api/v1/cases/"+caseID+"/actions", map[string]any{"action": action, "input": in},
			0, &c, "If-Match", h.header.Get("ETag")).status
		if status == http.StatusOK {
			return c
		}
		if status != http.StatusPreconditionFailed {
			s.t.Fatalf("%s on %s: status %d", action, caseID, status)
		}
	}
	s.t.Fatalf("%s on %s: the case kept changing", action, caseID)
	return apiCase{}
}

// events returns the event types of a case, through the API.
func (s *scenario) events(caseID string) []string {
	s.t.Helper()
	var out struct {
		Items []struct{ Type, Description string }
	}
	s.call(fitness.RoleCaseManager, "GET", "/api/v1/cases/"+caseID+"/events", nil, http.StatusOK, &out)
	var types []string
	for _, e := range out.Items {
		types = append(types, e.Type)
	}
	return types
}

// TestScenarioNoCaseToAnswer is acceptance scenario 1 of issue 3, through
// the JSON API on both engines: a member of the public raises a concern
// about two social workers of one council; two linked cases are
// investigated; both registrants are invited to respond and neither does;
// at the deadline the jobs record a neutral "no response"; the
// Investigating Committee finds no case to answer for both; the notices
// (PDF) say no inference was drawn and reach both registrants and the
// person who raised the concern through a local mail server.
func TestScenarioNoCaseToAnswer(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("scenario skipped: pdftotext is not installed (apt-get install poppler-utils)")
	}
	forEachTarget(t, func(t *testing.T, target string) {
		s := newScenario(t, target)
		regs := s.mustCouncilSocialWorkers()
		var concern struct{ Cases []apiCase }
		s.call(fitness.RoleCaseManager, "POST", "/api/v1/concerns", map[string]any{
			"received_on": "2026-03-02", "source": "public", "raised_by_name": "Morgan Public",
			"raised_by_email": "morgan@example.net", "summary": "Two social workers did not visit my family.",
			"subjects": []map[string]string{{"registrant_id": regs[0].ID}, {"registrant_id": regs[1].ID}},
		}, http.StatusCreated, &concern, "Idempotency-Key", "scenario-1")
		if len(concern.Cases) != 2 || len(concern.Cases[0].LinkedCaseIDs) != 1 || concern.Cases[0].LinkedCaseIDs[0] != concern.Cases[1].ID {
			t.Fatalf("cases of the concern: %+v", concern.Cases)
		}
		var due time.Time
		for _, c := range concern.Cases {
			s.act(fitness.RoleCaseManager, c.ID, fitness.ActionStartTriage, nil)
			s.act(fitness.RoleCaseManager, c.ID, fitness.ActionStartInvestigation, nil)
			s.act(fitness.RoleCaseManager, c.ID, fitness.ActionCompleteInvestigation, nil)
			served := s.act(fitness.RoleCaseManager, c.ID, fitness.ActionServeAllegation,
				map[string]string{"ground": "misconduct", "allegation": "You did not visit Family A between May and July 2025."})
			if len(served.Deadlines) != 1 || served.Deadlines[0].Name != fitness.DeadlineRegistrantResponse {
				t.Fatalf("deadlines after serving the allegation: %+v", served.Deadlines)
			}
			due = served.Deadlines[0].Due
			if q := s.invitation(c.ID); q.Status != "open" || q.DueOn != due.Format(time.DateOnly) {
				t.Fatalf("invitation after serving the allegation: %+v; want open, due %s", q, due.Format(time.DateOnly))
			}
		}

		s.clock.Set(due.Add(24 * time.Hour))
		if err := s.runner.SweepNow(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, c := range concern.Cases {
			s.waitFor(func() bool {
				return strings.Contains(strings.Join(s.events(c.ID), " "), string(fitness.ActionNoResponse))
			})
			s.checkOneNoResponse(c.ID)
			s.act(fitness.RoleCaseManager, c.ID, fitness.ActionReferToICP, nil)
			closed := s.act(fitness.RoleHearingsOfficer, c.ID, fitness.ActionNoCaseToAnswer, map[string]string{
				"decision_date": s.clock.Now().Format(time.DateOnly),
				"reason":        "There is no realistic prospect of proving that the visits were missed.\n\n" + fitness.NoInferenceStatement})
			if closed.Stage != string(fitness.StageClosedNoCaseToAnswer) || closed.Open {
				t.Fatalf("case after the decision: %+v", closed)
			}
		}
		s.checkNotices(pdftotext, concern.Cases, regs)
	})
}

// mustCouncilSocialWorkers puts two social workers of Eastshire Council on
// the register, each with an email address for service.
func (s *scenario) mustCouncilSocialWorkers() []fitness.Registrant {
	s.t.Helper()
	ctx := context.Background()
	council, err := s.app.registrants.CreateEmployer(ctx, fitness.Employer{Name: "Eastshire Council", Kind: "council", Town: "Eastby"})
	if err != nil {
		s.t.Fatal(err)
	}
	var out []fitness.Registrant
	for i, name := range [][2]string{{"Dana", "Fairweather"}, {"Eli", "Marsh"}} {
		r, err := s.app.registrants.CreateRegistrant(ctx, fitness.Registrant{Number: fmt.Sprintf("SW20000%d", i+1),
			ProfessionCode: "social-worker", GivenNames: name[0], FamilyName: name[1], Status: fitness.StatusRegistered,
			RegisteredSince: time.Date(2014, 9, 1, 0, 0, 0, 0, time.UTC), Town: "Eastby"})
		if err == nil {
			_, err = s.app.registrants.AddEmployment(ctx, fitness.Employment{RegistrantID: r.ID, EmployerID: council.ID,
				Role: "Social worker", From: time.Date(2019, 1, 7, 0, 0, 0, 0, time.UTC)})
		}
		if err != nil {
			s.t.Fatal(err)
		}
		s.setServiceEmail(r.ID, strings.ToLower(name[0])+"@example.net")
		out = append(out, r)
	}
	return out
}

// setServiceEmail records where letters to a registrant are emailed.
func (s *scenario) setServiceEmail(registrantID, email string) {
	s.t.Helper()
	cm, err := s.app.users.FindUserByEmail(context.Background(), "casey.manager@example.org")
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.app.letters.SetServiceAddress(context.Background(), cm.Actor(), registrantID,
		fitness.ServiceAddress{Email: email}); err != nil {
		s.t.Fatal(err)
	}
}

// waitFor polls ok until it holds, failing after two minutes (a guard
// against hanging, not a timing assertion).
func (s *scenario) waitFor(ok func() bool) {
	s.t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); !ok(); {
		if time.Now().After(deadline) {
			s.t.Fatal("the jobs did not get there")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkNotices reads every mail the sink received: each case's letters
// (acknowledgement, notice of investigation, allegation letter and the
// notices of decision) reach their recipients; the notices' PDFs hold the
// case reference and say no inference was drawn; the stored PDF's hash is
// that of its bytes, and the cases record the notices as sent.
func (s *scenario) checkNotices(pdftotext string, cases []apiCase, regs []fitness.Registrant) {
	s.t.Helper()
	notices := map[string]int{} // recipient → notices of decision
	for range 10 {              // five letters on each of two cases
		m := mustParseMail(s.t, s.sink.Wait(s.t))
		if !strings.HasPrefix(m.Subject, "Notice of decision: ") {
			continue
		}
		ref := strings.TrimPrefix(m.Subject, "Notice of decision: ")
		notices[m.To]++
		if len(m.PDFs) != 1 || !strings.Contains(m.Text, ref) {
			s.t.Errorf("notice to %s: %d PDFs, text %q", m.To, len(m.PDFs), m.Text)
		}
		for name, pdf := range m.PDFs {
			text := strings.Join(strings.Fields(pdfText(s.t, pdftotext, pdf)), " ")
			for _, want := range []string{ref, "no case to answer", "drew no inference from the fact that"} {
				if !strings.Contains(text, want) {
					s.t.Errorf("%s to %s lacks %q:\n%s", name, m.To, want, text)
				}
			}
		}
	}
	want := map[string]int{"dana@example.net": 1, "eli@example.net": 1, "morgan@example.net": 2}
	if fmt.Sprint(notices) != fmt.Sprint(want) {
		s.t.Errorf("notices of decision by recipient: %v, want %v", notices, want)
	}
	for _, c := range cases {
		s.checkStoredNotices(c)
	}
}

// apiLetter is what the scenario reads of a letter.
type apiLetter struct {
	Document   string `json:"document"`
	DocumentID string `json:"document_id"`
	SHA256     string `json:"sha256"`
	Served     bool   `json:"served"`
	Service    []struct {
		DeliveryStatus string `json:"delivery_status"`
		Attempts       []struct{ Outcome string }
	} `json:"service"`
}

// checkStoredNotices checks a case's notices of decision through the API:
// each was served by email, its delivery attempt recorded, and the hash
// stored is the SHA-256 of the stored PDF; the case's events record the
// service.
func (s *scenario) checkStoredNotices(c apiCase) {
	s.t.Helper()
	ctx := context.Background()
	cm, err := s.app.users.FindUserByEmail(ctx, "casey.manager@example.org")
	if err != nil {
		s.t.Fatal(err)
	}
	var ls struct{ Items []apiLetter }
	s.waitFor(func() bool { // delivery is recorded just after the server accepts the mail
		s.call(fitness.RoleCaseManager, "GET", "/api/v1/cases/"+c.ID+"/letters", nil, http.StatusOK, &ls)
		return len(ls.Items) == 5 && ls.Items[3].Served && ls.Items[4].Served
	})
	for _, l := range ls.Items[3:] {
		_, content, err := s.app.documents.OpenDocument(ctx, cm.Actor(), c.ID, l.DocumentID)
		if err != nil {
			s.t.Fatal(err)
		}
		sum := sha256.Sum256(content)
		if l.Document != "notice_of_decision" || l.SHA256 != hex.EncodeToString(sum[:]) || !bytes.HasPrefix(content, []byte("%PDF")) ||
			len(l.Service) != 1 || l.Service[0].DeliveryStatus != "sent" || len(l.Service[0].Attempts) != 1 {
			s.t.Errorf("notice of decision as stored and served: %+v", l)
		}
	}
	events := strings.Join(s.events(c.ID), " ")
	if strings.Count(events, fitness.EventDocumentSent) != 5 || !strings.Contains(events, string(fitness.ActionNoResponse)) {
		s.t.Errorf("events of %s: %s", c.Reference, events)
	}
}

// apiRequest is what the scenario reads of an information request.
type apiRequest struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Status string `json:"status"`
	DueOn  string `json:"due_on"`
}

// invitation returns the one information request of a case, which must be
// the invitation to the registrant to respond that serving the allegation
// sent.
func (s *scenario) invitation(caseID string) apiRequest {
	s.t.Helper()
	var list struct{ Items []apiRequest }
	s.call(fitness.RoleCaseManager, "GET", "/api/v1/cases/"+caseID+"/requests", nil, http.StatusOK, &list)
	if len(list.Items) != 1 || list.Items[0].Kind != string(fitness.RequestRegistrantInvitation) {
		s.t.Fatalf("requests of case %s: %+v; want the one invitation to respond", caseID, list.Items)
	}
	return list.Items[0]
}

// checkOneNoResponse checks that the silence was recorded once, as the
// process's neutral "no response received", and closed the invitation
// with it.
func (s *scenario) checkOneNoResponse(caseID string) {
	s.t.Helper()
	var out struct {
		Items []struct{ Type, Description string }
	}
	s.call(fitness.RoleCaseManager, "GET", "/api/v1/cases/"+caseID+"/events", nil, http.StatusOK, &out)
	var neutral []string
	for _, e := range out.Items {
		if e.Type == string(fitness.ActionNoResponse) || e.Type == fitness.EventRequestNoResponse {
			neutral = append(neutral, e.Type+": "+e.Description)
		}
	}
	if len(neutral) != 1 || !strings.HasPrefix(neutral[0], string(fitness.ActionNoResponse)+": No response received") {
		s.t.Errorf("no-response events of case %s: %q; want one neutral \"No response received\"", caseID, neutral)
	}
	if q := s.invitation(caseID); q.Status != string(fitness.RequestNoResponse) {
		s.t.Errorf("invitation after the deadline: %+v; want no_response", q)
	}
}

// pdfText returns the text of a PDF, by pdftotext.
func pdfText(t *testing.T, pdftotext string, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notice.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
