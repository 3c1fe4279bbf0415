package main

import (
	"context"
	"fmt"
	"time"

	"fitness/internal/docs"
	"fitness/internal/fitness"
	"fitness/internal/web/staff"
)

// noticeRenderer returns the staff app's view of a notice of decision as
// the letter to one recipient: the notice_of_decision template, rendered
// as HTML (no browser is needed for HTML).
func (a *app) noticeRenderer() (staff.NoticeRenderer, error) {
	r, err := docs.New(docs.PureGo(), docs.WithLogger(a.logger))
	if err != nil {
		return nil, fmt.Errorf("notice of decision template: %w", err)
	}
	head := letterhead(a.rules, "")
	return func(_ context.Context, n fitness.NoticeOfDecision, to fitness.NoticeRecipient) ([]byte, error) {
		return r.HTML(noticeLetter(n, to, head, a.rules, a.now()))
	}, nil
}

// noticeLetter is the letter a notice of decision is to recipient to, dated
// now, in the regulator's name. It says no inference was drawn when the
// registrant did not respond.
func noticeLetter(n fitness.NoticeOfDecision, to fitness.NoticeRecipient, head docs.Letterhead, r fitness.Rules, now time.Time) docs.Letter {
	role := docs.RoleComplainant
	if to.Role == fitness.NoticeToRegistrant {
		role = docs.RoleRegistrant
	}
	dec := n.Decision
	d := docs.Decision{Date: dec.DecidedOn, Panel: n.Committee.Label(), Outcome: docs.Outcome(dec.Outcome),
		Reasons: dec.Reasons, RegistrantResponded: dec.RegistrantResponded, Reconsider: n.Reconsider,
		Challenge: docs.TimeLimit{Period: n.JudicialReview, Due: n.JudicialReview.After(dec.DecidedOn, r.Calendar)}}
	for _, f := range dec.Findings {
		o := docs.OutcomeNoCaseToAnswer
		if f.RealisticProspect == fitness.AnswerYes {
			o = docs.OutcomeCaseToAnswer
		}
		d.Findings = append(d.Findings, docs.Finding{Number: f.Number, Text: f.Text, Outcome: o, Reasons: f.Reasons})
	}
	return docs.Letter{
		Kind: docs.KindNoticeOfDecision, Reference: n.Reference, Date: now,
		To: docs.Recipient{Role: role, Name: to.Name, Email: to.Email}, From: docs.Signatory{Name: head.Team},
		Regulator:  head.Regulator,
		Registrant: docs.Registrant{Name: n.Registrant.Name(), Number: n.Registrant.Number, Profession: n.ProfessionName},
		Decision:   d,
	}
}
