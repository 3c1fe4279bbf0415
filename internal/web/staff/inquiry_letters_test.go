package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"fitness/internal/fitness"
)

// lettersThroughPages sends the notice of investigation to the registrant
// whose screening opened a case (a refused form first), follows the step
// to its end, finds the request on the case, and sends again: nobody is
// written to twice.
func (f *fixture) lettersThroughPages(t *testing.T, c *http.Client, base string, noAction fitness.Registrant) {
	t.Helper()
	p, err := f.inquiries.Person(context.Background(), f.teamLeader.Actor(), strings.TrimPrefix(base, "/inquiries/"), f.reg.ID)
	if err != nil || p.Screening.CaseID == "" {
		t.Fatalf("no case opened: %+v %v", p.Screening, err)
	}
	res := f.get(t, c, base+"/letters")
	if res.status != http.StatusOK || !strings.Contains(res.body, f.reg.Name()) || !strings.Contains(res.body, p.Screening.CaseReference) ||
		strings.Contains(res.body, noAction.Name()) || !strings.Contains(res.body, "Send letters to the people whose cases were opened") {
		t.Fatalf("letters page: %d\n%s", res.status, res.body)
	}
	res = f.post(t, c, base+"/letters", url.Values{})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `href="#registrants-1"`) {
		t.Errorf("letters with nobody ticked: %d", res.status)
	}
	send := func(want string) {
		t.Helper()
		res := f.post(t, c, base+"/letters", url.Values{"registrants": {f.reg.ID, noAction.ID}})
		if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "/steps/") {
			t.Fatalf("send letters: %d %s", res.status, res.body)
		}
		step := res.header.Get("Location")
		if res = f.get(t, c, step); !strings.Contains(res.body, "Refresh progress") || !strings.Contains(res.body, "0 of 2 done") {
			t.Errorf("step before the job ran lacks its progress:\n%s", res.body)
		}
		f.drainBulk(t)
		res = f.get(t, c, step)
		for _, s := range []string{want, fitness.LetterSkippedNoCase, "Letters to the people whose cases were opened"} {
			if !strings.Contains(res.body, s) {
				t.Errorf("step after the job lacks %q:\n%s", s, res.body)
			}
		}
	}
	send(fitness.LetterRequested + " on case " + p.Screening.CaseReference)
	if res = f.get(t, c, "/cases/"+p.Screening.CaseID); !strings.Contains(res.body, "Notice of investigation requested") {
		t.Errorf("the case does not record the request:\n%s", res.body)
	}
	send(fitness.LetterSkippedAgain)
	if res = f.get(t, c, base+"/letters"); !strings.Contains(res.body, "Finished: 0 of 2 done, 2 not done") ||
		!strings.Contains(res.body, "Finished: 1 of 2 done, 1 not done") {
		t.Errorf("letters page lacks its steps:\n%s", res.body)
	}
}
