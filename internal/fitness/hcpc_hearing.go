package fitness

// hearingActions are the HCPC actions after a case to answer, up to the
// final hearing's decision (S5, S5a, S5b, voluntary removal, S6).
func hearingActions() []ActionDef {
	cm := []Role{RoleCaseManager, RoleTeamLeader}
	ho := []Role{RoleHearingsOfficer}
	before := []Stage{StagePreHearing, StageFinalHearing}
	return []ActionDef{
		{
			Name: ActionListHearing, Label: "List final hearing", Track: TrackMain,
			From: []Stage{StagePreHearing}, To: StageFinalHearing, Roles: ho,
			Description: "Fix the hearing date. Notice, evidence and publication deadlines count back from it.",
			Inputs: []InputDef{
				{Name: "hearing_date", Label: "Hearing date", Kind: InputDate, Required: true, Future: true, Missing: "Enter the date of the hearing"},
				choiceInput("committee", "Committee", true, []Option{
					{"ccc", "Conduct and Competence Committee"},
					{"hc", "Health Committee"},
					{"ic", "Investigating Committee (register entry)"},
				}),
				modeInput(),
				venueInput(),
				{Name: "short_notice_agreed", Label: "Has the registrant agreed to short notice?", Kind: InputBool,
					Hint: "Only needed when the hearing is sooner than the notice period allows"},
				{Name: "short_notice_reason", Label: "Why short notice was agreed", Kind: InputTextarea},
			},
			Guard:   guardHearingNotice,
			Effects: listingEffects(),
			Event:   "Final hearing listed",
		},
		{
			Name: ActionProposeConsent, Label: "Propose a consent order", Track: TrackMain,
			From: before, To: StageConsent, Roles: cm,
			Description: "Only where the registrant admits the allegation in full and there is no public interest in a contested hearing.",
			Inputs: []InputDef{
				choiceInput("order", "Proposed order", true, orderOptions()),
				{Name: "admits_in_full", Label: "Does the registrant admit the allegation in full?", Kind: InputBool, Required: true,
					Missing: "Select yes if the registrant admits the allegation in full"},
				noteInput(),
			},
			Guard:   guardConsent,
			Effects: stopHearingDeadlines(),
			Event:   "Consent order proposed",
		},
		{
			Name: ActionApproveConsent, Label: "Record panel decision: consent order approved", Track: TrackMain,
			From: []Stage{StageConsent}, To: StageAppealWindow, Roles: ho,
			Inputs: []InputDef{
				decisionDateInput(),
				choiceInput("order", "Order approved", true, orderOptions()),
				{Name: "length_months", Label: "Length of the order in months", Kind: InputNumber},
				conditionsInput(),
			},
			Guard:   guardConsentOrder,
			Effects: append([]Effect{issueDocument("consent_order", "Consent order")}, decisionEffects()...),
			Event:   "Consent order approved",
		},
		{
			Name: ActionRefuseConsent, Label: "Record panel decision: consent refused", Track: TrackMain,
			From: []Stage{StageConsent}, To: StagePreHearing, Roles: ho,
			Inputs: []InputDef{decisionDateInput(), reasonInput("Reasons for refusing")},
			Event:  "Consent order refused: the case goes to a full hearing",
		},
		{
			Name: ActionProposeDiscontinuance, Label: "Propose discontinuance", Track: TrackMain,
			From: before, To: StageDiscontinuance, Roles: cm,
			Description: "Ask a panel to allow some or all particulars to be withdrawn where there is no longer a realistic prospect of proving them.",
			Inputs: []InputDef{
				choiceInput("scope", "Particulars to withdraw", true, []Option{{"all", "All particulars"}, {"some", "Some particulars"}}),
				reasonInput("Which particulars and why"),
			},
			Effects: stopHearingDeadlines(),
			Event:   "Discontinuance proposed",
		},
		{
			Name: ActionApproveDiscontinuance, Label: "Record panel decision: all particulars discontinued", Track: TrackMain,
			From: []Stage{StageDiscontinuance}, To: StageClosedDiscontinued, Roles: ho,
			Inputs: []InputDef{decisionDateInput(), noteInput()},
			Event:  "Case discontinued",
		},
		{
			Name: ActionContinueAfterDiscontinuance, Label: "Record panel decision: the case continues", Track: TrackMain,
			From: []Stage{StageDiscontinuance}, To: StagePreHearing, Roles: ho,
			Inputs: []InputDef{
				decisionDateInput(),
				choiceInput("outcome", "Panel's decision", true, []Option{
					{"partial", "Some particulars discontinued"},
					{"refused", "Discontinuance refused"},
				}),
				noteInput(),
			},
			Event: "Discontinuance decided: the case continues",
		},
		{
			Name: ActionProposeVoluntaryRemoval, Label: "Propose voluntary removal", Track: TrackMain,
			From: before, To: StageVoluntaryRemoval, Roles: cm,
			Description: "Mainly for serious or long-term ill health, or someone not intending to practise again.",
			Inputs: []InputDef{
				choiceInput("basis", "Basis for removal", true, []Option{
					{"ill_health", "Serious or long-term ill health"},
					{"not_practising", "Does not intend to practise again"},
					{"other", "Another reason"},
				}),
				noteInput(),
			},
			Effects: stopHearingDeadlines(),
			Event:   "Voluntary removal proposed",
		},
		{
			Name: ActionApproveVoluntaryRemoval, Label: "Record panel decision: voluntary removal approved", Track: TrackMain,
			From: []Stage{StageVoluntaryRemoval}, To: StageClosedVoluntarilyRemoved, Roles: ho,
			Inputs: []InputDef{decisionDateInput(), noteInput()},
			Effects: []Effect{
				issueDocument("voluntary_removal_agreement", "Voluntary removal agreement"),
				{Kind: EffectSetStatus, Status: StatusVoluntarilyRemoved, Label: "Removed from the register by agreement"},
			},
			Event: "Voluntary removal approved",
		},
		{
			Name: ActionRefuseVoluntaryRemoval, Label: "Record panel decision: voluntary removal refused", Track: TrackMain,
			From: []Stage{StageVoluntaryRemoval}, To: StagePreHearing, Roles: ho,
			Inputs: []InputDef{decisionDateInput(), reasonInput("Reasons for refusing")},
			Event:  "Voluntary removal refused",
		},
		{
			Name: ActionNotWellFounded, Label: "Record hearing decision: not well founded", Track: TrackMain,
			From: []Stage{StageFinalHearing}, To: StageClosedNotWellFounded, Roles: ho,
			Inputs: []InputDef{
				decisionDateInput(),
				choiceInput("finding", "Where the allegation fell", true, []Option{
					{"facts", "Facts not proved"},
					{"ground", "Statutory ground not found"},
					{"impairment", "Fitness to practise not currently impaired"},
				}),
				reasonInput("Reasons for the decision"),
			},
			Effects: []Effect{issueDocument("hearing_decision", "Hearing decision")},
			Event:   "Allegation not well founded",
		},
		{
			Name: ActionNoFurtherAction, Label: "Record hearing decision: no further action", Track: TrackMain,
			From: []Stage{StageFinalHearing}, To: StageClosedNoFurtherAction, Roles: ho,
			Description: "Fitness to practise is impaired but no order is needed.",
			Inputs:      []InputDef{decisionDateInput(), choiceInput("ground", "Statutory ground", true, groundOptions()), reasonInput("Reasons for the decision")},
			Effects:     []Effect{issueDocument("hearing_decision", "Hearing decision")},
			Event:       "Well founded: no further action",
		},
		{
			Name: ActionRecordSanction, Label: "Record hearing decision: sanction", Track: TrackMain,
			From: []Stage{StageFinalHearing}, To: StageAppealWindow, Roles: ho,
			Description: "Well founded, with a caution, conditions, suspension or striking-off order. It takes effect when the appeal period ends.",
			Inputs: []InputDef{
				decisionDateInput(),
				choiceInput("ground", "Statutory ground", true, groundOptions()),
				choiceInput("sanction", "Sanction", true, sanctionOptions()),
				{Name: "length_months", Label: "Length of the order in months", Hint: "Not needed for a striking-off order", Kind: InputNumber},
				{Name: "reason", Label: "Reasons for the sanction", Kind: InputTextarea},
				conditionsInput(),
			},
			Guard:   sanctionGuard("sanction"),
			Effects: append([]Effect{issueDocument("hearing_decision", "Hearing decision")}, decisionEffects()...),
			Event:   "Well founded: sanction imposed",
		},
		{
			Name: ActionAdjournHearing, Label: "Record hearing adjourned", Track: TrackMain,
			From: []Stage{StageFinalHearing}, To: StagePreHearing, Roles: ho,
			Inputs: []InputDef{
				choiceInput("kind", "What happened", true, []Option{
					{"adjourned", "Adjourned"}, {"part_heard", "Part heard"}, {"postponed", "Postponed before it started"},
				}),
				reasonInput("Reasons"),
			},
			Effects: stopHearingDeadlines(),
			Event:   "Hearing adjourned",
		},
	}
}

// listingEffects are the deadlines counted back from a hearing date.
func listingEffects() []Effect {
	back := func(name, label string, p func(Rules) Period) Effect {
		e := startDeadline(name, label, p)
		e.FromInput, e.Before = "hearing_date", true
		return e
	}
	return []Effect{
		issueDocument("notice_of_hearing", "Notice of hearing"),
		back(DeadlineHearingNotice, "Notice of hearing to be served", func(r Rules) Period { return r.HearingNotice }),
		back(DeadlineRegulatorEvidence, "Our evidence to be served", func(r Rules) Period { return r.RegulatorEvidence }),
		back(DeadlineRegistrantEvidence, "Registrant's evidence due", func(r Rules) Period { return r.RegistrantEvidence }),
		back(DeadlineListingPublication, "Allegation and date to be published", func(r Rules) Period { return r.ListingPublication }),
	}
}

// stopHearingDeadlines stops the deadlines [listingEffects] starts.
func stopHearingDeadlines() []Effect {
	return []Effect{
		stopDeadline(DeadlineHearingNotice), stopDeadline(DeadlineRegulatorEvidence),
		stopDeadline(DeadlineRegistrantEvidence), stopDeadline(DeadlineListingPublication),
	}
}

// decisionEffects start the clocks that run after a final decision.
func decisionEffects() []Effect {
	return append(stopHearingDeadlines(),
		startDeadline(DeadlineAppealWindow, "Appeal period ends", func(r Rules) Period { return r.AppealWindow }),
		startDeadline(DeadlinePSAWindow, "PSA referral period ends",
			func(r Rules) Period { return r.AppealWindow.Add(r.PSAWindowAfterAppeal) }),
		startDeadline(DeadlineDecisionPublication, "Decision to be published",
			func(r Rules) Period { return r.DecisionPublication }),
	)
}
