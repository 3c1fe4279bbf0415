package sqldb

import (
	"context"
	"fmt"
	"strings"

	"fitness/internal/fitness"
)

// conflictApplies is the SQL condition under which the conflict x applies
// to the case c: declared with the case, with its registrant, or with an
// employer the registrant works or worked for. Queries alias the conflict
// table x and the case table c.
const conflictApplies = `(x.case_id = c.id OR x.registrant_id = c.registrant_id
	OR x.employer_id IN (SELECT e.employer_id FROM employments e WHERE e.registrant_id = c.registrant_id))`

// sitsOnPanel is the SQL condition under which the user $U sits on a panel
// that has the case c before it: an Investigating Committee meeting with
// the case on its agenda, or a hearing of the case still listed (not yet
// decided): a hearing panel's members lose sight of the case once its
// decision is recorded. Queries alias the case table c; $U is replaced by
// the placeholder of the user's id.
const sitsOnPanel = `(EXISTS (SELECT 1 FROM meeting_cases mc JOIN meeting_panel mp ON mp.meeting_id = mc.meeting_id
		WHERE mc.case_id = c.id AND mp.user_id = $U)
	OR EXISTS (SELECT 1 FROM hearings h JOIN hearing_panel hp ON hp.hearing_id = h.id
		WHERE h.case_id = c.id AND h.status = 'listed' AND hp.user_id = $U))`

// caseAccessLists returns the users sitting on a panel that has the case
// before it (they may see it: see sitsOnPanel) and the users a declared
// conflict excludes from it (which beats every grant), read through q.
func caseAccessLists(ctx context.Context, q querier, caseID, registrantID string) (panel, excluded []string, err error) {
	panel, err = queryStrings(ctx, q, `SELECT mp.user_id FROM meeting_cases mc
		JOIN meeting_panel mp ON mp.meeting_id = mc.meeting_id WHERE mc.case_id = $1
		UNION SELECT hp.user_id FROM hearings h JOIN hearing_panel hp ON hp.hearing_id = h.id
		WHERE h.case_id = $1 AND h.status = 'listed' ORDER BY 1`, caseID)
	if err != nil {
		return nil, nil, fmt.Errorf("panel of case %s: %w", caseID, err)
	}
	excluded, err = queryStrings(ctx, q, `SELECT DISTINCT x.user_id FROM conflicts x, cases c
		WHERE c.id = $1 AND `+conflictApplies+` ORDER BY x.user_id`, caseID)
	if err != nil {
		return nil, nil, fmt.Errorf("conflicts on case %s: %w", caseID, err)
	}
	return panel, excluded, nil
}

// accessClauses adds to w the conditions a case list applies for actor, the
// same rule [fitness.Decide] applies to one case: a role that sees every
// case sees every case, others only the cases before a panel they sit on
// (sitsOnPanel); and nobody sees a case a conflict they declared applies
// to.
func accessClauses(w *clauses, actor fitness.Actor) {
	if actor.UserID == fitness.SystemActor.UserID {
		return
	}
	if !seesAllCases(actor) {
		w.add(strings.ReplaceAll(sitsOnPanel, "$U", "?"), actor.UserID, actor.UserID)
	}
	w.add(`NOT EXISTS (SELECT 1 FROM conflicts x WHERE x.user_id = ? AND `+conflictApplies+`)`, actor.UserID)
}
