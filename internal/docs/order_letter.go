package docs

import "fitness/internal/fitness"

// Outcomes of the decisions after a final hearing, on interim orders and
// on restoration, as the letters that give them notice state them.
const (
	// Consent and voluntary removal.
	OutcomeConsentApproved    Outcome = "consent_approved"
	OutcomeRemovedByAgreement Outcome = "removed_by_agreement"

	// Review of a final order.
	OutcomeOrderExtended Outcome = "order_extended"
	OutcomeOrderVaried   Outcome = "order_varied"
	OutcomeOrderReplaced Outcome = "order_replaced"
	OutcomeOrderRevoked  Outcome = "order_revoked"
	OutcomeOrderLapsed   Outcome = "order_lapsed"
	OutcomeStruckOff     Outcome = "struck_off"

	// Restoration.
	OutcomeRestored           Outcome = "restored"
	OutcomeRestorationRefused Outcome = "restoration_refused"

	// Interim orders.
	OutcomeInterimImposed   Outcome = "interim_imposed"
	OutcomeNoInterimOrder   Outcome = "no_interim_order"
	OutcomeInterimContinued Outcome = "interim_continued"
	OutcomeInterimVaried    Outcome = "interim_varied"
	OutcomeInterimExtended  Outcome = "interim_extended"
	OutcomeInterimEnded     Outcome = "interim_ended"
)

// orderOutcomeLabels are the labels of the outcomes above.
var orderOutcomeLabels = map[Outcome]string{
	OutcomeConsentApproved:    "Consent order approved",
	OutcomeRemovedByAgreement: "Removed from the register by agreement",
	OutcomeOrderExtended:      "Order extended",
	OutcomeOrderVaried:        "Order varied",
	OutcomeOrderReplaced:      "Order replaced",
	OutcomeOrderRevoked:       "Order revoked",
	OutcomeOrderLapsed:        "No further order: the order ends on its expiry date",
	OutcomeStruckOff:          "Striking-off order made",
	OutcomeRestored:           "Restored to the register",
	OutcomeRestorationRefused: "Restoration refused",
	OutcomeInterimImposed:     "Interim order made",
	OutcomeNoInterimOrder:     "No interim order",
	OutcomeInterimContinued:   "Interim order continued",
	OutcomeInterimVaried:      "Interim order varied",
	OutcomeInterimExtended:    "Interim order extended by the court",
	OutcomeInterimEnded:       "Interim order ended",
}

// Interim order kinds.
const (
	OrderInterimConditions OrderKind = "interim_conditions"
	OrderInterimSuspension OrderKind = "interim_suspension"
)

// Interim reports whether k is an interim order.
func (k OrderKind) Interim() bool { return k == OrderInterimConditions || k == OrderInterimSuspension }

// Restricts reports whether an order of kind k restricts practice while it
// is in force: conditions or suspension, final or interim.
func (k OrderKind) Restricts() bool {
	switch k {
	case OrderConditions, OrderSuspension, OrderInterimConditions, OrderInterimSuspension:
		return true
	}
	return false
}

// Interim is what an interim order application or decision states beyond
// the order and the decision: why an order is sought, the limits the
// rules set on interim orders, and how an order ended.
type Interim struct {
	Basis   string // application: why an order is sought, in words, e.g. "to protect the public"
	Reasons string // application: our reasons for seeking it
	// Maximum is the longest an interim order lasts unless the court
	// extends it (Rules.InterimMaximum).
	Maximum fitness.Period
	// FirstReview and LaterReview are when a panel reviews an interim
	// order: first within FirstReview of its making, then every LaterReview
	// (Rules.InterimFirstReview, Rules.InterimLaterReview).
	FirstReview, LaterReview fitness.Period
	// CourtExtension is the most the court may extend an order by at a
	// time (Rules.InterimCourtExtension).
	CourtExtension fitness.Period
	Cover          bool   // the order covers the appeal period of a final order
	Court          string // the court that extended or ended it, if named
	EndedBy        string // how it ended, in words, e.g. "revoked by a panel"
}

// Restoration is what a letter says about returning to the register after
// striking off or voluntary removal, or after a refused application.
type Restoration struct {
	// Earliest is when an application may be made: the wait from the
	// rules (Rules.RestorationWait after removal, Rules.RestorationInterval
	// after a refusal) and the date it works out to.
	Earliest TimeLimit
	// Refusals counts the applications refused, this one included;
	// MaxRefusals is Rules.RestorationMaxRefusals.
	Refusals, MaxRefusals int
	// Suspended says the panel suspended the right to apply again with
	// this refusal.
	Suspended bool
	Basis     string // voluntary removal: why, in words
}

// RightSuspendable reports whether, after this refusal, a panel may
// suspend the right to apply again.
func (r Restoration) RightSuspendable() bool {
	return r.MaxRefusals > 0 && r.Refusals >= r.MaxRefusals
}
