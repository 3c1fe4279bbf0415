package fitness

import (
	"strings"
	"time"
)

// Stage is where a case is in the process.
type Stage string

// Track separates the main process from the parallel interim-order track.
type Track string

// Tracks.
const (
	TrackMain    Track = "main"
	TrackInterim Track = "interim"
)

// StageDef describes one stage of the process table.
type StageDef struct {
	Stage       Stage
	Label       string
	Track       Track
	Closed      bool   // a terminal stage: the case (or track) has ended
	Description string // what happens here, in plain words
}

// InputKind is the kind of value an action input takes.
type InputKind string

// Input kinds.
const (
	InputText     InputKind = "text"
	InputTextarea InputKind = "textarea"
	InputDate     InputKind = "date"   // YYYY-MM-DD
	InputChoice   InputKind = "choice" // one of Options
	InputNumber   InputKind = "number" // whole number
	InputBool     InputKind = "bool"   // "yes" or "no"
	InputUser     InputKind = "user"   // a staff user id; Role restricts
	// InputRegistrant names a registrant: people type a registration
	// number; storage resolves it to the registrant's id before Apply.
	InputRegistrant InputKind = "registrant"
)

// Option is one choice of an InputChoice input.
type Option struct {
	Value string
	Label string
}

// InputDef describes one input an action needs.
type InputDef struct {
	Name     string
	Label    string
	Hint     string
	Kind     InputKind
	Required bool
	Options  []Option // for InputChoice
	Role     Role     // for InputUser: the role the user must hold
	Min, Max int      // for InputNumber when Max > 0
	Past     bool     // for InputDate: must be today or earlier
	Future   bool     // for InputDate: must be after today
	Missing  string   // message when Required and empty; default "Enter the …" or "Select the …"
}

// Input is the values given for an action, by input name.
type Input map[string]string

// ActionName identifies an action in the process table.
type ActionName string

// Guard checks whether an action may be taken on c with in at now, beyond
// stage, role and input validation. It returns a coded *Error.
type Guard func(c Case, in Input, r Rules, now time.Time) error

// EffectKind is what an action does besides moving stage.
type EffectKind string

// Effect kinds.
const (
	EffectStartDeadline EffectKind = "start_deadline" // Deadline due after Period(r) from now
	EffectStopDeadline  EffectKind = "stop_deadline"
	EffectIssueDocument EffectKind = "issue_document" // Document names a letter template
	EffectSetStatus     EffectKind = "set_status"     // register status of the registrant
	EffectAnnotate      EffectKind = "annotate"       // register annotation
	EffectAllocate      EffectKind = "allocate"       // case manager from input "case_manager"
	EffectIdentify      EffectKind = "identify"       // registrant from input "registrant"
	EffectClose         EffectKind = "close"
	EffectCountRefusal  EffectKind = "count_refusal" // one more refused restoration application
)

// Effect is one consequence of an action.
type Effect struct {
	Kind     EffectKind
	Deadline string               // deadline name, for start/stop
	Label    string               // in words, for people
	Period   func(r Rules) Period // for start_deadline
	Document string               // for issue_document
	Status   RegistrantStatus     // for set_status

	// FromInput, for start_deadline, counts Period from the date given in
	// that input instead of from now (the date itself when Period is nil);
	// Before counts it backwards, e.g. notice due 28 days before a hearing.
	FromInput string
	Before    bool
	// FromDeadline, for start_deadline, counts Period from the due date of
	// that deadline of the case, as the action's earlier effects left it:
	// a warning two months before an interim order ends, for example.
	FromDeadline string
	// If, when set as "input=value", applies the effect only when the
	// action's input has that value; see [Effect.Applies].
	If string
}

// Applies reports whether the effect applies to an action taken with in.
func (e Effect) Applies(in Input) bool {
	if e.If == "" {
		return true
	}
	name, value, _ := strings.Cut(e.If, "=")
	return in[name] == value
}

// ActionDef is one row of the process table.
type ActionDef struct {
	Name        ActionName
	Label       string // imperative, e.g. "Start investigation"
	Description string
	Track       Track
	From        []Stage // stages it can be taken from
	To          Stage   // stage it moves to; "" means it stays
	Roles       []Role  // who may take it
	Inputs      []InputDef
	Guard       Guard // optional
	Effects     []Effect
	Event       string // past-tense words for the timeline, e.g. "Investigation started"
	// Unless, when set, says why the action does not apply to the case as
	// it stands ("" when it does); Available hides it and Apply refuses it.
	Unless func(c Case) string
	// Opens marks an interim-track action that may also be taken while the
	// case's interim track has not been opened (Case.InterimStage "").
	Opens bool
	// System marks an action only the system itself ([SystemActor]) takes,
	// never a person; it has no Roles. OnDeadline names the deadline whose
	// passing makes the system take it (the deadline sweep); the action
	// must stop that deadline, so that it is taken once.
	//
	// An action with Roles and OnDeadline is taken by people too (an order
	// taking effect once an appeal is decided) and by the system when the
	// deadline passes (the appeal period ended with no appeal). Its inputs
	// are then what was recorded before (the order a hearing made), which
	// the order storage gives it (the sweep asks it to take such actions),
	// and its guard, not the deadline, says whether it may be taken.
	System     bool
	OnDeadline string
}

// Process is a whole process table: its stages and actions. Each case pins
// the Version it runs under.
type Process struct {
	Version string // e.g. "hcpc-2019.1"
	Stages  []StageDef
	Actions []ActionDef
	Initial Stage // the main-track stage a new case starts in
}

// Period is a length of time in the units the rules use.
type Period struct {
	Days        int
	WorkingDays int
	Months      int
	Years       int
}
