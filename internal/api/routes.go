package api

import (
	"net/http"

	"fitness/internal/fitness"
)

// Route is one operation of the API: its method and ServeMux path pattern,
// and the permission [fitness.Decide] must grant before its handler runs.
type Route struct {
	Method     string
	Pattern    string
	Permission fitness.Permission
	// Case marks routes about the case named by {id} (an id or a
	// reference). The case is loaded and the permission decided against it
	// before the handler runs; a case the caller may not see, or may not
	// act on without being able to see it, answers 404 as if it did not
	// exist.
	Case   bool
	handle handlerFunc
}

// Routes returns the route table of the API, for tests and documentation
// that enumerate every route and its policy.
func Routes() []Route {
	return (&server{}).routes()
}

// routes is the route table. Every route of the API is here and nowhere
// else.
func (s *server) routes() []Route {
	return []Route{
		{Method: http.MethodGet, Pattern: "/api/v1/openapi.json", Permission: fitness.PermPublic, handle: s.getOpenAPI},

		{Method: http.MethodGet, Pattern: "/api/v1/registrants", Permission: fitness.PermRegisterSearch, handle: s.searchRegistrants},
		{Method: http.MethodGet, Pattern: "/api/v1/registrants/{id}", Permission: fitness.PermRegisterView, handle: s.getRegistrant},
		{Method: http.MethodGet, Pattern: "/api/v1/registrants/{id}/employments", Permission: fitness.PermRegisterView, handle: s.listEmployments},

		{Method: http.MethodPost, Pattern: "/api/v1/concerns", Permission: fitness.PermConcernCreate, handle: s.idempotent(s.createConcern)},

		{Method: http.MethodGet, Pattern: "/api/v1/cases", Permission: fitness.PermCaseList, handle: s.listCases},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}", Permission: fitness.PermCaseView, Case: true, handle: s.getCase},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/events", Permission: fitness.PermCaseView, Case: true, handle: s.listCaseEvents},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/actions", Permission: fitness.PermCaseAct, Case: true, handle: s.applyCaseAction},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/clocks", Permission: fitness.PermCaseView, Case: true, handle: s.getCaseClocks},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/holds", Permission: fitness.PermCaseHold, Case: true, handle: s.placeHold},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/holds/end", Permission: fitness.PermCaseHold, Case: true, handle: s.endHold},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/reassign", Permission: fitness.PermTeamView, handle: s.reassignCases},
		{Method: http.MethodGet, Pattern: "/api/v1/team/queue", Permission: fitness.PermTeamView, handle: s.getTeamQueue},

		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/letters", Permission: fitness.PermCaseView, Case: true, handle: s.lettering(s.listLetters)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/letters/{letter}/postings", Permission: fitness.PermCaseAct, Case: true, handle: s.lettering(s.recordPosting)},

		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/requests", Permission: fitness.PermCaseView, Case: true, handle: s.investigating(s.listRequests)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/requests", Permission: fitness.PermInvestigate, Case: true, handle: s.investigating(s.idempotent(s.createRequest))},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/requests/{req}", Permission: fitness.PermCaseView, Case: true, handle: s.investigating(s.getRequest)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/requests/{req}/responses", Permission: fitness.PermInvestigate, Case: true, handle: s.investigating(s.idempotentUpTo(s.recordResponse, maxResponseBody))},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/allegation", Permission: fitness.PermCaseView, Case: true, handle: s.investigating(s.getAllegation)},
		{Method: http.MethodPut, Pattern: "/api/v1/cases/{id}/allegation", Permission: fitness.PermInvestigate, Case: true, handle: s.investigating(s.amendAllegation)},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/allegation/versions", Permission: fitness.PermCaseView, Case: true, handle: s.investigating(s.listAllegationVersions)},

		{Method: http.MethodPost, Pattern: "/api/v1/meetings", Permission: fitness.PermMeetingManage, handle: s.meetings(s.idempotent(s.createMeeting))},
		{Method: http.MethodGet, Pattern: "/api/v1/meetings/{id}", Permission: fitness.PermMeetingView, handle: s.meetings(s.getMeeting)},
		{Method: http.MethodPost, Pattern: "/api/v1/meetings/{id}/cases", Permission: fitness.PermMeetingManage, handle: s.meetings(s.addMeetingCase)},
		{Method: http.MethodGet, Pattern: "/api/v1/meetings/{id}/cases/{case_id}/decision", Permission: fitness.PermMeetingView, handle: s.meetings(s.getDecision)},
		{Method: http.MethodPost, Pattern: "/api/v1/meetings/{id}/cases/{case_id}/decision", Permission: fitness.PermMeetingDecide, handle: s.meetings(s.recordDecision)},

		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/hearings", Permission: fitness.PermCaseView, Case: true, handle: s.hearingsOn(s.listHearings)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/hearings", Permission: fitness.PermCaseAct, Case: true, handle: s.hearingsOn(s.createHearing)},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/hearings/{hearing}", Permission: fitness.PermCaseView, Case: true, handle: s.hearingsOn(s.getHearing)},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/hearings/{hearing}/decision", Permission: fitness.PermCaseView, Case: true, handle: s.hearingsOn(s.getHearingDecision)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/hearings/{hearing}/decision", Permission: fitness.PermCaseAct, Case: true, handle: s.hearingsOn(s.recordHearingDecision)},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/orders", Permission: fitness.PermCaseView, Case: true, handle: s.hearingsOn(s.listOrders)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/orders/take-effect", Permission: fitness.PermCaseAct, Case: true, handle: s.hearingsOn(s.orderTakesEffect)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/orders/expire", Permission: fitness.PermCaseAct, Case: true, handle: s.hearingsOn(s.expireOrder)},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/appeals", Permission: fitness.PermCaseView, Case: true, handle: s.hearingsOn(s.listAppeals)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/appeals", Permission: fitness.PermCaseAct, Case: true, handle: s.hearingsOn(s.lodgeAppeal)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/appeals/decision", Permission: fitness.PermCaseAct, Case: true, handle: s.hearingsOn(s.decideAppeal)},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/publications", Permission: fitness.PermCaseView, Case: true, handle: s.hearingsOn(s.listPublications)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/publications/{publication}/publish", Permission: fitness.PermCaseAct, Case: true, handle: s.hearingsOn(s.publishDecision)},

		{Method: http.MethodGet, Pattern: "/api/v1/employers", Permission: fitness.PermInquiryView, handle: s.listEmployers},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries", Permission: fitness.PermInquiryView, handle: s.inquiring(s.listInquiries)},
		{Method: http.MethodPost, Pattern: "/api/v1/inquiries", Permission: fitness.PermInquiryManage, handle: s.inquiring(s.idempotent(s.createInquiry))},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries/{id}", Permission: fitness.PermInquiryView, handle: s.inquiring(s.getInquiry)},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries/{id}/dashboard", Permission: fitness.PermInquiryView, handle: s.inquiring(s.getInquiryDashboard)},
		{Method: http.MethodPost, Pattern: "/api/v1/inquiries/{id}/scope-runs", Permission: fitness.PermInquiryManage, handle: s.inquiring(s.runScope)},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries/{id}/snapshots", Permission: fitness.PermInquiryView, handle: s.inquiring(s.listSnapshots)},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries/{id}/snapshots/{snapshot}", Permission: fitness.PermInquiryView, handle: s.inquiring(s.getSnapshot)},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries/{id}/scope-diff", Permission: fitness.PermInquiryView, handle: s.inquiring(s.compareSnapshots)},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries/{id}/people", Permission: fitness.PermInquiryView, handle: s.inquiring(s.listInquiryPeople)},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries/{id}/people/{registrant}", Permission: fitness.PermInquiryView, handle: s.inquiring(s.getInquiryPerson)},
		{Method: http.MethodPost, Pattern: "/api/v1/inquiries/{id}/people/{registrant}/screening", Permission: fitness.PermInquiryManage, handle: s.inquiring(s.screenPerson)},
		{Method: http.MethodPost, Pattern: "/api/v1/inquiries/{id}/screenings", Permission: fitness.PermInquiryManage, handle: s.inquiring(s.idempotent(s.startScreening))},
		{Method: http.MethodPost, Pattern: "/api/v1/inquiries/{id}/letters", Permission: fitness.PermInquiryManage, handle: s.inquiring(s.idempotent(s.startLetters))},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries/{id}/demands", Permission: fitness.PermInquiryView, handle: s.inquiring(s.listDemands)},
		{Method: http.MethodPost, Pattern: "/api/v1/inquiries/{id}/demands", Permission: fitness.PermInquiryManage, handle: s.inquiring(s.idempotent(s.startDemands))},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries/{id}/demands/{demand}", Permission: fitness.PermInquiryView, handle: s.inquiring(s.getDemand)},
		{Method: http.MethodPost, Pattern: "/api/v1/inquiries/{id}/demands/{demand}/answers/{registrant}", Permission: fitness.PermInquiryManage, handle: s.inquiring(s.recordDemandAnswer)},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries/{id}/steps", Permission: fitness.PermInquiryView, handle: s.inquiring(s.listBulkSteps)},
		{Method: http.MethodGet, Pattern: "/api/v1/inquiries/{id}/steps/{step}", Permission: fitness.PermInquiryView, handle: s.inquiring(s.getBulkStep)},

		{Method: http.MethodGet, Pattern: "/api/v1/other-bodies", Permission: fitness.PermReferralView, handle: s.referring(s.listBodies)},
		{Method: http.MethodPost, Pattern: "/api/v1/other-bodies", Permission: fitness.PermReferralManage, handle: s.referring(s.idempotent(s.createBody))},
		{Method: http.MethodGet, Pattern: "/api/v1/other-bodies/{id}", Permission: fitness.PermReferralView, handle: s.referring(s.getBody)},
		{Method: http.MethodGet, Pattern: "/api/v1/referrals", Permission: fitness.PermReferralView, handle: s.referring(s.listReferrals)},
		{Method: http.MethodPost, Pattern: "/api/v1/referrals", Permission: fitness.PermReferralManage, handle: s.referring(s.idempotent(s.createReferral))},
		{Method: http.MethodGet, Pattern: "/api/v1/referrals/{id}", Permission: fitness.PermReferralView, handle: s.referring(s.getReferral)},
		{Method: http.MethodPost, Pattern: "/api/v1/referrals/{id}/updates", Permission: fitness.PermReferralManage, handle: s.referring(s.updateReferral)},
		{Method: http.MethodGet, Pattern: "/api/v1/cases/{id}/safeguarding", Permission: fitness.PermReferralView, Case: true, handle: s.referring(s.getSafeguarding)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/safeguarding", Permission: fitness.PermReferralManage, Case: true, handle: s.referring(s.markSafeguarding)},
		{Method: http.MethodPost, Pattern: "/api/v1/cases/{id}/safeguarding/barring", Permission: fitness.PermReferralManage, Case: true, handle: s.referring(s.decideBarring)},
		{Method: http.MethodGet, Pattern: "/api/v1/barring-prompts", Permission: fitness.PermBarringPrompts, handle: s.referring(s.listBarringPrompts)},
	}
}
