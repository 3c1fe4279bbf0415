package synth

import (
	"math/rand/v2"

	"fitness/internal/fitness"
)

// Texts of synthetic cases: short, plausible, and about nobody.

var concernSummaries = map[fitness.SourceCategory][]string{
	fitness.SourcePublic: {
		"A service user's relative says the registrant was rude and dismissive during a home visit.",
		"A patient complains of inappropriate comments during treatment.",
		"A parent says the registrant shared details of a child's assessment with another family.",
		"A member of the public says the registrant left a resident without prescribed pain relief.",
		"A patient says the registrant did not obtain consent before an examination.",
		"A relative reports that a care plan was not followed and records were incomplete.",
	},
	fitness.SourceEmployer: {
		"The employer reports repeated medication errors over six months despite support.",
		"The employer found claims for home visits that did not take place.",
		"Persistent failure to complete assessments to the required standard.",
		"Dishonestly recorded observations that were never taken.",
		"Inappropriate relationship with a former service user.",
		"Signed off equipment checks that were not carried out.",
	},
	fitness.SourceSelfReferral: {
		"The registrant declares a caution for a public order offence.",
		"Self-referral after a health-related absence and a medication error.",
		"The registrant declares a conviction for driving with excess alcohol.",
	},
	fitness.SourceOtherRegistrant: {
		"A colleague reports the registrant practised while unwell.",
		"A colleague reports falsified continuing professional development records.",
	},
	fitness.SourcePolice:           {"Police report the registrant has been charged with a criminal offence."},
	fitness.SourceProfessionalBody: {"A professional body reports concerns about the registrant's conduct at an event."},
	fitness.SourceAnonymous:        {"An anonymous caller alleges the registrant practises while unwell."},
	fitness.SourceOther:            {"An education provider reports concerns about the registrant's supervision of students."},
	fitness.SourceOwnMotion:        {"A press report suggests the registrant may have practised while suspended elsewhere."},
}

var noteTexts = []string{
	"Called the registrant's representative; they will send a response by the end of the month.",
	"Chased the employer for the rota and supervision notes.",
	"Reviewed the new information; no change to the risk assessment.",
	"Spoke to the person who raised the concern and updated them on progress.",
	"Legal advice requested on the wording of the particulars.",
	"Witness availability checked for the coming months.",
	"Bundle indexed and paginated; two documents redacted for third-party data.",
	"Registrant asked for more time because of illness; noted.",
	"Monitoring report received from the workplace supervisor.",
	"File reviewed at the monthly case review with the team leader.",
}

var requestTexts = []string{
	"Rotas, supervision notes and the internal investigation report for the period concerned.",
	"The patient records for the dates in question and the incident log.",
	"The disciplinary hearing outcome and the evidence considered.",
	"A copy of the certificate of conviction and the sentencing remarks.",
}

// oneOf returns one of list at random.
func oneOf(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// sourceMix is ftp-process.md §6.5: public ~43 %, employer ~24 %, self
// ~18 %, other registrant ~5 %, police ~1 %, anonymous ~2 %, art 22(6)
// below 1 %, the rest other bodies; per thousand concerns.
var sourceMix = []struct {
	source fitness.SourceCategory
	weight int
}{
	{fitness.SourcePublic, 430}, {fitness.SourceEmployer, 240}, {fitness.SourceSelfReferral, 180},
	{fitness.SourceOtherRegistrant, 50}, {fitness.SourcePolice, 12}, {fitness.SourceAnonymous, 20},
	{fitness.SourceOwnMotion, 5}, {fitness.SourceProfessionalBody, 13}, {fitness.SourceOther, 50},
}

// pickSource returns a source category in the proportions of sourceMix.
func pickSource(r *rand.Rand) fitness.SourceCategory {
	n := r.IntN(1000)
	for _, s := range sourceMix {
		if n < s.weight {
			return s.source
		}
		n -= s.weight
	}
	return fitness.SourceOther
}

// weighted returns an index into weights chosen in proportion.
func weighted(r *rand.Rand, weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}
