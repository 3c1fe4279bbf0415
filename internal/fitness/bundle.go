package fitness

import (
	"slices"
	"time"
)

// BundleItemKind is a kind of paper in an Investigating Committee bundle.
type BundleItemKind string

// Kinds of bundle items.
const (
	BundleAllegation          BundleItemKind = "allegation"
	BundleInvestigationReport BundleItemKind = "investigation_report"
	BundleEvidence            BundleItemKind = "evidence"
	BundleResponse            BundleItemKind = "response"
	BundleComment             BundleItemKind = "complainant_comment"
	BundleInterimOrder        BundleItemKind = "interim_order"
)

// BundleItem is one paper in a bundle. An item from a response recorded
// to an information request names it by ResponseID; storage fills in its
// summary as Text and the Documents the reader may see.
type BundleItem struct {
	Kind       BundleItemKind
	Title      string
	Date       time.Time
	Text       string
	ResponseID string
	Documents  []DocumentRef
}

// NoResponseLine is the neutral line a bundle shows instead of a response
// when the registrant has not sent one. It is never an item of its own:
// not responding is not evidence of anything.
const NoResponseLine = "The registrant has not sent a response to the allegation. Registrants do not have to respond."

// HistoryCase is another case about the same registrant, for the
// fitness-to-practise history in a bundle.
type HistoryCase struct {
	CaseID     string
	Reference  string
	Stage      Stage
	StageLabel string
	ReceivedOn time.Time
	ClosedAt   time.Time // zero while open
	Summary    string
	// DecidedOn and Outcome are the Investigating Committee's decision on
	// it, when one is recorded.
	DecidedOn time.Time
	Outcome   ICPOutcome
}

// InBundle reports whether h belongs in the history of a bundle prepared
// for a meeting on day on: every open case and every case that went
// beyond an allegation, but a no-case-to-answer decision only within
// Rules.PreviousNCAWindow before on, and no case closed before an
// allegation (outside the remit, or below the threshold).
func (h HistoryCase) InBundle(r Rules, on time.Time) bool {
	switch h.Stage {
	case StageClosedOutsideRemit, StageClosedThresholdNotMet:
		return false
	case StageClosedNoCaseToAnswer:
		decided := h.DecidedOn
		if decided.IsZero() {
			decided = h.ClosedAt
		}
		return !r.PreviousNCAWindow.After(dayOf(decided), r.Calendar).Before(dayOf(on))
	}
	return true
}

// dayOf returns the calendar day of t at UTC midnight.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Bundle is the papers an Investigating Committee panel reads for one
// case: the allegation, the investigation report and evidence, the
// registrant's response if any (or a neutral line), the complainant's
// comments, interim orders, and the registrant's fitness-to-practise
// history, including no-case-to-answer decisions of the last
// Rules.PreviousNCAWindow.
type Bundle struct {
	MeetingID      string
	Case           Case
	Registrant     Registrant
	ProfessionName string
	// Allegation is the current version of the allegation as drafted
	// (see [Bundle.UseAllegation]); nil when only the text served with
	// the process action is known, as an item.
	Allegation   *Allegation
	Items        []BundleItem
	Responded    bool
	ResponseLine string // NoResponseLine when there is no response
	History      []HistoryCase
	On           time.Time // the day the history is measured to
}

// RegistrantResponded reports whether the events of a case record a
// response from the registrant: through the process action, or to an
// invitation to respond sent as an information request.
func RegistrantResponded(events []Event) bool {
	return slices.ContainsFunc(events, func(e Event) bool {
		return e.Type == string(ActionRecordResponse) ||
			(e.Type == EventResponseRecorded && e.Payload["kind"] == string(RequestRegistrantInvitation))
	})
}

// UseAllegation puts the drafted allegation al in the bundle in place of
// the allegation text served with the process actions.
func (b *Bundle) UseAllegation(al Allegation) {
	b.Allegation = &al
	b.Items = slices.DeleteFunc(b.Items, func(it BundleItem) bool { return it.Kind == BundleAllegation })
}

// NewBundle assembles the bundle of c for a meeting on day on, from its
// events and the other cases about its registrant.
func NewBundle(p *Process, r Rules, c Case, events []Event, others []HistoryCase, on time.Time) Bundle {
	b := Bundle{Case: c, Responded: RegistrantResponded(events), On: dayOf(on)}
	if !b.Responded {
		b.ResponseLine = NoResponseLine
	}
	for _, e := range events {
		item, ok := bundleItem(p, e)
		if !ok {
			continue
		}
		if item.Kind == BundleAllegation { // only the allegation as last served
			b.Items = slices.DeleteFunc(b.Items, func(it BundleItem) bool { return it.Kind == BundleAllegation })
		}
		b.Items = append(b.Items, item)
	}
	for _, h := range others {
		if h.CaseID == c.ID || !h.InBundle(r, on) {
			continue
		}
		h.StageLabel = p.StageLabel(h.Stage)
		b.History = append(b.History, h)
	}
	return b
}

// bundleItem returns the paper an event puts in the bundle, if any.
func bundleItem(p *Process, e Event) (BundleItem, bool) {
	in := e.Payload
	on := func(field string) time.Time {
		if t, err := time.Parse(time.DateOnly, in[field]); err == nil {
			return t
		}
		return e.At
	}
	switch ActionName(e.Type) {
	case ActionServeAllegation, ActionFastTrack, ActionServeAmended:
		title := "Allegation"
		if e.Type == string(ActionServeAmended) {
			title = "Amended allegation"
		}
		text := in["allegation"]
		if g := inputOptionLabel(p, ActionName(e.Type), "ground", in["ground"]); g != "" {
			text = "Statutory ground: " + g + "\n\n" + text
		}
		return BundleItem{Kind: BundleAllegation, Title: title, Date: e.At, Text: text}, true
	case ActionInformationReceived:
		return BundleItem{Kind: BundleEvidence, Title: "Information received", Date: on("received_on"), Text: in["note"]}, true
	case ActionCompleteInvestigation:
		return BundleItem{Kind: BundleInvestigationReport, Title: "Case investigation report", Date: e.At, Text: in["note"]}, true
	case ActionRecordResponse:
		return BundleItem{Kind: BundleResponse, Title: "The registrant's response", Date: on("received_on"), Text: in["note"]}, true
	case ActionRecordComment:
		return BundleItem{Kind: BundleComment, Title: "Comments of the person who raised the concern", Date: e.At, Text: in["note"]}, true
	case ActionImposeInterim, ActionExtendInterim:
		return BundleItem{Kind: BundleInterimOrder, Title: p.eventLabel(e), Date: e.At, Text: in["reason"]}, true
	}
	if e.Type == EventResponseRecorded {
		return responseItem(e, on("received_on")), true
	}
	return BundleItem{}, false
}

// responseItem is the paper a response to an information request puts in
// the bundle; storage fills in its summary and documents.
func responseItem(e Event, received time.Time) BundleItem {
	it := BundleItem{Kind: BundleEvidence, Title: "Information from " + e.Payload["recipient"], Date: received,
		ResponseID: e.Payload["response_id"]}
	switch RequestKind(e.Payload["kind"]) {
	case RequestRegistrantInvitation:
		it.Kind, it.Title = BundleResponse, "The registrant's response"
	case RequestComplainantComment:
		it.Kind, it.Title = BundleComment, "Comments of the person who raised the concern"
	}
	return it
}

// inputOptionLabel returns the label of an action's choice input value, or "".
func inputOptionLabel(p *Process, action ActionName, input, value string) string {
	def, ok := p.Action(action)
	if !ok || value == "" {
		return ""
	}
	for _, d := range def.Inputs {
		if d.Name != input {
			continue
		}
		for _, o := range d.Options {
			if o.Value == value {
				return o.Label
			}
		}
	}
	return value
}

// eventLabel returns the words of the action that caused e.
func (p *Process) eventLabel(e Event) string {
	if def, ok := p.Action(ActionName(e.Type)); ok {
		return def.Event
	}
	return e.Type
}
