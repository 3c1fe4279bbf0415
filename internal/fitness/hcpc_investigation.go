package fitness

// investigationActions are the HCPC actions from receipt to the
// Investigating Committee's decision (S0–S4).
func investigationActions() []ActionDef {
	cm := []Role{RoleCaseManager, RoleTeamLeader}
	responseDeadline := startDeadline(DeadlineRegistrantResponse, "Registrant's response to the allegation due",
		func(r Rules) Period { return r.RegistrantResponse })
	allegationInputs := func() []InputDef {
		return []InputDef{
			choiceInput("ground", "Statutory ground", true, groundOptions()),
			{Name: "allegation", Label: "Allegation", Hint: "The stem and numbered particulars, or a summary", Kind: InputTextarea},
		}
	}
	return []ActionDef{
		{
			Name: ActionStartTriage, Label: "Start triage", Track: TrackMain,
			From: []Stage{StageReceived}, To: StageTriage, Roles: cm,
			Description: "Acknowledge the concern and apply the triage test.",
			Inputs:      []InputDef{noteInput()},
			Effects:     []Effect{issueDocument("acknowledgement", "Acknowledgement to the person who raised the concern")},
			Event:       "Triage started",
		},
		{
			Name: ActionRecordRisk, Label: "Record risk assessment", Track: TrackMain,
			From:        []Stage{StageReceived, StageTriage, StageInvestigation, StageThreshold, StageAllegation, StageICP},
			Roles:       cm,
			Description: "Record the risk to the public and whether to seek an interim order.",
			Inputs: []InputDef{
				choiceInput("risk", "Risk level", true, []Option{{"low", "Low"}, {"medium", "Medium"}, {"high", "High"}}),
				{Name: "interim_order_needed", Label: "Should we seek an interim order?", Kind: InputBool, Required: true,
					Missing: "Select yes if we should seek an interim order"},
				reasonInput("Reasons for the assessment"),
			},
			Event: "Risk assessed",
		},
		{
			Name: ActionCloseOutsideRemit, Label: "Close: outside our remit", Track: TrackMain,
			From: []Stage{StageReceived, StageTriage}, To: StageClosedOutsideRemit, Roles: []Role{RoleTeamLeader},
			Description: "The concern is not about a current registrant or not a fitness to practise matter.",
			Inputs: []InputDef{
				choiceInput("remit_reason", "Why it is outside our remit", true, []Option{
					{"not_registrant", "Not about a current registrant"},
					{"service_complaint", "A complaint about a service, not a fitness to practise matter"},
					{"compensation", "A claim for compensation"},
					{"employment_dispute", "An employment dispute"},
					{"other", "Another reason"},
				}),
				{Name: "signposting", Label: "Where we signposted them", Kind: InputText},
				reasonInput("Reasons for closing"),
			},
			Effects: []Effect{issueDocument("triage_closure_letter", "Closure letter with signposting")},
			Event:   "Closed as outside our remit",
		},
		{
			Name: ActionFastTrack, Label: "Serve allegation now: serious concern", Track: TrackMain,
			From: []Stage{StageTriage}, To: StageAllegation, Roles: cm,
			Description: "Serious concerns (serious violence, sexual offences, serious or sustained dishonesty) go straight to an allegation and the Investigating Committee.",
			Inputs: append([]InputDef{choiceInput("serious_category", "Kind of serious concern", true, []Option{
				{"violence", "Serious violence"},
				{"sexual", "Sexual offence or sexual misconduct"},
				{"dishonesty", "Serious or sustained dishonesty"},
				{"other", "Another serious concern"},
			})}, allegationInputs()...),
			Effects: []Effect{issueDocument("allegation_letter", "Allegation letter inviting a response"), responseDeadline},
			Event:   "Allegation served on the serious-concerns route",
		},
		{
			Name: ActionStartInvestigation, Label: "Start investigation", Track: TrackMain,
			From: []Stage{StageTriage}, To: StageInvestigation, Roles: cm,
			Description: "The concern passed triage. The registrant is told an investigation has begun.",
			Inputs:      []InputDef{noteInput()},
			Effects:     []Effect{issueDocument("notice_of_investigation", "Notice of investigation to the registrant")},
			Event:       "Investigation started",
		},
		{
			Name: ActionRequestInformation, Label: "Request information (article 25)", Track: TrackMain,
			From: []Stage{StageInvestigation}, Roles: cm,
			Description: "Require information or documents from anyone except the registrant.",
			Inputs: []InputDef{
				{Name: "recipient", Label: "Who the request is to", Kind: InputText, Required: true, Missing: "Enter who the request is to"},
				{Name: "request", Label: "What is requested", Kind: InputTextarea, Required: true, Missing: "Enter what is requested"},
			},
			Effects: []Effect{
				issueDocument("art25_demand", "Article 25 information demand"),
				startDeadline(DeadlineInformation, "Requested information due", func(r Rules) Period { return r.EmployerInformation }),
			},
			Event: "Information requested",
		},
		{
			Name: ActionInformationReceived, Label: "Record information received", Track: TrackMain,
			From: []Stage{StageInvestigation}, Roles: cm,
			Inputs:  []InputDef{{Name: "received_on", Label: "Date received", Kind: InputDate, Required: true, Past: true, Missing: "Enter the date the information was received"}, noteInput()},
			Effects: []Effect{stopDeadline(DeadlineInformation)},
			Event:   "Information received",
		},
		{
			Name: ActionCompleteInvestigation, Label: "Complete investigation", Track: TrackMain,
			From: []Stage{StageInvestigation}, To: StageThreshold, Roles: cm,
			Description: "The information is gathered; the case is ready for the threshold decision.",
			Inputs:      []InputDef{noteInput()},
			Effects:     []Effect{stopDeadline(DeadlineInformation)},
			Event:       "Investigation completed",
		},
		{
			Name: ActionReopenInvestigation, Label: "Return to investigation", Track: TrackMain,
			From: []Stage{StageThreshold}, To: StageInvestigation, Roles: cm,
			Inputs: []InputDef{reasonInput("What more is needed")},
			Event:  "Returned to investigation",
		},
		{
			Name: ActionThresholdNotMet, Label: "Close: threshold not met", Track: TrackMain,
			From: []Stage{StageThreshold}, To: StageClosedThresholdNotMet, Roles: []Role{RoleTeamLeader},
			Description: "The information does not amount to an allegation that fitness to practise may be impaired. A conviction or caution always meets the threshold.",
			Inputs: []InputDef{
				{Name: "conviction_or_caution", Label: "Is the concern about a conviction or caution?", Kind: InputBool, Required: true,
					Missing: "Select yes if the concern is about a conviction or caution"},
				{Name: "factors", Label: "Factors considered", Kind: InputTextarea},
				reasonInput("Reasons for the decision"),
			},
			Guard:   guardThresholdNotMet,
			Effects: []Effect{issueDocument("threshold_closure_letter", "Threshold closure letter")},
			Event:   "Closed as the threshold was not met",
		},
		{
			Name: ActionServeAllegation, Label: "Serve allegation: threshold met", Track: TrackMain,
			From: []Stage{StageThreshold}, To: StageAllegation, Roles: cm,
			Description: "Write the allegation and invite the registrant to respond. A response is optional.",
			Inputs:      allegationInputs(),
			Effects:     []Effect{issueDocument("allegation_letter", "Allegation letter inviting a response"), responseDeadline},
			Event:       "Allegation served",
		},
		{
			Name: ActionRecordResponse, Label: "Record the registrant's response", Track: TrackMain,
			From: []Stage{StageAllegation}, Roles: cm,
			Inputs: []InputDef{
				{Name: "received_on", Label: "Date received", Kind: InputDate, Required: true, Past: true, Missing: "Enter the date the response was received"},
				noteInput(),
			},
			Effects: []Effect{stopDeadline(DeadlineRegistrantResponse)},
			Event:   "Registrant's response received",
		},
		{
			Name: ActionNoResponse, Label: "Record that no response was received by the deadline", Track: TrackMain,
			From: []Stage{StageAllegation}, System: true, OnDeadline: DeadlineRegistrantResponse,
			Description: "Recorded by the system when the time to respond passes. Responding is optional: this is a neutral fact, no inference is drawn from it, and a response that arrives later can still be recorded.",
			Effects:     []Effect{stopDeadline(DeadlineRegistrantResponse)},
			Event:       "No response received by the deadline",
		},
		{
			Name: ActionInviteComment, Label: "Invite the complainant to comment", Track: TrackMain,
			From: []Stage{StageAllegation}, Roles: cm,
			Description: "Show the registrant's representations to the person who raised the concern.",
			Inputs:      []InputDef{noteInput()},
			Effects: []Effect{startDeadline(DeadlineComplainantComment, "Complainant's comments due",
				func(r Rules) Period { return r.ComplainantComment })},
			Event: "Complainant invited to comment",
		},
		{
			Name: ActionRecordComment, Label: "Record the complainant's comments", Track: TrackMain,
			From: []Stage{StageAllegation}, Roles: cm,
			Inputs:  []InputDef{noteInput()},
			Effects: []Effect{stopDeadline(DeadlineComplainantComment)},
			Event:   "Complainant's comments received",
		},
		{
			Name: ActionServeAmended, Label: "Serve amended allegation", Track: TrackMain,
			From: []Stage{StageAllegation}, Roles: cm,
			Inputs:  allegationInputs(),
			Effects: []Effect{issueDocument("allegation_letter", "Amended allegation letter inviting a response"), responseDeadline},
			Event:   "Amended allegation served",
		},
		{
			Name: ActionReferToICP, Label: "Refer to the Investigating Committee", Track: TrackMain,
			From: []Stage{StageAllegation}, To: StageICP, Roles: cm,
			Description: "The bundle is ready, with or without a response, once the time to respond has passed.",
			Inputs:      []InputDef{noteInput()},
			Guard:       guardResponseWindow,
			Effects:     []Effect{stopDeadline(DeadlineRegistrantResponse), stopDeadline(DeadlineComplainantComment)},
			Event:       "Referred to the Investigating Committee",
		},
		{
			Name: ActionCaseToAnswer, Label: "Record panel decision: case to answer", Track: TrackMain,
			From: []Stage{StageICP}, To: StagePreHearing, Roles: []Role{RoleHearingsOfficer},
			Inputs:  []InputDef{decisionDateInput(), {Name: "reason", Label: "Reasons for the decision", Kind: InputTextarea}},
			Effects: []Effect{issueDocument("notice_of_decision", "Notice of decision to the registrant and complainant")},
			Event:   "Case to answer",
		},
		{
			Name: ActionNoCaseToAnswer, Label: "Record panel decision: no case to answer", Track: TrackMain,
			From: []Stage{StageICP}, To: StageClosedNoCaseToAnswer, Roles: []Role{RoleHearingsOfficer},
			Inputs:  []InputDef{decisionDateInput(), reasonInput("Reasons for the decision")},
			Effects: []Effect{issueDocument("notice_of_decision", "Notice of decision to the registrant and complainant")},
			Event:   "No case to answer",
		},
		{
			Name: ActionICPAdjourn, Label: "Record panel decision: adjourned", Track: TrackMain,
			From: []Stage{StageICP}, To: StageAllegation, Roles: []Role{RoleHearingsOfficer},
			Description: "The panel needs more information or an amended allegation.",
			Inputs:      []InputDef{decisionDateInput(), reasonInput("What the panel asked for")},
			Effects:     []Effect{issueDocument("notice_of_decision", "Notice of adjournment")},
			Event:       "Investigating Committee adjourned",
		},
	}
}
