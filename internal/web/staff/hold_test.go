package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// mustDeadlines gives the fixture's case two running deadlines directly in
// storage: requested information due 6 March 2026 (an internal target a
// hold pauses; overdue at the fixture's time) and the registrant's
// response due 24 March 2026 (statutory).
func (f *fixture) mustDeadlines(t *testing.T) {
	t.Helper()
	_, err := f.db.Writer().ExecContext(context.Background(), `UPDATE cases SET deadlines = $1, next_due_at = $2 WHERE id = $3`,
		`[{"Name":"information_due","Label":"Requested information due","Due":"2026-03-06T10:00:00Z"},`+
			`{"Name":"registrant_response","Label":"Registrant's response due","Due":"2026-03-24T10:00:00Z"}]`,
		time.Date(2026, 3, 6, 10, 0, 0, 0, time.UTC), f.theCase.ID)
	if err != nil {
		t.Fatal(err)
	}
}

func TestCaseClocksAndHolds(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		f.mustDeadlines(t)
		cm := f.signedIn(t, f.caseManager)
		id := f.theCase.ID
		res := f.get(t, cm, "/cases/"+id)
		for _, want := range []string{">Breached<", ">Overdue<",
			"Requested information due: was due 6 March 2026, 4 days overdue (2 working days)",
			"Registrant&#39;s response due: due 24 March 2026, 14 days left (10 working days)", "(statutory: runs on through a hold)", `id="clocks"`, "Time since receipt", "8 days (received 2 March 2026; Under 3 months)",
			"Case age target", "Within 15 months of receipt, time on hold excluded: missed from 3 June 2027",
			"Put this case on hold", `action="/cases/` + id + `/hold"`} {
			if !strings.Contains(res.body, want) {
				t.Errorf("case page lacks %q", want)
			}
		}

		// Errors keep what was typed.
		version := strconv.Itoa(f.theCase.Version)
		res = f.post(t, cm, "/cases/"+id+"/hold", url.Values{"case_version": {version}, "hold_details": {"Trial in May"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Select why the case is going on hold") ||
			!strings.Contains(res.body, ">Trial in May</textarea>") || !strings.HasPrefix(title(res.body), "Error: ") {
			t.Errorf("hold without a reason: %d\n%s", res.status, res.body)
		}
		// A stale version is refused with the form kept.
		res = f.post(t, cm, "/cases/"+id+"/hold", url.Values{"case_version": {"1"}, "hold_reason": {"health"}, "hold_details": {"Unwell"}})
		if res.status != http.StatusConflict || !strings.Contains(res.body, "This case has changed since you opened it") {
			t.Errorf("stale hold: %d", res.status)
		}

		res = f.post(t, cm, "/cases/"+id+"/hold", url.Values{"case_version": {version},
			"hold_reason": {string(fitness.HoldCriminalProceedings)}, "hold_details": {"Trial listed for May."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("place hold: %d\n%s", res.status, res.body)
		}
		res = f.get(t, cm, "/cases/"+id)
		for _, want := range []string{"Case put on hold", ">On hold<", "Awaiting a police investigation or criminal proceedings",
			"Trial listed for May.", "Take off hold", "Put on hold: Awaiting a police investigation"} {
			if !strings.Contains(res.body, want) {
				t.Errorf("case page on hold lacks %q", want)
			}
		}
		if res := f.get(t, cm, "/cases/"+id+"/hold"); res.status != 200 || !strings.Contains(res.body, "Take the case off hold") {
			t.Errorf("hold page while on hold: %d", res.status)
		}

		// Registrars act on cases but do not place or end holds.
		reg := f.signedIn(t, f.mustUser(t, "rae.registrar@example.org", "Rae Registrar", fitness.RoleRegistrar))
		if res := f.post(t, reg, "/cases/"+id+"/hold/end", url.Values{"case_version": {strconv.Itoa(f.theCase.Version + 1)}}); res.status != http.StatusNotFound {
			t.Errorf("registrar ending a hold: %d; want 404", res.status)
		}
		if strings.Contains(f.get(t, reg, "/cases/"+id).body, "Take off hold") {
			t.Errorf("registrar offered the end-hold form")
		}
		cm = f.signedIn(t, f.caseManager) // test clients share one cookie jar

		f.setAppNow(f.now.Add(72 * time.Hour))
		res = f.post(t, cm, "/cases/"+id+"/hold/end", url.Values{"case_version": {strconv.Itoa(f.theCase.Version + 1)},
			"hold_note": {"Trial adjourned; continuing."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("end hold: %d\n%s", res.status, res.body)
		}
		res = f.get(t, cm, "/cases/"+id)
		for _, want := range []string{"Case taken off hold", "Earlier holds (1)", "Trial adjourned; continuing.", "Taken off hold after 0 days"} {
			if !strings.Contains(res.body, want) {
				t.Errorf("case page after the hold lacks %q", want)
			}
		}
		// Ending again is stale: the form says so.
		res = f.post(t, cm, "/cases/"+id+"/hold/end", url.Values{"case_version": {strconv.Itoa(f.theCase.Version + 2)}})
		if res.status != http.StatusConflict {
			t.Errorf("ending a hold that has ended: %d", res.status)
		}
	})
}
