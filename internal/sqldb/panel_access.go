package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fitness/internal/fitness"
)

// conflictApplies is the SQL condition under which the conflict x applies
// to the case c: declared with the case, with its registrant, or with an
// employer the registrant works or worked for. Queries alias the conflict
// table x and the case table c.
const conflictApplies = `(x.case_id = c.id OR x.registrant_id = c.registrant_id
	OR x.employer_id IN (SELECT e.employer_id FROM employments e WHERE e.registrant_id = c.registrant_id))`

// conflictsUser is the SQL condition under which a conflict the user $U
// declared applies to the case c (conflictApplies). Queries alias the case
// table c; $U is replaced by the placeholder of the user's id.
const conflictsUser = `EXISTS (SELECT 1 FROM conflicts x WHERE x.user_id = $U AND ` + conflictApplies + `)`

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

// caseAccessColumns are three SQL expressions of the case table c, each a
// list of user ids joined by commas, NULL when empty, in no set order and
// perhaps with repeats (see idList): the users on the panels of meetings
// that have the case on their agenda, those on the panels of its hearings
// still listed (both sit on a panel that has it before them: see
// sitsOnPanel), and those a declared conflict excludes from it. As
// columns of a query of one case, they read the lists with the case.
const caseAccessColumns = `(SELECT string_agg(mp.user_id, ',') FROM meeting_cases mc
		JOIN meeting_panel mp ON mp.meeting_id = mc.meeting_id WHERE mc.case_id = c.id),
	(SELECT string_agg(hp.user_id, ',') FROM hearings h JOIN hearing_panel hp ON hp.hearing_id = h.id
		WHERE h.case_id = c.id AND h.status = 'listed'),
	(SELECT string_agg(x.user_id, ',') FROM conflicts x WHERE ` + conflictApplies + `)`

// actorAccessColumns are caseAccessColumns for one user, the placeholder
// $U: each is that user's id, or NULL when they are not on the list. The
// policy function looks only for the actor on the lists, so for a decision
// about one actor they answer as the whole lists would, with less to read:
// a conflict is looked for among the user's own (conflicts_user), and an
// employer's conflicts need no look at the registrant's employments.
const actorAccessColumns = `(SELECT mp.user_id FROM meeting_cases mc JOIN meeting_panel mp ON mp.meeting_id = mc.meeting_id
		WHERE mc.case_id = c.id AND mp.user_id = $U LIMIT 1),
	(SELECT hp.user_id FROM hearings h JOIN hearing_panel hp ON hp.hearing_id = h.id
		WHERE h.case_id = c.id AND h.status = 'listed' AND hp.user_id = $U LIMIT 1),
	(SELECT x.user_id FROM conflicts x WHERE x.user_id = $U AND ` + conflictApplies + ` LIMIT 1)`

// caseAccessLists returns the users sitting on a panel that has the case
// before it (they may see it: see sitsOnPanel) and the users a declared
// conflict excludes from it (which beats every grant), read through q in
// one query, each list in id order; none for a case that does not exist.
func caseAccessLists(ctx context.Context, q querier, caseID, registrantID string) (panel, excluded []string, err error) {
	var meetings, hearings, conflicts sql.NullString
	err = q.QueryRowContext(ctx, `SELECT `+caseAccessColumns+` FROM cases c WHERE c.id = $1`, caseID).
		Scan(&meetings, &hearings, &conflicts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, fmt.Errorf("panel and conflicts of case %s: %w", caseID, err)
	}
	panel, excluded = accessLists(meetings, hearings, conflicts)
	return panel, excluded, nil
}

// accessLists returns the panel and excluded lists from the values of
// caseAccessColumns.
func accessLists(meetings, hearings, conflicts sql.NullString) (panel, excluded []string) {
	return idList(meetings, hearings), idList(conflicts)
}

// idList returns the ids in lists of ids joined by commas (ids have none),
// sorted and each once; nil when there are none.
func idList(lists ...sql.NullString) []string {
	var ids []string
	for _, l := range lists {
		if l.Valid && l.String != "" {
			ids = append(ids, strings.Split(l.String, ",")...)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
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
	w.add(`NOT `+strings.ReplaceAll(conflictsUser, "$U", "?"), actor.UserID)
}

// actGuard returns the SQL condition on the case table c under which the
// case's panel and conflict lists, as far as they name actor (the
// placeholder $U), let actor act on c. It asks mayAct, the policy
// function's answer, for each of the four ways the lists can name actor:
// on a panel that has the case before it (sitsOnPanel) or not, and
// excluded by a conflict (conflictsUser) or not. The condition holds in
// just the ways it allows, and tests only the lists the answer turns on:
// cond is "" when it turns on neither and allows. ok is false when no way
// allows.
func actGuard(actor fitness.Actor, c fitness.Case) (cond string, ok bool) {
	// allows[onPanel][excluded], as 0 or 1: the policy function's answer.
	var allows [2][2]bool
	for p := range 2 {
		for x := range 2 {
			var panel, out []string
			if p == 1 {
				panel = []string{actor.UserID}
			}
			if x == 1 {
				out = []string{actor.UserID}
			}
			allows[p][x] = mayAct(actor, resourceOf(c, panel, out)) == nil
		}
	}
	panelCounts := allows[0][0] != allows[1][0] || allows[0][1] != allows[1][1]
	conflictCounts := allows[0][0] != allows[0][1] || allows[1][0] != allows[1][1]
	var ways []string
	for _, onPanel := range ways2(panelCounts) {
		for _, excluded := range ways2(conflictCounts) {
			if !allows[b2i(onPanel)][b2i(excluded)] {
				continue
			}
			var terms []string
			if panelCounts {
				terms = append(terms, holds(sitsOnPanel, onPanel))
			}
			if conflictCounts {
				terms = append(terms, holds(conflictsUser, excluded))
			}
			ways = append(ways, strings.Join(terms, " AND "))
		}
	}
	if len(ways) == 0 {
		return "", false
	}
	if len(ways) == 1 && ways[0] == "" {
		return "", true
	}
	return "(" + strings.Join(ways, " OR ") + ")", true
}

// ways2 returns the values a list's naming of the actor is tried with:
// both when the answer turns on it, else one.
func ways2(counts bool) []bool {
	if counts {
		return []bool{false, true}
	}
	return []bool{false}
}

// b2i returns 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// holds returns cond when want, else its negation.
func holds(cond string, want bool) string {
	if want {
		return cond
	}
	return "NOT " + cond
}
