package fitness

// HCPCProcessVersion is the version of the process table [HCPCProcess]
// returns. Change it whenever the table changes in a way that matters to
// cases already running.
const HCPCProcessVersion = "hcpc-2019.1"

// Stages of the HCPC process, main track (S0–S11 of the process reference).
const (
	StageReceived         Stage = "received"          // S0
	StageTriage           Stage = "triage"            // S1
	StageInvestigation    Stage = "investigation"     // S2
	StageThreshold        Stage = "threshold"         // S2a
	StageAllegation       Stage = "allegation"        // S3: allegation served, response awaited
	StageICP              Stage = "icp"               // S4: Investigating Committee Panel
	StagePreHearing       Stage = "pre_hearing"       // S5
	StageConsent          Stage = "consent"           // S5a: consent order awaiting a panel
	StageDiscontinuance   Stage = "discontinuance"    // S5b: discontinuance awaiting a panel
	StageVoluntaryRemoval Stage = "voluntary_removal" // voluntary removal awaiting a panel
	StageFinalHearing     Stage = "final_hearing"     // S6
	StageAppealWindow     Stage = "appeal_window"     // S7: appeal and PSA periods running
	StageAppeal           Stage = "appeal"            // S7: appeal before the court
	StageOrderInForce     Stage = "order_in_force"    // S8
	StageReview           Stage = "review"            // S9
	StageRestoration      Stage = "restoration"       // S11

	// Closed stages of the main track.
	StageStruckOff                Stage = "struck_off" // S10
	StageRestorationRefused       Stage = "restoration_refused"
	StageRestorationSuspended     Stage = "restoration_suspended" // right to apply again suspended
	StageClosedOutsideRemit       Stage = "closed_outside_remit"
	StageClosedThresholdNotMet    Stage = "closed_threshold_not_met"
	StageClosedNoCaseToAnswer     Stage = "closed_no_case_to_answer"
	StageClosedDiscontinued       Stage = "closed_discontinued"
	StageClosedVoluntarilyRemoved Stage = "closed_voluntarily_removed"
	StageClosedNotWellFounded     Stage = "closed_not_well_founded"
	StageClosedNoFurtherAction    Stage = "closed_no_further_action"
	StageClosedAppealAllowed      Stage = "closed_appeal_allowed"
	StageClosedOrderEnded         Stage = "closed_order_ended"
	StageClosedOrderRevoked       Stage = "closed_order_revoked"
	StageClosedRestored           Stage = "closed_restored"

	// The interim-order track (S-IO). A case's InterimStage is "" until
	// the track is opened.
	StageInterimConsidered Stage = "interim_considered"
	StageInterimInForce    Stage = "interim_in_force"
	StageInterimEnded      Stage = "interim_ended" // closed: no interim order in force
)

// Actions of the HCPC process.
const (
	// Triage and investigation.
	ActionStartTriage           ActionName = "start_triage"
	ActionRecordRisk            ActionName = "record_risk_assessment"
	ActionCloseOutsideRemit     ActionName = "close_outside_remit"
	ActionFastTrack             ActionName = "fast_track_serious_concern"
	ActionStartInvestigation    ActionName = "start_investigation"
	ActionRequestInformation    ActionName = "request_information"
	ActionInformationReceived   ActionName = "record_information_received"
	ActionCompleteInvestigation ActionName = "complete_investigation"
	ActionReopenInvestigation   ActionName = "reopen_investigation"
	ActionThresholdNotMet       ActionName = "close_threshold_not_met"
	ActionServeAllegation       ActionName = "serve_allegation"
	ActionRecordResponse        ActionName = "record_registrant_response"
	ActionNoResponse            ActionName = "record_no_response" // by the system, when the time to respond passes
	ActionInviteComment         ActionName = "invite_complainant_comment"
	ActionRecordComment         ActionName = "record_complainant_comment"
	ActionServeAmended          ActionName = "serve_amended_allegation"
	ActionReferToICP            ActionName = "refer_to_icp"
	ActionCaseToAnswer          ActionName = "icp_case_to_answer"
	ActionNoCaseToAnswer        ActionName = "icp_no_case_to_answer"
	ActionICPAdjourn            ActionName = "icp_adjourn"

	// Before and at the final hearing.
	ActionListHearing                 ActionName = "list_hearing"
	ActionProposeConsent              ActionName = "propose_consent"
	ActionApproveConsent              ActionName = "approve_consent"
	ActionRefuseConsent               ActionName = "refuse_consent"
	ActionProposeDiscontinuance       ActionName = "propose_discontinuance"
	ActionApproveDiscontinuance       ActionName = "approve_discontinuance"
	ActionContinueAfterDiscontinuance ActionName = "continue_after_discontinuance"
	ActionProposeVoluntaryRemoval     ActionName = "propose_voluntary_removal"
	ActionApproveVoluntaryRemoval     ActionName = "approve_voluntary_removal"
	ActionRefuseVoluntaryRemoval      ActionName = "refuse_voluntary_removal"
	ActionNotWellFounded              ActionName = "hearing_not_well_founded"
	ActionNoFurtherAction             ActionName = "hearing_no_further_action"
	ActionRecordSanction              ActionName = "record_sanction"
	ActionAdjournHearing              ActionName = "adjourn_hearing"

	// Appeal, orders, review and restoration.
	ActionPublishDecision        ActionName = "record_decision_published"
	ActionRecordAppeal           ActionName = "record_appeal"
	ActionAppealAllowed          ActionName = "appeal_allowed"
	ActionAppealRemitted         ActionName = "appeal_remitted"
	ActionAppealDismissed        ActionName = "appeal_dismissed_order_stands" // an appeal against an order already in force
	ActionPSAPeriodEnded         ActionName = "record_psa_period_ended"       // by the system, when the PSA referral period passes
	ActionOrderTakesEffect       ActionName = "order_takes_effect"
	ActionStrikingOffTakesEffect ActionName = "striking_off_takes_effect"
	ActionOrderExpired           ActionName = "order_expired"
	ActionListReview             ActionName = "list_review"
	ActionReviewDecision         ActionName = "review_continue_order"
	ActionReviewRevoke           ActionName = "review_revoke_order"
	ActionReviewLapse            ActionName = "review_let_order_lapse"
	ActionReviewStrikeOff        ActionName = "review_strike_off"
	ActionApplyRestoration       ActionName = "apply_restoration"
	ActionGrantRestoration       ActionName = "grant_restoration"
	ActionRefuseRestoration      ActionName = "refuse_restoration"
	ActionSuspendRestoration     ActionName = "refuse_restoration_suspend_right"

	// The interim-order track.
	ActionReferInterim   ActionName = "refer_interim_order"
	ActionImposeInterim  ActionName = "impose_interim_order"
	ActionNoInterimOrder ActionName = "no_interim_order"
	ActionReviewInterim  ActionName = "review_interim_order"
	ActionExtendInterim  ActionName = "extend_interim_order"
	ActionEndInterim     ActionName = "end_interim_order"
	// ActionImposeInterimCover records an interim order a final hearing's
	// panel makes to cover the appeal period.
	ActionImposeInterimCover ActionName = "impose_interim_cover"

	// At any open stage.
	ActionAllocate ActionName = "allocate"
	// ActionIdentifyRegistrant names the registrant of a case opened about
	// someone who could not be found on the register at the time.
	ActionIdentifyRegistrant ActionName = "identify_registrant"
	ActionAddNote            ActionName = "add_note"
)

// Deadline names the HCPC process starts and stops. Jobs and lists refer
// to deadlines by these names.
const (
	DeadlineInformation         = "information_due"
	DeadlineRegistrantResponse  = "registrant_response"
	DeadlineComplainantComment  = "complainant_comment"
	DeadlineHearingNotice       = "hearing_notice"
	DeadlineRegulatorEvidence   = "regulator_evidence"
	DeadlineRegistrantEvidence  = "registrant_evidence"
	DeadlineListingPublication  = "listing_publication"
	DeadlineDecisionPublication = "decision_publication"
	DeadlineAppealWindow        = "appeal_window"
	DeadlinePSAWindow           = "psa_window"
	DeadlineOrderExpires        = "order_expires"
	DeadlineReviewDue           = "review_due"
	DeadlineInterimExpires      = "interim_expires"
	DeadlineInterimReview       = "interim_review"
	// DeadlineInterimExpiryWarning falls Rules.InterimExpiryWarning before
	// an interim order ends.
	DeadlineInterimExpiryWarning = "interim_expiry_warning"
)

// HCPCProcess returns the HCPC fitness-to-practise process as a table:
// every stage of the process reference §2.2, the interim-order track, and
// the actions between them with who may take them, what they need and
// what they start. Every length of time comes from [Rules].
func HCPCProcess() *Process {
	stages := hcpcStages()
	var open []Stage
	for _, s := range stages {
		if s.Track == TrackMain && !s.Closed {
			open = append(open, s.Stage)
		}
	}
	var actions []ActionDef
	actions = append(actions, investigationActions()...)
	actions = append(actions, hearingActions()...)
	actions = append(actions, orderActions()...)
	actions = append(actions, interimActions()...)
	actions = append(actions, caseworkActions(open)...)
	return &Process{Version: HCPCProcessVersion, Stages: stages, Actions: actions, Initial: StageReceived}
}

func hcpcStages() []StageDef {
	m := func(s Stage, label, desc string) StageDef {
		return StageDef{Stage: s, Label: label, Track: TrackMain, Description: desc}
	}
	closed := func(s Stage, label, desc string) StageDef {
		return StageDef{Stage: s, Label: label, Track: TrackMain, Closed: true, Description: desc}
	}
	interim := func(s Stage, label string, isClosed bool, desc string) StageDef {
		return StageDef{Stage: s, Label: label, Track: TrackInterim, Closed: isClosed, Description: desc}
	}
	return []StageDef{
		m(StageReceived, "Received", "The concern has been received and a case opened."),
		m(StageTriage, "Triage", "Is the concern within our remit: a current registrant and a fitness to practise matter? Risk is assessed at the same time."),
		m(StageInvestigation, "Investigation", "Information is gathered, including by article 25 demands; the registrant is told an investigation has begun."),
		m(StageThreshold, "Threshold decision", "Does the information amount to an allegation that fitness to practise may be impaired? A conviction or caution always does."),
		m(StageAllegation, "Allegation served", "The allegation has been served and the registrant invited to respond. A response is optional."),
		m(StageICP, "Investigating Committee", "A panel decides on the papers whether there is a case to answer. No inference is drawn from not responding."),
		m(StagePreHearing, "Preparing for hearing", "Witness statements and evidence are prepared before the final hearing is listed."),
		m(StageConsent, "Consent order proposed", "An agreed order awaits a panel's approval."),
		m(StageDiscontinuance, "Discontinuance proposed", "Withdrawing some or all particulars awaits a panel's approval."),
		m(StageVoluntaryRemoval, "Voluntary removal proposed", "A voluntary removal agreement awaits a panel's approval."),
		m(StageFinalHearing, "Final hearing", "The hearing is listed: facts, statutory ground, current impairment, then sanction."),
		m(StageAppealWindow, "Appeal period", "The registrant may appeal to the court and the PSA may refer the decision; the order takes effect afterwards."),
		m(StageAppeal, "Appeal", "An appeal or PSA referral is before the court."),
		m(StageOrderInForce, "Order in force", "The order is on the register and its conditions are monitored until review or expiry."),
		m(StageReview, "Review", "A panel decides whether fitness to practise is still impaired and an order still needed."),
		m(StageRestoration, "Restoration application", "A panel decides whether a former registrant may be restored to the register."),
		closed(StageStruckOff, "Struck off", "The striking-off order has taken effect. Restoration may be applied for later."),
		closed(StageRestorationRefused, "Restoration refused", "A panel refused restoration. Another application may be made later."),
		closed(StageRestorationSuspended, "Restoration refused: right to apply suspended", "A panel refused restoration again and suspended the right to make further applications."),
		closed(StageClosedOutsideRemit, "Closed: outside our remit", "Closed at triage, with signposting."),
		closed(StageClosedThresholdNotMet, "Closed: threshold not met", "Closed with no further action at the threshold decision."),
		closed(StageClosedNoCaseToAnswer, "Closed: no case to answer", "The Investigating Committee found no case to answer."),
		closed(StageClosedDiscontinued, "Closed: discontinued", "A panel approved withdrawing all particulars."),
		closed(StageClosedVoluntarilyRemoved, "Closed: voluntarily removed", "A panel approved a voluntary removal agreement."),
		closed(StageClosedNotWellFounded, "Closed: not well founded", "The final hearing found the allegation not well founded."),
		closed(StageClosedNoFurtherAction, "Closed: no further action", "The allegation was well founded but no order was needed."),
		closed(StageClosedAppealAllowed, "Closed: appeal allowed", "The court quashed the decision."),
		closed(StageClosedOrderEnded, "Closed: order ended", "The order expired or was allowed to lapse."),
		closed(StageClosedOrderRevoked, "Closed: order revoked", "A review panel revoked the order."),
		closed(StageClosedRestored, "Closed: restored", "Restored to the register."),
		interim(StageInterimConsidered, "Interim order being considered", false, "A panel will decide whether an interim order is needed to protect the public, in the public interest or in the registrant's own interests."),
		interim(StageInterimInForce, "Interim order in force", false, "An interim suspension or conditions order is in force, reviewed regularly, up to its maximum unless the court extends it."),
		interim(StageInterimEnded, "No interim order", true, "No interim order is in force. The track can be opened again on new information."),
	}
}

// Option lists used by several actions; functions so that no table shares
// a slice with another.

func groundOptions() []Option {
	return []Option{
		{"misconduct", "Misconduct"},
		{"lack_of_competence", "Lack of competence"},
		{"conviction_caution", "Conviction or caution"},
		{"health", "Physical or mental health"},
		{"other_regulator", "Determination by another regulator"},
		{"barred_list", "Inclusion on a barred list"},
	}
}

func orderOptions() []Option {
	return []Option{
		{"caution", "Caution order"},
		{"conditions", "Conditions of practice order"},
		{"suspension", "Suspension order"},
	}
}

func sanctionOptions() []Option {
	return append(orderOptions(), Option{"striking_off", "Striking-off order"})
}

func yesNo() []Option { return []Option{{"yes", "Yes"}, {"no", "No"}} }

// Input constructors keep the table readable.

func noteInput() InputDef {
	return InputDef{Name: "note", Label: "Note", Hint: "Optional", Kind: InputTextarea}
}

func reasonInput(label string) InputDef {
	return InputDef{Name: "reason", Label: label, Kind: InputTextarea, Required: true}
}

func decisionDateInput() InputDef {
	return InputDef{Name: "decision_date", Label: "Date of the decision", Kind: InputDate, Required: true, Past: true}
}

func choiceInput(name, label string, required bool, options []Option) InputDef {
	return InputDef{Name: name, Label: label, Kind: InputChoice, Required: required, Options: options}
}

func startDeadline(name, label string, period func(Rules) Period) Effect {
	return Effect{Kind: EffectStartDeadline, Deadline: name, Label: label, Period: period}
}

func stopDeadline(name string) Effect {
	return Effect{Kind: EffectStopDeadline, Deadline: name}
}

func issueDocument(name, label string) Effect {
	return Effect{Kind: EffectIssueDocument, Document: name, Label: label}
}

// caseworkActions are the actions available at every open main stage.
func caseworkActions(open []Stage) []ActionDef {
	staff := []Role{RoleCaseManager, RoleTeamLeader, RoleHearingsOfficer, RoleRegistrar}
	return []ActionDef{
		{
			Name: ActionAllocate, Label: "Allocate case manager", Track: TrackMain, From: open,
			Description: "Name the case manager who owns the case. The named person may change during a case.",
			Roles:       []Role{RoleTeamLeader, RoleCaseManager},
			Inputs: []InputDef{
				{Name: "case_manager", Label: "Case manager", Kind: InputUser, Role: RoleCaseManager, Required: true, Missing: "Select a case manager"},
				noteInput(),
			},
			Effects: []Effect{{Kind: EffectAllocate, Label: "Case manager allocated"}},
			Event:   "Case manager allocated",
		},
		{
			Name: ActionIdentifyRegistrant, Label: "Identify the registrant", Track: TrackMain, From: open,
			Description: "Link a case opened about someone not found on the register to their register entry.",
			Roles:       []Role{RoleCaseManager, RoleTeamLeader, RoleRegistrar},
			Inputs: []InputDef{
				{Name: "registrant", Label: "Registration number", Hint: "For example, SW012345", Kind: InputRegistrant,
					Required: true, Missing: "Enter the registration number of the person this case is about"},
				noteInput(),
			},
			Unless:  identified,
			Effects: []Effect{{Kind: EffectIdentify, Label: "Registrant identified"}},
			Event:   "Registrant identified",
		},
		{
			Name: ActionAddNote, Label: "Add a note", Track: TrackMain, From: open, Roles: staff,
			Description: "Record something on the case file without moving it.",
			Inputs:      []InputDef{{Name: "note", Label: "Note", Kind: InputTextarea, Required: true}},
			Event:       "Note added",
		},
	}
}
