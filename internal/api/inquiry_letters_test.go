package api_test

import (
	"net/http"
	"strings"
	"testing"

	"fitness/internal/fitness"
)

// letters tells the people whose screening opened a case: Cal's case gets
// the notice of investigation requested, with a case event; Bea, screened
// no action, is skipped; a retry with the same Idempotency-Key replays the
// step and a second step requests nothing more.
func (w *inquiryWorld) letters(t *testing.T, base string) {
	t.Helper()
	cal, bea := w.regs["Cal Stillhere"].ID, w.regs["Bea Joinedlate"].ID
	var p apiPerson
	w.member.do("GET", base+"/people/"+cal, nil).want(t, http.StatusOK).decode(t, &p)
	if p.Case == nil {
		t.Fatalf("no case opened for Cal: %+v", p)
	}
	body := map[string]any{"registrant_ids": []string{cal, bea}}
	w.other.do("POST", base+"/letters", body).want(t, http.StatusNotFound)
	w.registrar.do("POST", base+"/letters", body).want(t, http.StatusForbidden)
	f := problemFields(t, w.member.do("POST", base+"/letters", map[string]any{"registrant_ids": []string{}}).
		want(t, http.StatusUnprocessableEntity))
	if f["registrant_ids"] == "" {
		t.Errorf("nobody selected: %v", f)
	}
	var step struct {
		ID   string `json:"id"`
		Kind string `json:"kind"`
	}
	res := w.member.do("POST", base+"/letters", body, "Idempotency-Key", "letters-1").want(t, http.StatusAccepted)
	res.decode(t, &step)
	if step.Kind != string(fitness.BulkLetters) || res.Header.Get("Location") != base+"/steps/"+step.ID {
		t.Errorf("letters step %+v at %q", step, res.Header.Get("Location"))
	}
	replay := w.member.do("POST", base+"/letters", body, "Idempotency-Key", "letters-1").want(t, http.StatusAccepted)
	if replay.Header.Get("Idempotent-Replayed") != "true" {
		t.Error("retry not replayed")
	}
	w.drain(t)
	w.member.do("POST", base+"/letters", map[string]any{"registrant_ids": []string{cal}}).want(t, http.StatusAccepted)
	w.drain(t)
	var detail struct {
		Status string `json:"status"`
		Done   int    `json:"done"`
		Failed int    `json:"failed"`
		Items  []struct {
			RegistrantID string `json:"registrant_id"`
			Status       string `json:"status"`
			Outcome      string `json:"outcome"`
		} `json:"items"`
	}
	w.member.do("GET", base+"/steps/"+step.ID, nil).want(t, http.StatusOK).decode(t, &detail)
	if detail.Status != "done" || detail.Done != 1 || detail.Failed != 1 || len(detail.Items) != 2 {
		t.Fatalf("letters step: %+v", detail)
	}
	for _, it := range detail.Items {
		want := fitness.LetterRequested + " on case " + p.Case.Reference
		if it.RegistrantID == bea {
			want = fitness.LetterSkippedNoCase
		}
		if it.Outcome != want {
			t.Errorf("outcome %q, want %q", it.Outcome, want)
		}
	}
	var events struct {
		Items []struct {
			Type        string `json:"type"`
			Description string `json:"description"`
		} `json:"items"`
	}
	w.member.do("GET", "/api/v1/cases/"+p.Case.ID+"/events", nil).want(t, http.StatusOK).decode(t, &events)
	n := 0
	for _, e := range events.Items {
		if e.Type == fitness.EventNoticeRequested {
			n++
			if !strings.Contains(e.Description, "Notice of investigation") {
				t.Errorf("event described as %q", e.Description)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d notice events on the case, want 1: %+v", n, events.Items)
	}
}
