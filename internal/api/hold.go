package api

import (
	"net/http"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// holdJSON is a Hold on the wire.
type holdJSON struct {
	ID          string          `json:"id"`
	Reason      string          `json:"reason"`
	ReasonLabel string          `json:"reason_label"`
	Details     string          `json:"details"`
	StartedAt   time.Time       `json:"started_at"`
	StartedBy   eventActorJSON  `json:"started_by"`
	EndedAt     *string         `json:"ended_at"`
	EndedBy     *eventActorJSON `json:"ended_by"`
	EndNote     string          `json:"end_note"`
	Active      bool            `json:"active"`
	Days        int             `json:"days"`
	Paused      []deadlineJSON  `json:"paused"`
}

func newHoldJSON(h fitness.Hold, now time.Time) holdJSON {
	out := holdJSON{ID: h.ID, Reason: string(h.Reason), ReasonLabel: h.Reason.Label(), Details: h.Details,
		StartedAt: h.Start.UTC(), StartedBy: eventActorJSON{ID: h.StartedBy, Name: h.StartedByName},
		EndedAt: timeOrNull(h.End), EndNote: h.EndNote, Active: h.Active(), Days: h.Days(now),
		Paused: []deadlineJSON{}}
	if !h.Active() {
		out.EndedBy = &eventActorJSON{ID: h.EndedBy, Name: h.EndedByName}
	}
	for _, d := range h.Paused {
		out.Paused = append(out.Paused, deadlineJSON{Name: d.Name, Label: d.Label, Due: d.Due.UTC()})
	}
	return out
}

// clocksJSON is every clock of a case on the wire.
type clocksJSON struct {
	ReceivedOn       *string             `json:"received_on"`
	SinceReceiptDays int                 `json:"since_receipt_days"`
	Band             bandJSON            `json:"band"`
	InStageDays      int                 `json:"in_stage_days"`
	InStageHeldDays  int                 `json:"in_stage_held_days"`
	HeldDays         int                 `json:"held_days"`
	OnHold           bool                `json:"on_hold"`
	CaseAge          caseAgeJSON         `json:"case_age"`
	Deadlines        []deadlineClockJSON `json:"deadlines"`
	Breaches         []breachJSON        `json:"breaches"`
	Holds            []holdJSON          `json:"holds"`
}

// caseAgeJSON is the case-age target on the wire.
type caseAgeJSON struct {
	Target     string  `json:"target"`
	CountsFrom *string `json:"counts_from"`
	AgeDays    int     `json:"age_days"`
	Breached   bool    `json:"breached"`
	MissedFrom *string `json:"missed_from"`
}

// deadlineClockJSON is one running deadline measured now.
type deadlineClockJSON struct {
	deadlineJSON
	Pausable    bool   `json:"pausable"`
	Paused      bool   `json:"paused"`
	Overdue     bool   `json:"overdue"`
	Days        int    `json:"days"`
	WorkingDays int    `json:"working_days"`
	Words       string `json:"words"`
}

// breachJSON is one breached clock.
type breachJSON struct {
	Kind     string  `json:"kind"`
	Deadline *string `json:"deadline"`
	Words    string  `json:"words"`
}

// getCaseClocks answers GET /api/v1/cases/{id}/clocks.
func (s *server) getCaseClocks(w http.ResponseWriter, r *http.Request) error {
	c := caseOf(r)
	holds, err := s.Clocks.CaseHolds(r.Context(), actorOf(r), c.ID)
	if err != nil {
		return err
	}
	now := s.now()
	cc := fitness.Clocks(c, s.Rules, holds, now)
	out := clocksJSON{ReceivedOn: dateOrNull(c.ReceivedOn), SinceReceiptDays: cc.SinceReceipt,
		Band: bandJSON{Number: cc.Band.Number, Label: cc.Band.Label}, InStageDays: cc.InStage,
		InStageHeldDays: cc.InStageHeld, HeldDays: cc.HeldDays, OnHold: cc.Hold != nil,
		CaseAge: caseAgeJSON{Target: cc.TargetAge.String(), CountsFrom: dateOrNull(cc.KPIStart), AgeDays: cc.KPIAge,
			Breached: cc.AgeBreached, MissedFrom: dateOrNull(cc.TargetFrom)},
		Deadlines: []deadlineClockJSON{}, Breaches: []breachJSON{}, Holds: []holdJSON{}}
	for _, d := range cc.Deadlines {
		out.Deadlines = append(out.Deadlines, deadlineClockJSON{
			deadlineJSON: deadlineJSON{Name: d.Name, Label: d.Label, Due: d.Due.UTC()},
			Pausable:     d.Pausable, Paused: d.Paused, Overdue: d.Overdue, Days: d.Days,
			WorkingDays: d.WorkingDays, Words: d.Words()})
	}
	for _, b := range cc.Breaches {
		out.Breaches = append(out.Breaches, breachJSON{Kind: string(b.Kind), Deadline: stringOrNull(b.Deadline), Words: b.Words})
	}
	for _, h := range holds {
		out.Holds = append(out.Holds, newHoldJSON(h, now))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// holdRequestJSON is the body of POST /api/v1/cases/{id}/holds.
type holdRequestJSON struct {
	Reason  string `json:"reason"`
	Details string `json:"details"`
}

// endHoldRequestJSON is the body of POST /api/v1/cases/{id}/holds/end.
type endHoldRequestJSON struct {
	Note string `json:"note"`
}

// placeHold answers POST /api/v1/cases/{id}/holds: 201 with the hold and
// the case's new ETag. If-Match is required, as for actions.
func (s *server) placeHold(w http.ResponseWriter, r *http.Request) error {
	c := caseOf(r)
	if err := checkIfMatch(r.Header.Values("If-Match"), c); err != nil {
		return err
	}
	var req holdRequestJSON
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	next, h, err := s.Clocks.PlaceHold(r.Context(), actorOf(r), c.ID, c.Version,
		fitness.HoldInput{Reason: fitness.HoldReason(strings.TrimSpace(req.Reason)), Details: req.Details})
	if err != nil {
		return s.staleError(r, c, err)
	}
	w.Header().Set("ETag", etag(next))
	w.Header().Set("Location", casePath(c)+"/clocks")
	return writeJSON(w, http.StatusCreated, "application/json", newHoldJSON(h, s.now()))
}

// endHold answers POST /api/v1/cases/{id}/holds/end: 200 with the ended
// hold and the case's new ETag.
func (s *server) endHold(w http.ResponseWriter, r *http.Request) error {
	c := caseOf(r)
	if err := checkIfMatch(r.Header.Values("If-Match"), c); err != nil {
		return err
	}
	var req endHoldRequestJSON
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	next, h, err := s.Clocks.EndHold(r.Context(), actorOf(r), c.ID, c.Version, req.Note)
	if err != nil {
		return s.staleError(r, c, err)
	}
	w.Header().Set("ETag", etag(next))
	return writeJSON(w, http.StatusOK, "application/json", newHoldJSON(h, s.now()))
}

// staleError answers a refused write on a case: 412 when the case changed
// since it was loaded (a concurrent write), else the domain's answer (for a
// hold, 409 when the case is closed, already on hold or not on hold; 422
// naming reason, details or note).
func (s *server) staleError(r *http.Request, c fitness.Case, err error) error {
	if fitness.ErrorCode(err) == fitness.EConflict {
		cur, ferr := s.Cases.FindCase(r.Context(), actorOf(r), c.ID)
		if ferr != nil || cur.Version != c.Version {
			return stale(c, err)
		}
	}
	return err
}
