package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// wantBody fails unless res has status and its body holds every string.
func wantBody(t *testing.T, what string, res response, status int, wants ...string) {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s: status %d; want %d\n%s", what, res.status, status, res.body)
	}
	for _, w := range wants {
		if !strings.Contains(res.body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// mustStrikeOff moves the fixture's case to "struck off" directly, as the
// striking-off order taking effect would.
func (f *fixture) mustStrikeOff(t *testing.T) {
	t.Helper()
	_, err := f.db.Writer().ExecContext(context.Background(), `UPDATE cases SET stage = 'struck_off', closed_at = $1
		WHERE id = $2`, time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC), f.theCase.ID)
	if err != nil {
		t.Fatal(err)
	}
}

func TestReferralPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		tl := f.signedIn(t, f.teamLeader)
		wantBody(t, "referrals", f.get(t, tl, "/referrals"), http.StatusOK, "There are no referrals to show.",
			"Record a referral received", `href="/barring-prompts"`)
		wantBody(t, "bodies", f.get(t, tl, "/other-bodies"), http.StatusOK, "Care Quality Commission", "Ofsted",
			"Disclosure and Barring Service", "A police force")

		// A body: errors keep what was typed.
		res := f.post(t, tl, "/other-bodies/new", url.Values{"name": {"Northmoor Constabulary"}, "email": {"not-an-email"}})
		wantBody(t, "body with errors", res, http.StatusUnprocessableEntity, "Select what kind of body it is",
			"Enter an email address in the correct format", `value="Northmoor Constabulary"`)
		res = f.post(t, tl, "/other-bodies/new", url.Values{"name": {"Northmoor Constabulary"}, "kind": {"police"},
			"source": {"police"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("add body: %d\n%s", res.status, res.body)
		}

		// A referral received: errors keep the reason; an unknown number is
		// named; then it opens a case with the body's source category.
		in := url.Values{"direction": {"in"}, "body_id": {fitness.BodyIDOfsted}, "registration_number": {"SW000000"},
			"reason": {"A children's home inspection named this social worker."}}
		res = f.post(t, tl, "/referrals/new", in)
		wantBody(t, "inbound with errors", res, http.StatusUnprocessableEntity,
			"No one on the register has the registration number SW000000", "Enter the date of the referral",
			"A children&#39;s home inspection named this social worker.</textarea>")
		in = dateFields(in, "referred_on", time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC))
		res = f.post(t, tl, "/referrals/new", in)
		wantBody(t, "inbound with only an unknown number wrong", res, http.StatusUnprocessableEntity,
			"No one on the register has the registration number SW000000")
		if refs, err := f.cases.ListReferrals(context.Background(), f.teamLeader.Actor(), fitness.ReferralFilter{}); err != nil || len(refs) != 0 {
			t.Fatalf("a refused referral was stored: %+v, %v", refs, err)
		}
		in.Set("registration_number", f.reg2.Number)
		res = f.post(t, tl, "/referrals/new", in)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/cases/") {
			t.Fatalf("inbound: %d %s\n%s", res.status, res.header.Get("Location"), res.body)
		}
		wantBody(t, "opened case", f.get(t, tl, res.header.Get("Location")), http.StatusOK, "Referral from Ofsted recorded as a concern",
			"Referrals and safeguarding", "Received from another body", "Referral from Ofsted: A children")
		cases, err := f.cases.CasesForRegistrant(context.Background(), f.teamLeader.Actor(), f.reg2.ID)
		if err != nil || len(cases) != 1 || cases[0].Source != fitness.SourceOther {
			t.Fatalf("cases of the referred registrant: %+v, %v", cases, err)
		}
		wantBody(t, "registrant page", f.get(t, tl, "/registrants/"+f.reg2.ID), http.StatusOK,
			"Referrals about "+f.reg2.Name(), "Ofsted", "Received from another body")

		// A referral made from the case page, then acknowledged.
		id := f.theCase.ID
		wantBody(t, "outbound form", f.get(t, tl, "/referrals/new?direction=out&case="+id), http.StatusOK,
			f.theCase.Reference, "Record a referral made", `name="case_id" value="`+id+`"`)
		out := dateFields(url.Values{"direction": {"out"}, "case_id": {id}, "body_id": {fitness.BodyIDCareQualityCommission},
			"reason": {"The care home may still employ the registrant."}}, "referred_on", time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
		res = f.post(t, tl, "/referrals/new", out)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/referrals/") {
			t.Fatalf("outbound: %d\n%s", res.status, res.body)
		}
		refPath := res.header.Get("Location")
		wantBody(t, "referral page", f.get(t, tl, refPath), http.StatusOK, "Referral to Care Quality Commission recorded",
			"Awaiting acknowledgement", "Record what happened", `name="referral_version" value="1"`)
		res = f.post(t, tl, refPath, url.Values{"referral_version": {"1"}, "status": {"acknowledged"}, "their_reference": {"CQC-77"}})
		wantBody(t, "acknowledged without a date", res, http.StatusUnprocessableEntity,
			"Enter the date it was acknowledged", `value="CQC-77"`)
		ack := dateFields(url.Values{"referral_version": {"2"}, "status": {"acknowledged"}}, "acknowledged_on", f.now)
		wantBody(t, "stale acknowledgement", f.post(t, tl, refPath, ack), http.StatusConflict,
			"This referral was changed by someone else since you opened it")
		ack.Set("referral_version", "1")
		if res = f.post(t, tl, refPath, ack); res.status != http.StatusSeeOther {
			t.Fatalf("acknowledge: %d\n%s", res.status, res.body)
		}
		wantBody(t, "acknowledged", f.get(t, tl, refPath), http.StatusOK, "Acknowledged", "10 March 2026")
		wantBody(t, "case page", f.get(t, tl, "/cases/"+id), http.StatusOK, "Care Quality Commission", "Referral made to Care Quality Commission")

		// Hearings officers neither see nor record referrals.
		ho := f.signedIn(t, f.mustUser(t, "hal.hearings@example.org", "Hal Hearings", fitness.RoleHearingsOfficer))
		if res := f.get(t, ho, "/referrals/"+strings.TrimPrefix(refPath, "/referrals/")); res.status != http.StatusNotFound {
			t.Errorf("officer reading a referral: %d", res.status)
		}
		if res := f.post(t, ho, "/referrals/new", out); res.status != http.StatusNotFound {
			t.Errorf("officer recording a referral: %d", res.status)
		}
	})
}

func TestBarringPromptPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		// One signed-in client at a time: the fixture's clients share a
		// cookie jar.
		cm := f.signedIn(t, f.caseManager)
		id, version := f.theCase.ID, strconv.Itoa(f.theCase.Version)
		wantBody(t, "case page", f.get(t, cm, "/cases/"+id), http.StatusOK,
			"This case is not marked as a safeguarding case.", "Mark as a safeguarding case")

		res := f.post(t, cm, "/cases/"+id+"/safeguarding", url.Values{"case_version": {version}, "safeguarding_reason": {" "}})
		wantBody(t, "mark without reason", res, http.StatusUnprocessableEntity, "Enter why this is a safeguarding case")
		res = f.post(t, cm, "/cases/"+id+"/safeguarding", url.Values{"case_version": {"99"}, "safeguarding_reason": {"Children at risk."}})
		wantBody(t, "stale mark", res, http.StatusConflict, "This case has changed since you opened it", "Children at risk.</textarea>")
		res = f.post(t, cm, "/cases/"+id+"/safeguarding", url.Values{"case_version": {version},
			"safeguarding_reason": {"Harm to children on the caseload."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("mark: %d\n%s", res.status, res.body)
		}
		page := f.get(t, cm, "/cases/"+id)
		wantBody(t, "marked case", page, http.StatusOK, "Harm to children on the caseload.", "Marked as a safeguarding case")
		if strings.Contains(page.body, "Refer to the Disclosure and Barring Service") {
			t.Error("prompt shown before striking off")
		}

		f.mustStrikeOff(t)
		page = f.get(t, cm, "/cases/"+id)
		wantBody(t, "struck off", page, http.StatusOK, "Refer to the Disclosure and Barring Service",
			`action="/cases/`+id+`/barring"`)
		if res := f.get(t, cm, "/barring-prompts"); res.status != http.StatusNotFound {
			t.Errorf("case manager's prompts: %d; want 404", res.status)
		}
		tl := f.signedIn(t, f.teamLeader)
		wantBody(t, "prompts", f.get(t, tl, "/barring-prompts"), http.StatusOK, f.theCase.Reference, "Harm to children on the caseload.")
		cm = f.signedIn(t, f.caseManager)

		v := regexp.MustCompile(`name="case_version" value="(\d+)"`).FindStringSubmatch(page.body)[1]
		res = f.post(t, cm, "/cases/"+id+"/barring", url.Values{"case_version": {v}, "barring_reference": {"DBS-1"}})
		wantBody(t, "barring without outcome", res, http.StatusUnprocessableEntity,
			"Select whether a referral was made", `value="DBS-1"`)
		made := dateFields(url.Values{"case_version": {v}, "barring_outcome": {"made"}, "barring_reference": {"DBS-1"},
			"barring_reason": {"Struck off for harming children."}}, "barring_on", f.now)
		if res = f.post(t, cm, "/cases/"+id+"/barring", made); res.status != http.StatusSeeOther {
			t.Fatalf("barring: %d\n%s", res.status, res.body)
		}
		page = f.get(t, cm, "/cases/"+id)
		wantBody(t, "decided", page, http.StatusOK, "Barring-service decision recorded",
			"Referral made to the Disclosure and Barring Service", "Disclosure and Barring Service")
		if strings.Contains(page.body, "govuk-warning-text") {
			t.Error("prompt still shown after the decision")
		}
		tl = f.signedIn(t, f.teamLeader)
		wantBody(t, "no prompts", f.get(t, tl, "/barring-prompts"), http.StatusOK, "There are no outstanding prompts.")
	})
}

// mustReferral records a referral made to Ofsted about the second
// registrant, not about a case.
func (f *fixture) mustReferral(t *testing.T) fitness.Referral {
	t.Helper()
	r, _, err := f.cases.CreateReferral(context.Background(), f.teamLeader.Actor(), fitness.ReferralInput{
		Direction: fitness.ReferralOut, BodyID: fitness.BodyIDOfsted, RegistrantID: f.reg2.ID,
		ReferredOn: "2026-03-09", Reason: "Works in a children's home Ofsted inspects."})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
