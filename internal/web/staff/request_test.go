package staff_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// mustRequestWithDocuments answers an art 25 demand with an official and
// an official-sensitive document, then sends another request that stays
// open. It returns the open request and the two documents' ids.
func (f *fixture) mustRequestWithDocuments(t *testing.T) (open fitness.InformationRequest, official, sensitive string) {
	t.Helper()
	ctx := context.Background()
	cm := f.caseManager.Actor()
	q, err := f.requests.SendRequest(ctx, cm, f.theCase.ID, fitness.RequestInput{Kind: fitness.RequestArt25Demand,
		RecipientName: "HR team", Organisation: "Northshire Council", Details: "Supervision records"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := f.requests.RecordResponse(ctx, cm, f.theCase.ID, q.ID, fitness.ResponseInput{
		ReceivedOn: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), Summary: "Records for 2025",
		Uploads: []fitness.Upload{
			{Filename: "supervision.txt", Content: []byte("Supervision log\n"), Classification: fitness.ClassOfficial},
			{Filename: "health-report.pdf", Content: []byte("%PDF-1.7 report"), Classification: fitness.ClassOfficialSensitive},
		}})
	if err != nil {
		t.Fatal(err)
	}
	open, err = f.requests.SendRequest(ctx, cm, f.theCase.ID, fitness.RequestInput{Kind: fitness.RequestOther,
		RecipientName: "Duty manager", Details: "Rota for June"})
	if err != nil {
		t.Fatal(err)
	}
	return open, resp.Documents[0].ID, resp.Documents[1].ID
}

// upload is a file for postMultipart.
type upload struct{ name, content string }

// postMultipart sends a multipart form the way a browser on the same site
// would, with files under "document".
func (f *fixture) postMultipart(t *testing.T, c *http.Client, path string, form url.Values, files ...upload) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(files) == 0 {
		files = []upload{{}} // a browser sends an empty part when no file is chosen
	}
	for _, u := range files {
		w, err := mw.CreateFormFile("document", u.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(u.content))
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("POST", f.srv.URL+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return f.do(t, c, req)
}

// mustContain fails unless body holds every piece.
func mustContain(t *testing.T, what, body string, pieces ...string) {
	t.Helper()
	for _, p := range pieces {
		if !strings.Contains(body, p) {
			t.Errorf("%s: no %q", what, p)
		}
	}
}

func TestRequestPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		c := f.signedIn(t, f.caseManager)
		casePath := "/cases/" + f.theCase.ID
		res := f.get(t, c, casePath)
		mustContain(t, "case page", res.body, "Information requests", "No information has been requested.",
			"Invite the registrant to respond", "Draft the allegation")

		// The form for an invitation is prefilled from the rules: 28 days.
		res = f.get(t, c, casePath+"/requests/new?kind=registrant_invitation")
		mustContain(t, "invitation form", res.body, `name="due-day" type="text" inputmode="numeric" value="7"`,
			`name="due-month" type="text" inputmode="numeric" value="4"`, `value="Seán Ó Briain"`)

		// Problems keep what was typed.
		res = f.post(t, c, casePath+"/requests", url.Values{"kind": {"art25_demand"}, "details": {"Rota for June 2025"},
			"due-day": {"1"}, "due-month": {"1"}, "due-year": {"2026"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.status)
		}
		mustContain(t, "request form with errors", res.body, "Enter who the request is to", "The due date must be in the future",
			"Rota for June 2025", `value="2026"`)

		// A date that is not a real one stores nothing.
		res = f.post(t, c, casePath+"/requests", url.Values{"kind": {"art25_demand"}, "recipient_name": {"HR team"},
			"details": {"Rota"}, "due-day": {"31"}, "due-month": {"2"}, "due-year": {"2026"}})
		mustContain(t, "request form with a bad date", res.body, "The due date must be a real date")
		if qs, _ := f.requests.CaseRequests(context.Background(), f.caseManager.Actor(), f.theCase.ID); len(qs) != 0 {
			t.Fatalf("a request was stored despite the error: %+v", qs)
		}

		res = f.post(t, c, casePath+"/requests", url.Values{"kind": {"art25_demand"}, "recipient_name": {"HR team"},
			"recipient_organisation": {"Northshire Council"}, "details": {"Rota for June 2025"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("send: status %d\n%s", res.status, res.body)
		}
		qs, err := f.requests.CaseRequests(context.Background(), f.caseManager.Actor(), f.theCase.ID)
		if err != nil || len(qs) != 1 {
			t.Fatal(qs, err)
		}
		res = f.get(t, c, casePath)
		mustContain(t, "case page with a request", res.body, "Article 25 demand for information sent to HR team, Northshire Council, due 24 March 2026",
			"HR team, Northshire Council", `<strong class="govuk-tag">Open</strong>`)

		// A response with a document.
		reqPath := casePath + "/requests/" + qs[0].ID
		res = f.postMultipart(t, c, reqPath+"/response", url.Values{"received_on-day": {"10"}, "received_on-month": {"3"},
			"received_on-year": {"2026"}, "summary": {"The rota, with gaps"}, "classification": {"official"}},
			upload{"rota.pdf", "%PDF-1.7 rota"})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != reqPath {
			t.Fatalf("response: %d %s\n%s", res.status, res.header.Get("Location"), res.body)
		}
		res = f.get(t, c, reqPath)
		mustContain(t, "request page", res.body, "Answered", "The rota, with gaps", "rota.pdf", "Official")
		docs, _ := f.documents.CaseDocuments(context.Background(), f.caseManager.Actor(), f.theCase.ID)
		res = f.get(t, c, casePath+"/documents/"+docs[0].ID)
		if res.status != http.StatusOK || res.body != "%PDF-1.7 rota" || res.header.Get("Content-Type") != "application/pdf" ||
			res.header.Get("Content-Disposition") != `attachment; filename=rota.pdf` ||
			res.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("download: %d %v", res.status, res.header)
		}
		var n int
		if err := f.db.Reader().QueryRowContext(context.Background(), `SELECT count(*) FROM access_log
			WHERE action = 'document.download' AND case_id = $1`, f.theCase.ID).Scan(&n); err != nil || n != 1 {
			t.Errorf("downloads in the access log: %d %v", n, err)
		}
	})
}

// TestUploadErrorsKeepValues: a file of the wrong type is refused, and the
// form comes back with the date, summary and classification as typed.
func TestUploadErrorsKeepValues(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		open, _, _ := f.mustRequestWithDocuments(t)
		c := f.signedIn(t, f.caseManager)
		path := "/cases/" + f.theCase.ID + "/requests/" + open.ID + "/response"
		res := f.postMultipart(t, c, path, url.Values{"received_on-day": {"9"}, "received_on-month": {"3"},
			"received_on-year": {"2026"}, "summary": {"Rota attached, typed with care"}, "classification": {"official_sensitive"}},
			upload{"rota.exe", "MZ\x90\x00\x03"})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.status)
		}
		mustContain(t, "response form with errors", res.body, "The selected file must be a PDF, DOCX, JPEG, PNG or TXT",
			"Rota attached, typed with care", `value="9"`, `value="official_sensitive" checked`,
			"Select the files again", `href="#document"`)
		res = f.postMultipart(t, c, path, url.Values{"summary": {"No date"}})
		mustContain(t, "response form without a date", res.body, "Enter the date the response was received", "No date")
		if n, _ := f.documents.CaseDocuments(context.Background(), f.caseManager.Actor(), f.theCase.ID); len(n) != 2 {
			t.Errorf("%d documents stored", len(n))
		}
	})
}

// adverseWords would make "no response received" read as a failing.
var adverseWords = regexp.MustCompile(`(?i)fail|refus|non-?\s?complian|did not co-?operate|not co-?operat|uncooperative|adverse|ignor|neglect|breach|penalt|offence`)

// TestNoResponseShownNeutral: once the time to respond has passed, the
// case page shows a neutral grey "No response received", and nothing the
// page says about it sounds adverse.
func TestNoResponseShownNeutral(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		ctx := context.Background()
		if _, err := f.requests.SendRequest(ctx, f.caseManager.Actor(), f.theCase.ID, fitness.RequestInput{
			Kind: fitness.RequestRegistrantInvitation, RecipientName: "Seán Ó Briain"}); err != nil {
			t.Fatal(err)
		}
		later := time.Date(2026, 4, 8, 9, 0, 0, 0, time.UTC)
		if rep, err := f.requests.MarkOverdue(ctx, later); err != nil || rep.NoResponse != 1 {
			t.Fatalf("sweep %+v %v", rep, err)
		}
		f.setAppNow(later)
		res := f.get(t, f.signedIn(t, f.caseManager), "/cases/"+f.theCase.ID)
		mustContain(t, "case page", res.body, `<strong class="govuk-tag govuk-tag--grey">No response received</strong>`,
			"No response received by 7 April 2026: invitation to the registrant to respond, to Seán Ó Briain")
		start := strings.Index(res.body, `id="requests"`)
		end := strings.Index(res.body, "</main>")
		if start < 0 || end < start {
			t.Fatal("no requests section")
		}
		if w := adverseWords.FindString(res.body[start:end]); w != "" {
			t.Errorf("the page says %q about a registrant who did not respond", w)
		}
	})
}

// TestSensitiveDocumentHiddenFromRegistrar: a registrar sees the official
// document of a response but neither the name nor the content of the
// official-sensitive one.
func TestSensitiveDocumentHiddenFromRegistrar(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		_, official, sensitive := f.mustRequestWithDocuments(t)
		qs, _ := f.requests.CaseRequests(context.Background(), f.caseManager.Actor(), f.theCase.ID)
		answered := qs[len(qs)-1]
		registrar := f.mustUser(t, "rae.registrar@example.org", "Rae Registrar", fitness.RoleRegistrar)
		c := f.signedIn(t, registrar)
		base := "/cases/" + f.theCase.ID
		res := f.get(t, c, base+"/requests/"+answered.ID)
		mustContain(t, "registrar's request page", res.body, "supervision.txt")
		if strings.Contains(res.body, "health-report.pdf") {
			t.Error("the registrar sees the sensitive document's name")
		}
		if res := f.get(t, c, base+"/documents/"+sensitive); res.status != http.StatusNotFound {
			t.Errorf("registrar downloads the sensitive document: %d", res.status)
		}
		if res := f.get(t, c, base+"/documents/"+official); res.status != http.StatusOK {
			t.Errorf("registrar downloads the official document: %d", res.status)
		}
		// The registrar may not record responses or send requests.
		if res := f.get(t, c, base+"/requests/new"); res.status != http.StatusNotFound {
			t.Errorf("registrar's request form: %d", res.status)
		}
		cm := f.signedIn(t, f.caseManager) // the fixture's clients share one cookie jar: the registrar is signed out
		if res := f.get(t, cm, base+"/documents/"+sensitive); res.status != http.StatusOK {
			t.Errorf("case manager downloads the sensitive document: %d", res.status)
		}
	})
}

// investigationPages fills the case with requests, a response with
// documents and two versions of the allegation, and returns the pages of
// the investigation to check with axe, and the forms to send empty to see
// their errors.
func (f *fixture) investigationPages(t *testing.T) (pages, forms []string) {
	t.Helper()
	ctx := context.Background()
	open, _, _ := f.mustRequestWithDocuments(t)
	qs, _ := f.requests.CaseRequests(ctx, f.caseManager.Actor(), f.theCase.ID)
	answered := qs[len(qs)-1]
	if _, err := f.requests.SendRequest(ctx, f.caseManager.Actor(), f.theCase.ID, fitness.RequestInput{
		Kind: fitness.RequestRegistrantInvitation, RecipientName: "Seán Ó Briain"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.requests.MarkOverdue(ctx, time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	in := fitness.AllegationInput{Stem: "As a registered Social Worker, you:",
		Particulars: []fitness.Particular{fitness.ParseParticular("Did not visit Child A:\n(a) on 3 June;\n(b) on 10 June.")},
		Grounds:     []fitness.Ground{fitness.GroundMisconduct}, Impairment: "Your fitness to practise is impaired."}
	for _, reason := range []string{"", "Child B added"} {
		c, err := f.cases.FindCase(ctx, f.caseManager.Actor(), f.theCase.ID)
		if err != nil {
			t.Fatal(err)
		}
		in.Reason = reason
		if reason != "" {
			in.Particulars[0].Text = "Did not visit Child A or Child B:"
			in.Grounds = append(in.Grounds, fitness.GroundLackOfCompetence)
		}
		if _, _, err := f.allegations.AmendAllegation(ctx, f.caseManager.Actor(), c.ID, c.Version, in); err != nil {
			t.Fatal(err)
		}
	}
	base := "/cases/" + f.theCase.ID
	pages = []string{base, base + "/requests/" + answered.ID, base + "/requests/" + open.ID,
		base + "/requests/" + open.ID + "/withdraw", base + "/allegation/versions"}
	forms = []string{base + "/requests/new?kind=art25_demand", base + "/requests/" + open.ID + "/response",
		base + "/allegation/amend"}
	return pages, forms
}
