package staff

import (
	"net/http"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// meetingRow is one meeting in a list.
type meetingRow struct {
	ID, Date, Committee, Place, Panel string
	Cases, Decided                    int
}

// meetingListData is what the list of meetings shows.
type meetingListData struct {
	Mine    bool // the actor sees only their own meetings
	CanAdd  bool
	Rows    []meetingRow
	Heading string
}

// meetingList shows the meetings the actor may see: every meeting for a
// hearings officer, "My meetings" for a panel member.
func (a *app) meetingList(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil {
		return web.PageNotFound()
	}
	actor := web.ActorFrom(r.Context())
	ms, err := a.Meetings.ListMeetings(r.Context(), actor)
	if err != nil {
		return err
	}
	d := meetingListData{Mine: !fitness.Decide(actor, fitness.PermMeetingView, fitness.Resource{Kind: "meeting"}).Allow,
		CanAdd: allowed(actor, fitness.PermMeetingManage), Heading: "Meetings"}
	if d.Mine {
		d.Heading = "My meetings"
	}
	for _, m := range ms {
		row := meetingRow{ID: m.ID, Date: web.FormatDate(m.Date), Committee: m.Committee.Label(),
			Place: m.Place(), Cases: len(m.Cases), Panel: "Not chosen yet"}
		if len(m.Panel) > 0 {
			row.Panel = panelNames(m.Panel)
		}
		for _, c := range m.Cases {
			if c.Outcome != "" {
				row.Decided++
			}
		}
		d.Rows = append(d.Rows, row)
	}
	return web.Render(w, r, http.StatusOK, meetingListPage(a.page(r, d.Heading), d))
}

// panelNames lists the panel's names, chair first.
func panelNames(panel []fitness.PanelMember) string {
	s := ""
	for i, p := range panel {
		if i > 0 {
			s += ", "
		}
		s += p.Name
	}
	return s
}

// newMeetingForm shows the form to arrange a meeting.
func (a *app) newMeetingForm(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil {
		return web.PageNotFound()
	}
	f := web.NewForm(nil)
	f.Values.Set("committee", string(fitness.CommitteeInvestigating))
	return a.renderNewMeeting(w, r, http.StatusOK, f)
}

// createMeeting arranges the meeting and goes to it, where the panel and
// agenda are chosen; or shows the form again with what is wrong.
func (a *app) createMeeting(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil {
		return web.PageNotFound()
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = []string{"committee", "date", "remote", "venue"}
	in := fitness.MeetingInput{Committee: fitness.Committee(f.Value("committee")), Remote: f.Value("remote") == "yes",
		Venue: f.Value("venue")}
	in.Date, _ = f.Date("date", "the date of the meeting", true)
	if f.Value("remote") == "" {
		f.AddError("remote", "Select whether the meeting is held remotely")
	}
	if f.HasErrors() {
		_, verr := in.Validate()
		for k, v := range fitness.ErrorFields(verr) {
			if k != "date" {
				f.AddError(k, v)
			}
		}
		return a.renderNewMeeting(w, r, http.StatusUnprocessableEntity, f)
	}
	m, err := a.Meetings.CreateMeeting(r.Context(), web.ActorFrom(r.Context()), in)
	if f.SetError(err) {
		return a.renderNewMeeting(w, r, http.StatusUnprocessableEntity, f)
	} else if err != nil {
		return err
	}
	web.AddFlash(r.Context(), a.Sessions, "Meeting arranged for "+web.FormatDate(m.Date)+". Now choose the panel.")
	return web.Redirect(w, r, "/meetings/"+m.ID)
}

func (a *app) renderNewMeeting(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p := a.page(r, "Arrange a meeting")
	p.HasErrors, p.BackLink = f.HasErrors(), "/meetings"
	f.Anchors["remote"] = "remote"
	return web.Render(w, r, status, newMeetingPage(p, f, committeeOptions()))
}

// committeeOptions lists the committees a meeting can be arranged for.
func committeeOptions() []fitness.Option {
	out := make([]fitness.Option, len(fitness.MeetingCommittees))
	for i, c := range fitness.MeetingCommittees {
		out[i] = fitness.Option{Value: string(c), Label: c.Label()}
	}
	return out
}
