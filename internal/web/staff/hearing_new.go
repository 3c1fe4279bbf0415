package staff

import (
	"net/http"
	"strconv"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// hearingFormData is what the form listing a hearing shows.
type hearingFormData struct {
	C      fitness.Case
	Notice string // the notice period in words
	Panel  []fitness.Option
	Where  string // the case's stage, in words
}

// hearingModes are the choices of how a hearing is held.
var hearingModes = []fitness.Option{{Value: "in_person", Label: "In person"}, {Value: "remote", Label: "Remote, by video"}}

// reviewTypes are the kinds of review hearing.
var reviewTypes = []fitness.Option{{Value: "mandatory", Label: "Mandatory review before the order ends"},
	{Value: "early", Label: "Early review, on application or new evidence"}}

// hearingCase loads the case of a hearing page for the actor.
func (a *app) hearingCase(r *http.Request) (fitness.Case, error) {
	if a.Hearings == nil {
		return fitness.Case{}, web.PageNotFound()
	}
	return a.Cases.FindCase(r.Context(), web.ActorFrom(r.Context()), r.PathValue("id"))
}

// newHearingForm shows the form listing a hearing of the case.
func (a *app) newHearingForm(w http.ResponseWriter, r *http.Request) error {
	c, err := a.hearingCase(r)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.Values.Set(versionField, strconv.Itoa(c.Version))
	f.Values.Set("kind", string(suggestedKind(c)))
	f.Values.Set("committee", string(fitness.CommitteeConductCompetence))
	f.Values.Set("mode", "in_person")
	f.Values.Set("privacy", string(fitness.PrivacyPublic))
	f.Values.Set("start_time", fitness.DefaultStartTime)
	return a.renderHearingForm(w, r, http.StatusOK, c, f)
}

// suggestedKind is the kind of hearing a case at its stage is likely to
// need.
func suggestedKind(c fitness.Case) fitness.HearingKind {
	switch {
	case c.Stage == fitness.StageOrderInForce:
		return fitness.HearingReview
	case c.Stage == fitness.StageRestoration:
		return fitness.HearingRestoration
	case c.Stage != fitness.StagePreHearing && c.InterimStage == fitness.StageInterimConsidered:
		return fitness.HearingInterim
	}
	return fitness.HearingFinal
}

// listHearing lists the hearing, or shows the form again with what was
// typed and why it was refused (short notice among the reasons).
func (a *app) listHearing(w http.ResponseWriter, r *http.Request) error {
	c, err := a.hearingCase(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = []string{"kind", "review_type", "committee", "hearing_date", "start_time", "end_date", "mode", "venue",
		"privacy", "short_notice_agreed", "short_notice_reason", "panel"}
	in := fitness.HearingInput{Kind: fitness.HearingKind(f.Value("kind")), Committee: fitness.Committee(f.Value("committee")),
		StartTime: f.Value("start_time"), Remote: f.Value("mode") == "remote", Venue: f.Value("venue"),
		Privacy: fitness.Privacy(f.Value("privacy")), ShortNoticeAgreed: f.Value("short_notice_agreed") == "yes",
		ShortNoticeReason: f.Raw("short_notice_reason"), ReviewType: f.Value("review_type"), Panel: f.Values["panel"]}
	in.Date, _ = f.Date("hearing_date", "the date of the hearing", true)
	in.EndDate, _ = f.Date("end_date", "the last day", false)
	version, verr := strconv.Atoi(f.Value(versionField))
	if verr != nil || version != c.Version {
		f.Message = staleMessage
		return a.renderHearingForm(w, r, http.StatusConflict, c, f)
	}
	if f.HasErrors() {
		_, derr := in.Validate(a.Process, a.Rules, c, a.Now())
		for k, v := range fitness.ErrorFields(derr) {
			f.AddError(k, v)
		}
		return a.renderHearingForm(w, r, http.StatusUnprocessableEntity, c, f)
	}
	ctx := r.Context()
	h, err := a.Hearings.ListHearing(ctx, web.ActorFrom(ctx), c.ID, version, in)
	switch {
	case fitness.ErrorCode(err) == fitness.EConflict || fitness.ErrorCode(err) == fitness.EForbidden:
		f.Message = fitness.ErrorMessage(err)
		return a.renderHearingForm(w, r, http.StatusConflict, c, f)
	case f.SetError(panelFields(err)):
		return a.renderHearingForm(w, r, http.StatusUnprocessableEntity, c, f)
	case err != nil:
		return err
	}
	web.AddFlash(ctx, a.Sessions, h.Kind.Label()+" listed for "+web.FormatDateTime(h.Start))
	return web.Redirect(w, r, "/cases/"+c.ID)
}

// panelFields puts the panel rule's messages, keyed by seat, against the
// form's panel field.
func panelFields(err error) error {
	fields := fitness.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	out := fitness.FieldErrors{}
	for k, v := range fields {
		switch k {
		case "chair", "lay", "registrant":
			k = "panel"
		case "mode":
			k = "venue"
		}
		out.Add(k, v)
	}
	return out.Err()
}

func (a *app) renderHearingForm(w http.ResponseWriter, r *http.Request, status int, c fitness.Case, f *web.Form) error {
	d := hearingFormData{C: c, Notice: a.Rules.HearingNotice.String(), Where: a.stageLabel(c.Stage)}
	if a.Panels != nil {
		members, err := a.Panels.PanelMembers(r.Context())
		if err != nil {
			return err
		}
		professions, err := a.Registrants.Professions(r.Context())
		if err != nil {
			return err
		}
		for _, m := range members {
			d.Panel = append(d.Panel, fitness.Option{Value: m.UserID, Label: m.Describe(professions)})
		}
	}
	p := a.page(r, "List a hearing – "+c.Reference)
	p.HasErrors, p.BackLink = f.HasErrors(), "/cases/"+c.ID
	return web.Render(w, r, status, hearingFormPage(p, d, f))
}
