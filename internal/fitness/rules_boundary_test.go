package fitness

import (
	"reflect"
	"strconv"
	"testing"
	"time"
)

// boundary probes one limit of the rules through the code that enforces
// it: run reports the outcome (allowed, overdue, in the bundle…) one unit
// below the limit (off -1), at it (0) and one unit above it (+1); units are
// days, or months for an order's length. want is the expected outcome at
// each.
type boundary struct {
	want [3]bool
	run  func(t *testing.T, r Rules, off int) bool
}

// unenforced names the limits of Rules that no code of this package
// enforces, with where they are used instead, so that the walk below
// accounts for every limit.
var unenforced = map[string]string{
	"JudicialReview": "only printed in the notice of an Investigating Committee decision (internal/docs)",
}

// TestRulesBoundaries walks every length of time and limit of [Rules] by
// reflection and checks each at, one below and one above its value through
// the guard, validator or clock that uses it. A new limit without a case
// here (or a reason in unenforced) fails.
func TestRulesBoundaries(t *testing.T) {
	cases := rulesBoundaries()
	r := HCPCRules()
	v := reflect.ValueOf(r)
	periodType := reflect.TypeFor[Period]()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		switch {
		case f.Type == periodType, f.Type == reflect.SliceOf(periodType), f.Type == reflect.MapOf(reflect.TypeFor[string](), periodType),
			f.Type.Kind() == reflect.Int:
		default:
			continue
		}
		if why, ok := unenforced[f.Name]; ok {
			if _, both := cases[f.Name]; both {
				t.Errorf("%s has a boundary case and is listed as unenforced (%s)", f.Name, why)
			}
			continue
		}
		b, ok := cases[f.Name]
		if !ok {
			t.Errorf("Rules.%s has no boundary case: add one to rulesBoundaries", f.Name)
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			for j, off := range []int{-1, 0, 1} {
				if got := b.run(t, HCPCRules(), off); got != b.want[j] {
					t.Errorf("%s at limit%+d: got %v, want %v", f.Name, off, got, b.want[j])
				}
			}
		})
	}
}

// noonOn is midday (UTC) on day.
func noonOn(day time.Time) time.Time { return today(day).Add(12 * time.Hour) }

// applyWith applies an action under r that must succeed.
func applyWith(t *testing.T, r Rules, c Case, name ActionName, a Actor, in Input, now time.Time) Case {
	t.Helper()
	next, _, err := c.Apply(HCPCProcess(), r, name, a, in, now)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return next
}

// allowed applies an action under r and reports whether it was allowed.
func allowed(r Rules, c Case, name ActionName, a Actor, in Input, now time.Time) bool {
	_, _, err := c.Apply(HCPCProcess(), r, name, a, in, now)
	return err == nil
}

// started is a case at stage (interim stage, when on the interim track)
// after action was taken on it at monday with in.
type started struct {
	stage, interim Stage
	action         ActionName
	actor          Actor
	in             Input
}

// deadlineBoundary checks that the action of s starts the deadline name
// on the date limit gives, and that the deadline is overdue only from the
// day after it.
func deadlineBoundary(s started, name string, limit func(r Rules) time.Time) boundary {
	return boundary{want: [3]bool{false, false, true}, run: func(t *testing.T, r Rules, off int) bool {
		c := caseAt(s.stage)
		c.InterimStage = s.interim
		c = applyWith(t, r, c, s.action, s.actor, s.in, monday)
		due, ok := deadlineDue(c, name)
		if want := limit(r); !ok || !today(due).Equal(today(want)) {
			t.Fatalf("%s due %v (%v), want %v", name, due, ok, want)
		}
		return Deadline{Due: due}.Overdue(noonOn(due.AddDate(0, 0, off)))
	}}
}

// monthsOf is a period of months and years in months.
func monthsOf(p Period) int { return p.Years*12 + p.Months }

// lengthBoundary checks the length of an order of kind, in months, around
// the limit the rules set.
func lengthBoundary(kind string, limit func(r Rules) Period, want [3]bool) boundary {
	return boundary{want: want, run: func(_ *testing.T, r Rules, off int) bool {
		months := strconv.Itoa(monthsOf(limit(r)) + off)
		return CheckSanction(r, GroundMisconduct, kind, months, monday) == nil
	}}
}

func rulesBoundaries() map[string]boundary {
	day := today(monday)
	after := func(p func(Rules) Period) func(Rules) time.Time {
		return func(r Rules) time.Time { return p(r).After(monday, r.Calendar) }
	}
	hearing := day.AddDate(0, 0, 90)
	listed := started{stage: StagePreHearing, action: ActionListHearing, actor: hearingsOfficer,
		in: Input{"hearing_date": hearing.Format(time.DateOnly), "committee": "ccc"}}
	beforeHearing := func(p func(Rules) Period) func(Rules) time.Time {
		return func(r Rules) time.Time { return p(r).Before(hearing, r.Calendar) }
	}
	sanction := started{stage: StageFinalHearing, action: ActionRecordSanction, actor: hearingsOfficer,
		in: Input{"decision_date": "2026-03-02", "ground": "misconduct", "sanction": "caution", "length_months": "12"}}
	interim := started{stage: StagePreHearing, interim: StageInterimConsidered, action: ActionImposeInterim, actor: hearingsOfficer,
		in: Input{"decision_date": "2026-03-02", "order": "interim_suspension"}}
	expires := day.AddDate(0, 6, 0)
	restoration := func(stage Stage, wait func(Rules) Period) boundary {
		return boundary{want: [3]bool{false, true, true}, run: func(_ *testing.T, r Rules, off int) bool {
			c := caseAt(stage)
			c.StageEnteredAt = monday
			received := today(wait(r).After(monday, r.Calendar)).AddDate(0, 0, off)
			return allowed(r, c, ActionApplyRestoration, registrar, Input{"received_on": received.Format(time.DateOnly)}, noonOn(received))
		}}
	}
	appeal := func(appellant string, window func(Rules) Period) boundary {
		return boundary{want: [3]bool{true, true, false}, run: func(_ *testing.T, r Rules, off int) bool {
			o := NewOrder(r, OrderSuspension, monday, 6, "")
			lodged := window(r).After(o.MadeOn, r.Calendar).AddDate(0, 0, off)
			_, err := NewAppeal(r, o, AppealInput{Appellant: appellant, LodgedOn: lodged}, noonOn(lodged))
			return err == nil
		}}
	}
	notice := func(p func(Rules) Period) boundary {
		return boundary{want: [3]bool{false, true, true}, run: func(_ *testing.T, r Rules, off int) bool {
			start := p(r).After(day, r.Calendar).AddDate(0, 0, off)
			return checkNotice(r, p(r), monday, start, false) == nil
		}}
	}
	return map[string]boundary{
		"RegistrantResponse": deadlineBoundary(started{stage: StageThreshold, action: ActionServeAllegation, actor: caseManager,
			in: Input{"ground": "misconduct"}}, DeadlineRegistrantResponse, after(func(r Rules) Period { return r.RegistrantResponse })),
		"ComplainantComment": deadlineBoundary(started{stage: StageAllegation, action: ActionInviteComment, actor: caseManager},
			DeadlineComplainantComment, after(func(r Rules) Period { return r.ComplainantComment })),
		"EmployerInformation": deadlineBoundary(started{stage: StageInvestigation, action: ActionRequestInformation, actor: caseManager,
			in: Input{"recipient": "Riverside Council", "request": "Rotas for March"}}, DeadlineInformation,
			after(func(r Rules) Period { return r.EmployerInformation })),
		"Art25Chase": {want: [3]bool{false, true, true}, run: func(_ *testing.T, r Rules, off int) bool {
			q := InformationRequest{Kind: RequestArt25Demand, Status: RequestOpen, Due: day}
			_, _, ok := q.Sweep(r, SystemActor, noonOn(r.Art25Chase.After(day, r.Calendar).AddDate(0, 0, off)))
			return ok
		}},
		"Art25Escalate": {want: [3]bool{false, true, true}, run: func(_ *testing.T, r Rules, off int) bool {
			chased := day.AddDate(0, 0, 3)
			q := InformationRequest{Kind: RequestArt25Demand, Status: RequestOpen, Due: day, ChasedAt: noonOn(chased)}
			_, _, ok := q.Sweep(r, SystemActor, noonOn(r.Art25Escalate.After(chased, r.Calendar).AddDate(0, 0, off)))
			return ok
		}},
		"RequestLongest": {want: [3]bool{true, true, false}, run: func(_ *testing.T, r Rules, off int) bool {
			fe := FieldErrors{}
			checkDue(fe, r, RequestArt25Demand, r.RequestLongest.After(day, r.Calendar).AddDate(0, 0, off), monday)
			return fe.Err() == nil
		}},
		"PreviousNCAWindow": {want: [3]bool{true, true, false}, run: func(_ *testing.T, r Rules, off int) bool {
			h := HistoryCase{Stage: StageClosedNoCaseToAnswer, DecidedOn: day}
			return h.InBundle(r, r.PreviousNCAWindow.After(day, r.Calendar).AddDate(0, 0, off))
		}},
		"HearingNotice":          notice(func(r Rules) Period { return r.HearingNotice }),
		"ReviewAttendanceNotice": notice(func(r Rules) Period { return HearingReview.NoticePeriod(r) }),
		"RegulatorEvidence":      deadlineBoundary(listed, DeadlineRegulatorEvidence, beforeHearing(func(r Rules) Period { return r.RegulatorEvidence })),
		"RegistrantEvidence":     deadlineBoundary(listed, DeadlineRegistrantEvidence, beforeHearing(func(r Rules) Period { return r.RegistrantEvidence })),
		"ListingPublication":     deadlineBoundary(listed, DeadlineListingPublication, beforeHearing(func(r Rules) Period { return r.ListingPublication })),
		"DecisionPublication":    deadlineBoundary(sanction, DeadlineDecisionPublication, after(func(r Rules) Period { return r.DecisionPublication })),
		"AppealWindow":           appeal("registrant", func(r Rules) Period { return r.AppealWindow }),
		"PSAWindowAfterAppeal":   appeal("psa", func(r Rules) Period { return r.AppealWindow.Add(r.PSAWindowAfterAppeal) }),
		"InterimMaximum":         deadlineBoundary(interim, DeadlineInterimExpires, after(func(r Rules) Period { return r.InterimMaximum })),
		"InterimFirstReview":     deadlineBoundary(interim, DeadlineInterimReview, after(func(r Rules) Period { return r.InterimFirstReview })),
		"InterimExpiryWarning": deadlineBoundary(interim, DeadlineInterimExpiryWarning, func(r Rules) time.Time {
			return r.InterimExpiryWarning.Before(r.InterimMaximum.After(monday, r.Calendar), r.Calendar)
		}),
		"InterimLaterReview": deadlineBoundary(started{stage: StagePreHearing, interim: StageInterimInForce, action: ActionReviewInterim,
			actor: hearingsOfficer, in: Input{"decision_date": "2026-03-02", "outcome": "continued"}},
			DeadlineInterimReview, after(func(r Rules) Period { return r.InterimLaterReview })),
		"InterimCourtExtension": {want: [3]bool{true, true, false}, run: func(_ *testing.T, r Rules, off int) bool {
			c := caseAt(StagePreHearing)
			c.InterimStage = StageInterimInForce
			c.Deadlines = []Deadline{{Name: DeadlineInterimExpires, Due: expires}}
			until := r.InterimCourtExtension.After(expires, r.Calendar).AddDate(0, 0, off)
			return allowed(r, c, ActionExtendInterim, registrar, Input{"extended_until": until.Format(time.DateOnly)}, monday)
		}},
		"CautionMin":    lengthBoundary("caution", func(r Rules) Period { return r.CautionMin }, [3]bool{false, true, true}),
		"CautionMax":    lengthBoundary("caution", func(r Rules) Period { return r.CautionMax }, [3]bool{true, true, false}),
		"ConditionsMax": lengthBoundary("conditions", func(r Rules) Period { return r.ConditionsMax }, [3]bool{true, true, false}),
		"SuspensionMax": lengthBoundary("suspension", func(r Rules) Period { return r.SuspensionMax }, [3]bool{true, true, false}),
		"StrikeOffBarContinuous": {want: [3]bool{true, true, false}, run: func(_ *testing.T, r Rules, off int) bool {
			since := r.StrikeOffBarContinuous.Before(day, r.Calendar).AddDate(0, 0, off)
			return allowed(r, caseAt(StageReview), ActionReviewStrikeOff, hearingsOfficer, Input{"decision_date": "2026-03-02",
				"ground": "lack_of_competence", "restricted_since": since.Format(time.DateOnly)}, monday)
		}},
		"ReviewBeforeExpiry": deadlineBoundary(started{stage: StageAppealWindow, action: ActionOrderTakesEffect, actor: registrar,
			in: Input{"order": "suspension", "expires_on": expires.Format(time.DateOnly)}}, DeadlineReviewDue,
			func(r Rules) time.Time { return r.ReviewBeforeExpiry.Before(expires, r.Calendar) }),
		"RestorationWait":     restoration(StageStruckOff, func(r Rules) Period { return r.RestorationWait }),
		"RestorationInterval": restoration(StageRestorationRefused, func(r Rules) Period { return r.RestorationInterval }),
		"RestorationMaxRefusals": {want: [3]bool{false, true, true}, run: func(_ *testing.T, r Rules, off int) bool {
			// The refusal that reaches the limit may suspend the right to
			// apply again; an earlier one may not.
			c := caseAt(StageRestoration)
			c.RestorationRefusals = r.RestorationMaxRefusals - 1 + off
			return allowed(r, c, ActionSuspendRestoration, hearingsOfficer,
				Input{"decision_date": "2026-03-02", "reason": "No insight shown."}, monday)
		}},
		"TargetCaseAge": {want: [3]bool{true, false, false}, run: func(_ *testing.T, r Rules, off int) bool {
			start := r.TargetCaseAge.Before(day, r.Calendar).AddDate(0, 0, off)
			return start.Before(AgeCutoff(r, monday)) // missed the target
		}},
		"AgeingBandLimits": {want: [3]bool{false, true, true}, run: func(t *testing.T, r Rules, off int) bool {
			// Every limit: a case reaches the next band on the day it is
			// that old, not the day before.
			reached := true
			for i, p := range r.AgeingBandLimits {
				received := p.Before(day, r.Calendar).AddDate(0, 0, -off)
				reached = reached && AgeingBand(r, received, monday).Number >= i+2
			}
			return reached
		}},
		"PublicationPeriods": {want: [3]bool{true, true, false}, run: func(t *testing.T, r Rules, off int) bool {
			// Every published outcome stays up for its period, to the day.
			up := true
			for outcome, p := range r.PublicationPeriods {
				if p.IsZero() {
					continue
				}
				pub, err := Publication{Kind: PublicationDecision, Outcome: outcome}.Publish(r, monday)
				if err != nil {
					t.Fatal(err)
				}
				check := p.After(monday, r.Calendar).AddDate(0, 0, off)
				up = up && !check.After(pub.TakeDownAt)
			}
			return up
		}},
	}
}
