package staff

import (
	"fitness/internal/fitness"
	"fitness/internal/web"
)

// route is one row of the route table: a ServeMux pattern, the permission
// [fitness.Decide] must grant, and the handler.
type route struct {
	Pattern    string
	Permission fitness.Permission
	handle     web.HandlerFunc
}

// routes is the one table of every page of the staff app.
func (a *app) routes() []route {
	return []route{
		{"GET /sign-in", fitness.PermPublic, a.signInForm},
		{"POST /sign-in", fitness.PermPublic, a.signIn},
		{"POST /sign-out", fitness.PermSignedIn, a.signOut},
		{"GET /{$}", fitness.PermSignedIn, a.home},
		{"GET /cases", fitness.PermCaseList, a.allCases},
		{"GET /register", fitness.PermRegisterSearch, a.searchRegister},
		{"GET /registrants/{id}", fitness.PermRegisterView, a.registrant},
		{"GET /registrants/{id}/service-address", fitness.PermInvestigate, a.addressForm},
		{"POST /registrants/{id}/service-address", fitness.PermInvestigate, a.setAddress},
		{"GET /employers/{id}", fitness.PermRegisterView, a.employer},
		{"GET /employers/{id}/service-address", fitness.PermInvestigate, a.employerAddressForm},
		{"POST /employers/{id}/service-address", fitness.PermInvestigate, a.setEmployerAddress},
		{"GET /concerns/new", fitness.PermConcernCreate, a.newConcern},
		{"POST /concerns/new", fitness.PermConcernCreate, a.createConcern},
		{"GET /cases/{id}", fitness.PermCaseView, a.caseView},
		{"GET /cases/{id}/actions/{action}", fitness.PermCaseAct, a.actionForm},
		{"POST /cases/{id}/actions/{action}", fitness.PermCaseAct, a.applyAction},
		{"GET /cases/{id}/requests/new", fitness.PermInvestigate, a.newRequestForm},
		{"POST /cases/{id}/requests", fitness.PermInvestigate, a.sendRequest},
		{"GET /cases/{id}/requests/{req}", fitness.PermCaseView, a.requestView},
		{"GET /cases/{id}/requests/{req}/response", fitness.PermInvestigate, a.responseForm},
		{"POST /cases/{id}/requests/{req}/response", fitness.PermInvestigate, a.recordResponse},
		{"GET /cases/{id}/requests/{req}/withdraw", fitness.PermInvestigate, a.withdrawForm},
		{"POST /cases/{id}/requests/{req}/withdraw", fitness.PermInvestigate, a.withdrawRequest},
		{"GET /cases/{id}/documents/{doc}", fitness.PermCaseView, a.downloadDocument},
		{"GET /cases/{id}/letters/{letter}/post", fitness.PermCaseAct, a.postForm},
		{"POST /cases/{id}/letters/{letter}/post", fitness.PermCaseAct, a.recordPosting},
		{"GET /cases/{id}/allegation/amend", fitness.PermInvestigate, a.amendForm},
		{"POST /cases/{id}/allegation/amend", fitness.PermInvestigate, a.amendAllegation},
		{"GET /cases/{id}/allegation/versions", fitness.PermCaseView, a.allegationVersions},
		{"GET /cases/{id}/hold", fitness.PermCaseHold, a.holdForm},
		{"POST /cases/{id}/hold", fitness.PermCaseHold, a.placeHold},
		{"POST /cases/{id}/hold/end", fitness.PermCaseHold, a.endHold},
		{"GET /team", fitness.PermTeamView, a.teamView},
		{"POST /team/reassign", fitness.PermTeamView, a.reassign},
		{"GET /meetings", fitness.PermMeetingView, a.meetingList},
		{"GET /meetings/new", fitness.PermMeetingManage, a.newMeetingForm},
		{"POST /meetings/new", fitness.PermMeetingManage, a.createMeeting},
		{"GET /meetings/{id}", fitness.PermMeetingView, a.meetingView},
		{"GET /meetings/{id}/panel", fitness.PermMeetingManage, a.panelForm},
		{"POST /meetings/{id}/panel", fitness.PermMeetingManage, a.setPanel},
		{"POST /meetings/{id}/cases", fitness.PermMeetingManage, a.addAgendaCase},
		{"GET /meetings/{id}/cases/{case}/bundle", fitness.PermMeetingView, a.bundleView},
		{"GET /meetings/{id}/cases/{case}/decision", fitness.PermMeetingDecide, a.decisionForm},
		{"POST /meetings/{id}/cases/{case}/decision", fitness.PermMeetingDecide, a.recordDecision},
		{"GET /meetings/{id}/cases/{case}/notice", fitness.PermMeetingView, a.noticeView},
		{"GET /meetings/{id}/cases/{case}/notice/{to}", fitness.PermMeetingView, a.noticeLetter},
		{"GET /panel-members", fitness.PermMeetingManage, a.panelMemberList},
		{"GET /panel-members/{id}", fitness.PermMeetingManage, a.panelMemberForm},
		{"POST /panel-members/{id}", fitness.PermMeetingManage, a.savePanelMember},
		{"GET /conflicts", fitness.PermConflictCreate, a.conflictList},
		{"GET /conflicts/new", fitness.PermConflictCreate, a.conflictForm},
		{"POST /conflicts/new", fitness.PermConflictCreate, a.declareConflict},
		{"GET /cases/{id}/hearings/new", fitness.PermCaseAct, a.newHearingForm},
		{"POST /cases/{id}/hearings/new", fitness.PermCaseAct, a.listHearing},
		{"GET /hearings/{hearing}/decision", fitness.PermCaseAct, a.hearingDecisionForm},
		{"POST /hearings/{hearing}/decision", fitness.PermCaseAct, a.recordHearingDecision},
		{"GET /cases/{id}/orders/take-effect", fitness.PermCaseAct, a.orderStepForm("take-effect")},
		{"POST /cases/{id}/orders/take-effect", fitness.PermCaseAct, a.orderStepPost("take-effect")},
		{"GET /cases/{id}/orders/expire", fitness.PermCaseAct, a.orderStepForm("expire")},
		{"POST /cases/{id}/orders/expire", fitness.PermCaseAct, a.orderStepPost("expire")},
		{"GET /cases/{id}/appeals/new", fitness.PermCaseAct, a.appealForm(false)},
		{"POST /cases/{id}/appeals/new", fitness.PermCaseAct, a.appealPost(false)},
		{"GET /cases/{id}/appeals/decision", fitness.PermCaseAct, a.appealForm(true)},
		{"POST /cases/{id}/appeals/decision", fitness.PermCaseAct, a.appealPost(true)},
		{"POST /cases/{id}/publications/{pub}/publish", fitness.PermCaseAct, a.publishDecision},
		{"GET /inquiries", fitness.PermInquiryView, a.inquiryList},
		{"GET /inquiries/new", fitness.PermInquiryManage, a.newInquiryForm},
		{"POST /inquiries/new", fitness.PermInquiryManage, a.createInquiry},
		{"GET /inquiries/{id}", fitness.PermInquiryView, a.inquiryView},
		{"GET /inquiries/{id}/scope", fitness.PermInquiryView, a.scopeView},
		{"POST /inquiries/{id}/scope", fitness.PermInquiryManage, a.runScope},
		{"GET /inquiries/{id}/demands", fitness.PermInquiryView, a.demandsView},
		{"POST /inquiries/{id}/demands", fitness.PermInquiryManage, a.startDemands},
		{"GET /inquiries/{id}/demands/{demand}", fitness.PermInquiryView, a.demandView},
		{"GET /inquiries/{id}/demands/{demand}/answers/{reg}", fitness.PermInquiryManage, a.answerForm},
		{"POST /inquiries/{id}/demands/{demand}/answers/{reg}", fitness.PermInquiryManage, a.recordAnswer},
		{"GET /inquiries/{id}/screening", fitness.PermInquiryView, a.screeningView},
		{"POST /inquiries/{id}/screening", fitness.PermInquiryManage, a.startScreening},
		{"GET /inquiries/{id}/letters", fitness.PermInquiryView, a.lettersView},
		{"POST /inquiries/{id}/letters", fitness.PermInquiryManage, a.startLetters},
		{"GET /inquiries/{id}/people/{reg}", fitness.PermInquiryView, a.personView},
		{"POST /inquiries/{id}/people/{reg}", fitness.PermInquiryManage, a.screenPerson},
		{"GET /inquiries/{id}/steps/{step}", fitness.PermInquiryView, a.stepView},
		{"GET /referrals", fitness.PermReferralView, a.referralList},
		{"GET /referrals/new", fitness.PermReferralManage, a.newReferralForm},
		{"POST /referrals/new", fitness.PermReferralManage, a.createReferral},
		{"GET /referrals/{id}", fitness.PermReferralView, a.referralView},
		{"POST /referrals/{id}", fitness.PermReferralManage, a.updateReferral},
		{"GET /other-bodies", fitness.PermReferralView, a.bodyList},
		{"GET /other-bodies/new", fitness.PermReferralManage, a.newBodyForm},
		{"POST /other-bodies/new", fitness.PermReferralManage, a.createBody},
		{"GET /other-bodies/{id}", fitness.PermReferralView, a.bodyView},
		{"GET /cases/{id}/safeguarding", fitness.PermReferralManage, a.safeguardingForm},
		{"POST /cases/{id}/safeguarding", fitness.PermReferralManage, a.markSafeguarding},
		{"GET /cases/{id}/barring", fitness.PermReferralManage, a.barringForm},
		{"POST /cases/{id}/barring", fitness.PermReferralManage, a.decideBarring},
		{"GET /barring-prompts", fitness.PermBarringPrompts, a.barringPrompts},
		{"GET /process", fitness.PermProcessView, a.processView},
		{"GET /users", fitness.PermUserAdmin, a.userList},
	}
}

// RouteInfo names a route of the staff app and the permission it needs.
type RouteInfo struct {
	Pattern    string
	Permission fitness.Permission
}

// Routes lists every route of the staff app with its permission, for
// tests and for documentation of the access policy.
func Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range (&app{}).routes() {
		out = append(out, RouteInfo{rt.Pattern, rt.Permission})
	}
	return out
}
