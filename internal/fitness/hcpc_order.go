package fitness

// orderActions are the HCPC actions after a final decision: the appeal
// period, orders in force, reviews, striking off and restoration (S7–S11).
func orderActions() []ActionDef {
	ho := []Role{RoleHearingsOfficer}
	reg := []Role{RoleRegistrar}
	afterDecision := []Stage{StageAppealWindow, StageAppeal}
	appealOutcome := choiceInput("appeal_outcome", "Outcome of the appeal", false, []Option{
		{"dismissed", "Appeal dismissed: the order stands"},
		{"substituted", "The court substituted another order"},
	})
	return []ActionDef{
		{
			Name: ActionPublishDecision, Label: "Record decision published", Track: TrackMain,
			From: []Stage{StageAppealWindow, StageAppeal, StageOrderInForce}, Roles: ho,
			Effects: []Effect{stopDeadline(DeadlineDecisionPublication)},
			Event:   "Decision published",
		},
		{
			Name: ActionRecordAppeal, Label: "Record an appeal", Track: TrackMain,
			From: []Stage{StageAppealWindow, StageOrderInForce}, To: StageAppeal, Roles: reg,
			Description: "Once the order has taken effect, only a PSA referral (section 29) can be recorded, within the PSA referral period; the order stays in force while the court decides.",
			Inputs: []InputDef{
				choiceInput("appellant", "Who appealed", true, []Option{
					{"registrant", "The registrant"},
					{"psa", "The Professional Standards Authority (section 29 referral)"},
				}),
				{Name: "lodged_on", Label: "Date lodged", Kind: InputDate, Required: true, Past: true, Missing: "Enter the date the appeal was lodged"},
				{Name: "court", Label: "Court", Kind: InputText},
			},
			Guard:   guardRecordAppeal,
			Effects: []Effect{stopDeadline(DeadlineAppealWindow), stopDeadline(DeadlinePSAWindow)},
			Event:   "Appeal lodged",
		},
		{
			Name: ActionAppealDismissed, Label: "Record appeal dismissed: the order stays in force", Track: TrackMain,
			From: []Stage{StageAppeal}, To: StageOrderInForce, Roles: reg,
			Description: "For an appeal against an order already in force (a PSA referral): the order, its clocks and the register stay as they are.",
			Inputs:      []InputDef{decisionDateInput(), noteInput()},
			Guard:       guardOrderInForce,
			Event:       "Appeal dismissed: the order stays in force",
		},
		{
			Name: ActionPSAPeriodEnded, Label: "Record that the PSA referral period ended", Track: TrackMain,
			From: []Stage{StageOrderInForce, StageReview}, System: true, OnDeadline: DeadlinePSAWindow,
			Description: "Recorded by the system when the time for a PSA referral (section 29) passes with none recorded. A neutral fact: the order in force is unchanged.",
			Effects:     []Effect{stopDeadline(DeadlinePSAWindow)},
			Event:       "PSA referral period ended",
		},
		{
			Name: ActionAppealAllowed, Label: "Record appeal allowed: decision quashed", Track: TrackMain,
			From: []Stage{StageAppeal}, To: StageClosedAppealAllowed, Roles: reg,
			Inputs: []InputDef{decisionDateInput(), noteInput()},
			Event:  "Appeal allowed",
		},
		{
			Name: ActionAppealRemitted, Label: "Record appeal: sent back for a new hearing", Track: TrackMain,
			From: []Stage{StageAppeal}, To: StagePreHearing, Roles: reg,
			Inputs: []InputDef{decisionDateInput(), noteInput()},
			// An order already in force (a PSA referral) ends with its clocks.
			Effects: []Effect{stopDeadline(DeadlineOrderExpires), stopDeadline(DeadlineReviewDue)},
			Event:   "Remitted by the court for a new hearing",
		},
		{
			Name: ActionOrderTakesEffect, Label: "Order takes effect", Track: TrackMain,
			From: afterDecision, To: StageOrderInForce, Roles: reg, OnDeadline: DeadlineAppealWindow,
			Description: "A caution, conditions or suspension order takes effect once the appeal period has ended or any appeal is resolved. " +
				"When the appeal period ends with no appeal, the system puts the order the panel made in force.",
			Inputs: append(orderInputs(), appealOutcome, conditionsInput()),
			Guard:  guardOrderTakesEffect,
			// The PSA referral period runs on (stopped by a referral, or by
			// the system when it passes); the order replaced by a court's
			// substitute has its review clock stopped first.
			Effects: append(append([]Effect{stopDeadline(DeadlineReviewDue)}, orderEffects()...), stopDeadline(DeadlineAppealWindow),
				issueDocument("order_notice", "Notice that the order has taken effect")),
			Event: "Order took effect",
		},
		{
			Name: ActionStrikingOffTakesEffect, Label: "Striking-off order takes effect", Track: TrackMain,
			From: afterDecision, To: StageStruckOff, Roles: reg, OnDeadline: DeadlineAppealWindow,
			Description: "When the appeal period ends with no appeal, the system strikes the registrant off.",
			Inputs:      []InputDef{appealOutcome},
			Guard:       guardAppealOver,
			Effects: []Effect{
				stopDeadline(DeadlineAppealWindow), stopDeadline(DeadlinePSAWindow),
				{Kind: EffectSetStatus, Status: StatusStruckOff, Label: "Struck off the register"},
				issueDocument("order_notice", "Notice that the striking-off order has taken effect"),
			},
			Event: "Struck off",
		},
		{
			Name: ActionOrderExpired, Label: "Record order expired", Track: TrackMain,
			From: []Stage{StageOrderInForce, StageReview}, To: StageClosedOrderEnded, Roles: reg, OnDeadline: DeadlineOrderExpires,
			Description: "When an order's end date passes with no review decision, the system records that it expired and takes it off the register.",
			Guard:       guardOrderExpired,
			Effects: []Effect{
				stopDeadline(DeadlineOrderExpires), stopDeadline(DeadlineReviewDue),
				{Kind: EffectSetStatus, Status: StatusRegistered, Label: "Order removed from the register"},
			},
			Event: "Order expired",
		},
		{
			Name: ActionListReview, Label: "List a review", Track: TrackMain,
			From: []Stage{StageOrderInForce}, To: StageReview, Roles: ho,
			Description: "Mandatory before a conditions or suspension order expires; early on application or new evidence.",
			Inputs: []InputDef{
				choiceInput("review_type", "Kind of review", true, []Option{
					{"mandatory", "Mandatory review before expiry"},
					{"early", "Early review on application or new evidence"},
				}),
				{Name: "hearing_date", Label: "Review date", Kind: InputDate, Required: true, Future: true, Missing: "Enter the date of the review"},
				modeInput(),
				venueInput(),
			},
			Effects: []Effect{stopDeadline(DeadlineReviewDue), issueDocument("review_notice", "Notice of review")},
			Event:   "Review listed",
		},
		{
			Name: ActionReviewDecision, Label: "Record review decision: order continues", Track: TrackMain,
			From: []Stage{StageReview}, To: StageOrderInForce, Roles: ho,
			Inputs: append([]InputDef{decisionDateInput(), choiceInput("outcome", "Review decision", true, []Option{
				{"extend", "Order extended"},
				{"vary", "Order varied"},
				{"replace", "Order replaced with another order"},
			})}, append(orderInputs(), conditionsInput())...),
			Guard:   guardOrderEnd,
			Effects: append(orderEffects(), issueDocument("review_decision", "Review decision")),
			Event:   "Review: the order continues",
		},
		{
			Name: ActionReviewRevoke, Label: "Record review decision: order revoked", Track: TrackMain,
			From: []Stage{StageReview}, To: StageClosedOrderRevoked, Roles: ho,
			Inputs: []InputDef{decisionDateInput(), reasonInput("Reasons for the decision")},
			Effects: []Effect{
				{Kind: EffectSetStatus, Status: StatusRegistered, Label: "Order removed from the register"},
				issueDocument("review_decision", "Review decision"),
			},
			Event: "Review: order revoked",
		},
		{
			Name: ActionReviewLapse, Label: "Record review decision: let the order lapse", Track: TrackMain,
			From: []Stage{StageReview}, To: StageClosedOrderEnded, Roles: ho,
			Inputs: []InputDef{decisionDateInput(), reasonInput("Reasons for the decision")},
			Effects: []Effect{
				{Kind: EffectSetStatus, Status: StatusRegistered, Label: "Order removed from the register on expiry"},
				issueDocument("review_decision", "Review decision"),
			},
			Event: "Review: no further order",
		},
		{
			Name: ActionReviewStrikeOff, Label: "Record review decision: striking off", Track: TrackMain,
			From: []Stage{StageReview}, To: StageAppealWindow, Roles: ho,
			Description: "For lack of competence or health, only after a period of continuous suspension or conditions.",
			Inputs: []InputDef{
				decisionDateInput(),
				choiceInput("ground", "Statutory ground", true, groundOptions()),
				{Name: "restricted_since", Label: "Date practice was first restricted", Hint: "Start of continuous suspension or conditions", Kind: InputDate, Past: true},
			},
			Guard:   guardReviewStrikeOff,
			Effects: append([]Effect{stopDeadline(DeadlineReviewDue), issueDocument("review_decision", "Review decision")}, decisionEffects()...),
			Event:   "Review: striking-off order made",
		},
		{
			Name: ActionApplyRestoration, Label: "Record application for restoration", Track: TrackMain,
			From: []Stage{StageStruckOff, StageRestorationRefused, StageClosedVoluntarilyRemoved}, To: StageRestoration, Roles: reg,
			Description: "A former registrant applies to be restored, after the waiting period.",
			Inputs: []InputDef{
				{Name: "received_on", Label: "Date received", Kind: InputDate, Required: true, Past: true, Missing: "Enter the date the application was received"},
				noteInput(),
			},
			Guard: guardRestoration,
			Event: "Restoration applied for",
		},
		{
			Name: ActionGrantRestoration, Label: "Record panel decision: restored", Track: TrackMain,
			From: []Stage{StageRestoration}, To: StageClosedRestored, Roles: ho,
			Inputs: []InputDef{
				decisionDateInput(),
				{Name: "with_conditions", Label: "Restored with conditions?", Kind: InputBool, Required: true, Missing: "Select yes if restored with conditions"},
				noteInput(),
			},
			Guard: guardRestorationConditions,
			Effects: []Effect{
				{Kind: EffectSetStatus, Status: StatusRegistered, Label: "Restored to the register"},
				issueDocument("restoration_decision", "Restoration decision"),
			},
			Event: "Restored to the register",
		},
		{
			Name: ActionRefuseRestoration, Label: "Record panel decision: restoration refused", Track: TrackMain,
			From: []Stage{StageRestoration}, To: StageRestorationRefused, Roles: ho,
			Inputs: []InputDef{decisionDateInput(), reasonInput("Reasons for the decision")},
			Effects: []Effect{{Kind: EffectCountRefusal, Label: "Refused applications counted"},
				issueDocument("restoration_decision", "Restoration decision")},
			Event: "Restoration refused",
		},
		{
			Name: ActionSuspendRestoration, Label: "Record panel decision: restoration refused, right to apply suspended", Track: TrackMain,
			From: []Stage{StageRestoration}, To: StageRestorationSuspended, Roles: ho,
			Description: "After the rules' number of refused applications, a panel may suspend the right to apply again.",
			Inputs:      []InputDef{decisionDateInput(), reasonInput("Reasons for the decision")},
			Guard:       guardSuspendRestoration,
			Effects: []Effect{{Kind: EffectCountRefusal, Label: "Refused applications counted"},
				issueDocument("restoration_decision", "Restoration decision")},
			Event: "Restoration refused: right to apply again suspended",
		},
	}
}

// afterFinalOrder says why an interim order to cover the appeal period
// does not apply: only while a final order awaits the appeal period or an
// appeal.
func afterFinalOrder(c Case) string {
	if c.Stage != StageAppealWindow && c.Stage != StageAppeal {
		return "An interim order to cover the appeal period can only be taken while a final order awaits the appeal period or an appeal"
	}
	return ""
}

// orderInputs describe an order in force: its kind and end date.
func orderInputs() []InputDef {
	return []InputDef{
		choiceInput("order", "Order", true, orderOptions()),
		{Name: "expires_on", Label: "Date the order ends", Kind: InputDate, Required: true, Future: true, Missing: "Enter the date the order ends"},
	}
}

// orderEffects start the clocks of an order in force and set the register.
func orderEffects() []Effect {
	reviewDue := func(order string) Effect {
		e := startDeadline(DeadlineReviewDue, "Review due before the order ends", func(r Rules) Period { return r.ReviewBeforeExpiry })
		e.FromInput, e.Before, e.If = "expires_on", true, "order="+order
		return e
	}
	return []Effect{
		{Kind: EffectStartDeadline, Deadline: DeadlineOrderExpires, Label: "Order ends", FromInput: "expires_on"},
		reviewDue("conditions"),
		reviewDue("suspension"),
		{Kind: EffectSetStatus, Status: StatusSuspended, Label: "Suspended on the register", If: "order=suspension"},
		{Kind: EffectAnnotate, Label: "Conditions of practice on the register", If: "order=conditions"},
		{Kind: EffectAnnotate, Label: "Caution on the register", If: "order=caution"},
	}
}

// interimActions are the interim-order track (S-IO), open at any time
// while the case is open.
func interimActions() []ActionDef {
	ho := []Role{RoleHearingsOfficer}
	stopAll := []Effect{stopDeadline(DeadlineInterimExpires), stopDeadline(DeadlineInterimExpiryWarning), stopDeadline(DeadlineInterimReview)}
	return []ActionDef{
		{
			Name: ActionReferInterim, Label: "Refer for an interim order", Track: TrackInterim, Opens: true,
			From: []Stage{StageInterimEnded}, To: StageInterimConsidered, Roles: []Role{RoleCaseManager, RoleTeamLeader},
			Description: "Ask a panel whether an interim order is needed while the case goes on.",
			Inputs: []InputDef{
				choiceInput("basis", "Why an order may be needed", true, []Option{
					{"public_protection", "To protect the public"},
					{"public_interest", "Otherwise in the public interest"},
					{"own_interests", "In the registrant's own interests"},
				}),
				reasonInput("Reasons"),
			},
			Effects: []Effect{issueDocument("interim_order_application", "Interim order application and notice")},
			Event:   "Referred for an interim order",
		},
		{
			Name: ActionImposeInterim, Label: "Record panel decision: interim order imposed", Track: TrackInterim,
			From: []Stage{StageInterimConsidered}, To: StageInterimInForce, Roles: ho,
			Inputs: []InputDef{
				decisionDateInput(),
				choiceInput("order", "Interim order", true, []Option{
					{"interim_suspension", "Interim suspension order"},
					{"interim_conditions", "Interim conditions of practice order"},
				}),
				{Name: "reason", Label: "Reasons for the decision", Kind: InputTextarea},
				conditionsInput(),
			},
			Effects: []Effect{
				startDeadline(DeadlineInterimExpires, "Interim order ends", func(r Rules) Period { return r.InterimMaximum }),
				interimExpiryWarning(),
				startDeadline(DeadlineInterimReview, "Interim order review due", func(r Rules) Period { return r.InterimFirstReview }),
				{Kind: EffectSetStatus, Status: StatusSuspended, Label: "Suspended on the register", If: "order=interim_suspension"},
				{Kind: EffectAnnotate, Label: "Interim conditions on the register", If: "order=interim_conditions"},
				issueDocument("interim_order_decision", "Interim order decision"),
			},
			Event: "Interim order imposed",
		},
		{
			Name: ActionImposeInterimCover, Label: "Record panel decision: interim order to cover the appeal period", Track: TrackInterim,
			Opens: true, From: []Stage{StageInterimEnded}, To: StageInterimInForce, Roles: ho,
			Description: "Made by the panel that made a conditions, suspension or striking-off order, so that practice is restricted until the order takes effect or any appeal is resolved.",
			Inputs: []InputDef{
				decisionDateInput(),
				choiceInput("order", "Interim order", true, []Option{
					{"interim_suspension", "Interim suspension order"},
					{"interim_conditions", "Interim conditions of practice order"},
				}),
				{Name: "reason", Label: "Reasons for the decision", Kind: InputTextarea},
				conditionsInput(),
			},
			Unless: afterFinalOrder,
			Effects: []Effect{
				startDeadline(DeadlineInterimExpires, "Interim order ends", func(r Rules) Period { return r.InterimMaximum }),
				interimExpiryWarning(),
				{Kind: EffectSetStatus, Status: StatusSuspended, Label: "Suspended on the register", If: "order=interim_suspension"},
				{Kind: EffectAnnotate, Label: "Interim conditions on the register", If: "order=interim_conditions"},
			},
			Event: "Interim order imposed to cover the appeal period",
		},
		{
			Name: ActionNoInterimOrder, Label: "Record panel decision: no interim order", Track: TrackInterim,
			From: []Stage{StageInterimConsidered}, To: StageInterimEnded, Roles: ho,
			Inputs:  []InputDef{decisionDateInput(), reasonInput("Reasons for the decision")},
			Effects: []Effect{issueDocument("interim_order_decision", "Interim order decision")},
			Event:   "No interim order made",
		},
		{
			Name: ActionReviewInterim, Label: "Record interim order review", Track: TrackInterim,
			From: []Stage{StageInterimInForce}, Roles: ho,
			Inputs: []InputDef{
				decisionDateInput(),
				choiceInput("outcome", "Review decision", true, []Option{{"continued", "Order continued"}, {"varied", "Order varied"}}),
				noteInput(),
			},
			Effects: []Effect{
				startDeadline(DeadlineInterimReview, "Interim order review due", func(r Rules) Period { return r.InterimLaterReview }),
				issueDocument("interim_order_decision", "Interim order review decision"),
			},
			Event: "Interim order reviewed",
		},
		{
			Name: ActionExtendInterim, Label: "Record court extension of interim order", Track: TrackInterim,
			From: []Stage{StageInterimInForce}, Roles: []Role{RoleRegistrar},
			Inputs: []InputDef{
				{Name: "extended_until", Label: "New end date", Kind: InputDate, Required: true, Future: true, Missing: "Enter the new end date"},
				{Name: "court", Label: "Court", Kind: InputText},
			},
			Guard: guardCourtExtension,
			Effects: []Effect{
				{Kind: EffectStartDeadline, Deadline: DeadlineInterimExpires, Label: "Interim order ends", FromInput: "extended_until"},
				interimExpiryWarning(),
				issueDocument("interim_order_decision", "Notice of the court's extension of the interim order"),
			},
			Event: "Interim order extended by the court",
		},
		{
			Name: ActionEndInterim, Label: "End interim order", Track: TrackInterim,
			From: []Stage{StageInterimInForce}, To: StageInterimEnded, Roles: []Role{RoleHearingsOfficer, RoleRegistrar},
			OnDeadline:  DeadlineInterimExpires,
			Description: "When an interim order reaches its end and the court has not extended it, the system records that it expired.",
			Inputs: []InputDef{
				choiceInput("ended_by", "How the order ended", true, []Option{
					{"revoked", "Revoked on review"},
					{"expired", "Expired"},
					{"final_order", "Replaced by a final order"},
					{"court", "Ended by the court"},
				}),
				noteInput(),
			},
			// The interim order itself leaves the register (storage).
			Effects: append(stopAll, issueDocument("interim_order_decision", "Notice that the interim order has ended")),
			Event:   "Interim order ended",
		},
	}
}

// interimExpiryWarning starts the warning, Rules.InterimExpiryWarning
// before the interim order ends, to apply to the court for an extension or
// plan for its end in time.
func interimExpiryWarning() Effect {
	e := startDeadline(DeadlineInterimExpiryWarning, "Interim order ends soon: apply to the court to extend it, or plan for its end",
		func(r Rules) Period { return r.InterimExpiryWarning })
	e.FromDeadline, e.Before = DeadlineInterimExpires, true
	return e
}

// conditionsInput is the text of conditions of practice, recorded with
// the order so that its notices can print them.
func conditionsInput() InputDef {
	return InputDef{Name: "conditions", Label: "Conditions of practice", Hint: "Only for a conditions order", Kind: InputTextarea}
}

// modeInput and venueInput say how and where a hearing is held.
func modeInput() InputDef {
	return choiceInput("mode", "How the hearing is held", false, []Option{{"in_person", "In person"}, {"remote", "Remote"}, {"hybrid", "Hybrid"}})
}

func venueInput() InputDef { return InputDef{Name: "venue", Label: "Venue", Kind: InputText} }
