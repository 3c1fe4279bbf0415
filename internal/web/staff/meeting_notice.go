package staff

import (
	"context"
	"net/http"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// NoticeRenderer renders a notice of decision as the letter to one of its
// recipients: a standalone HTML document. The binary wires it to the
// document templates; the staff app only shows what it returns.
type NoticeRenderer func(ctx context.Context, n fitness.NoticeOfDecision, to fitness.NoticeRecipient) ([]byte, error)

// letterPolicy is the Content-Security-Policy of a rendered letter: a
// standalone document with its styles inline and nothing else.
const letterPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; " +
	"form-action 'none'; frame-ancestors 'none'"

// findingRow is the panel's decision on one particular, in words.
type findingRow struct{ Number, Text, Prospect, Reasons string }

// noticeData is what the notice preview shows.
type noticeData struct {
	MeetingID, CaseID string
	N                 fitness.NoticeOfDecision
	Outcome, Date     string
	Findings          []findingRow
	Ground            string
	Impairment        string
	Reconsider        string
	JudicialReview    string
	Letters           bool // the letters can be viewed as rendered
}

// noticeView shows the notice of decision on a decided case: who it goes
// to, the decision and its reasons, and the no-inference statement when
// the registrant did not respond. It is never published.
func (a *app) noticeView(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	n, err := a.Meetings.Notice(ctx, web.ActorFrom(ctx), r.PathValue("id"), r.PathValue("case"))
	if err != nil {
		return err
	}
	d := noticeData{MeetingID: r.PathValue("id"), CaseID: r.PathValue("case"), N: n,
		Outcome: n.Decision.Outcome.Label(), Date: web.FormatDate(n.Decision.DecidedOn),
		Ground: answerLabel(n.Decision.Test.Ground), Impairment: answerLabel(n.Decision.Test.Impairment),
		JudicialReview: n.JudicialReview.String(), Letters: a.Notices != nil}
	if !n.Reconsider.IsZero() {
		d.Reconsider = n.Reconsider.String()
	}
	for _, f := range n.Decision.Findings {
		d.Findings = append(d.Findings, findingRow{Number: f.Number, Text: f.Text,
			Prospect: answerLabel(f.RealisticProspect), Reasons: f.Reasons})
	}
	p := a.page(r, "Notice of decision – "+n.Reference)
	p.BackLink = "/meetings/" + d.MeetingID
	return web.Render(w, r, http.StatusOK, noticePage(p, d))
}

// noticeLetter shows the notice as the letter to the registrant or to the
// person who raised the concern, rendered from the document templates.
func (a *app) noticeLetter(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil || a.Notices == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	n, err := a.Meetings.Notice(ctx, web.ActorFrom(ctx), r.PathValue("id"), r.PathValue("case"))
	if err != nil {
		return err
	}
	for _, to := range n.Recipients {
		if string(to.Role) != r.PathValue("to") {
			continue
		}
		b, err := a.Notices(ctx, n, to)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Security-Policy", letterPolicy)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(b)
		return nil
	}
	return web.PageNotFound()
}

// recipientLabel says who a recipient is.
func recipientLabel(to fitness.NoticeRecipient) string {
	if to.Role == fitness.NoticeToRegistrant {
		return "The registrant"
	}
	return "The person who raised the concern"
}
