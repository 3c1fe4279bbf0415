package fitness

// Rules holds every statutory number and configurable process rule of one
// regulator. Handlers, templates and jobs ask it; nothing else hard-codes
// these numbers. Values marked [verify] in the process reference are
// configurable here rather than fixed in code.
type Rules struct {
	Regulator string // e.g. "HCPC"

	// Investigation.
	RegistrantResponse  Period // invitation to respond to the allegation [verify]
	ComplainantComment  Period // comments on the registrant's response
	EmployerInformation Period // art 25 demand due
	Art25Chase          Period // an unanswered art 25 demand is chased this long after its due date [verify]
	Art25Escalate       Period // and escalated this long after the chase [verify]
	RequestLongest      Period // the latest due date an information request may be given, from sending
	PreviousNCAWindow   Period // earlier no-case-to-answer decisions put in the bundle
	JudicialReview      Period // JR of an ICP decision

	// Before a hearing.
	HearingNotice          Period // notice of final hearing, minimum
	RegulatorEvidence      Period // regulator serves evidence at least this long before
	RegistrantEvidence     Period // registrant serves evidence at least this long before
	ListingPublication     Period // allegation and date published this long before
	DecisionPublication    Period // decision published within (working days)
	ReviewAttendanceNotice Period // registrant's notice to appear at a review

	// Interim orders.
	InterimMaximum        Period // without a court extension
	InterimFirstReview    Period
	InterimLaterReview    Period
	InterimCourtExtension Period // maximum per extension
	InterimExpiryWarning  Period // warn this long before expiry

	// Sanctions.
	CautionMin, CautionMax    Period
	ConditionsMax             Period
	SuspensionMax             Period
	StrikeOffBarContinuous    Period // competence/health: continuous suspension or conditions first
	ReviewBeforeExpiry        Period // schedule a review this long before an order expires
	AppealWindow              Period
	PSAWindowAfterAppeal      Period // [verify]
	RestorationWait           Period
	RestorationInterval       Period            // one application per
	RestorationMaxRefusals    int               // after this many refusals the right may be suspended
	CautionHealthAllowed      bool              // whether the health committee may caution [verify]
	RestorationWithConditions bool              // [verify]
	PublicationPeriods        map[string]Period // by outcome [verify]

	// Clocks (see clock.go and hold.go). AgeingBandLimits are the ages,
	// ascending, at which the team view's ageing bands begin: bands run
	// from receipt to the first limit, between limits, and from the last
	// limit on. TargetCaseAge is the internal KPI for a case's age, time on
	// hold excluded. HoldPauses names the deadlines a hold pauses: internal
	// targets only; statutory periods run on through a hold.
	AgeingBandLimits []Period
	TargetCaseAge    Period
	HoldPauses       []string

	// Calendar says which days are working days, for WorkingDays periods.
	Calendar Calendar
}

// HCPCRules returns the default rules, modelled on the HCPC.
func HCPCRules() Rules {
	return Rules{
		Regulator:                 "HCPC",
		RegistrantResponse:        Period{Days: 28},
		ComplainantComment:        Period{Days: 14},
		EmployerInformation:       Period{Days: 14},
		Art25Chase:                Period{Days: 1},
		Art25Escalate:             Period{Days: 7},
		RequestLongest:            Period{Months: 3},
		PreviousNCAWindow:         Period{Years: 3},
		JudicialReview:            Period{Months: 3},
		HearingNotice:             Period{Days: 28},
		RegulatorEvidence:         Period{Days: 42},
		RegistrantEvidence:        Period{Days: 28},
		ListingPublication:        Period{Days: 28},
		DecisionPublication:       Period{WorkingDays: 5},
		ReviewAttendanceNotice:    Period{Days: 28},
		InterimMaximum:            Period{Months: 18},
		InterimFirstReview:        Period{Months: 6},
		InterimLaterReview:        Period{Months: 3},
		InterimCourtExtension:     Period{Months: 12},
		InterimExpiryWarning:      Period{Months: 2},
		CautionMin:                Period{Years: 1},
		CautionMax:                Period{Years: 5},
		ConditionsMax:             Period{Years: 3},
		SuspensionMax:             Period{Years: 1},
		StrikeOffBarContinuous:    Period{Years: 2},
		ReviewBeforeExpiry:        Period{Months: 2},
		AppealWindow:              Period{Days: 28},
		PSAWindowAfterAppeal:      Period{Days: 40},
		RestorationWait:           Period{Years: 5},
		RestorationInterval:       Period{Months: 12},
		RestorationMaxRefusals:    2,
		CautionHealthAllowed:      true,
		RestorationWithConditions: true,
		PublicationPeriods: map[string]Period{
			"caution":           {Years: 5},
			"conditions":        {Years: 5},
			"suspension":        {Years: 5},
			"striking_off":      {Years: 5},
			"not_well_founded":  {Months: 0},
			"no_further_action": {Years: 1},
		},
		AgeingBandLimits: []Period{{Months: 3}, {Months: 6}, {Months: 12}, {Months: 18}, {Months: 24}},
		TargetCaseAge:    Period{Months: 15},
		HoldPauses:       []string{DeadlineInformation},
		Calendar:         EnglandAndWales(),
	}
}
