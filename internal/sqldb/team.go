package sqldb

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// Team view page sizes and the most cases reassigned at once.
const (
	DefaultTeamLimit = 50
	MaxTeamLimit     = 200
	MaxReassign      = 200
)

// sqlArgs numbers the arguments of a query as it is built.
type sqlArgs struct{ list []any }

// add appends v and returns its placeholder ($1, $2, …).
func (a *sqlArgs) add(v any) string {
	a.list = append(a.list, v)
	return "$" + strconv.Itoa(len(a.list))
}

// clockSQL holds the SQL expressions of the team view over cases c with
// their hold in force ah (LEFT JOINed), with their arguments bound in
// args: the ageing band number and whether the case is breached. They
// compare stored values with cutoffs the domain computes for now, so that
// they agree with [fitness.AgeingBand] and [fitness.Breached].
type clockSQL struct {
	band, breached string
}

// holdJoin joins each case's hold in force, if any, as ah.
const holdJoin = ` LEFT JOIN holds ah ON ah.case_id = c.id AND ah.ended_at IS NULL`

// clockExprs builds the band and breach expressions for now under r.
func (db *DB) clockExprs(r fitness.Rules, now time.Time, args *sqlArgs) clockSQL {
	cuts := fitness.BandCutoffs(r, now)
	var band strings.Builder
	band.WriteString("CASE")
	for i := len(cuts) - 1; i >= 0; i-- {
		fmt.Fprintf(&band, " WHEN c.received_on <= %s THEN %d", args.add(dateText(cuts[i])), i+2)
	}
	band.WriteString(" ELSE 1 END")
	if len(cuts) == 0 {
		band.Reset()
		band.WriteString("1")
	}
	from := fitness.OverdueFrom(now)
	overdue := `(c.next_due_at < ` + args.add(dbTime(from)) + ` AND ` +
		db.overdueDeadline(args.add(from.UTC().Format("2006-01-02T15:04:05"))) + `)`
	age := `(CASE WHEN ah.id IS NOT NULL THEN ah.kpi_lead < ` + args.add(fitness.KPILeadLimit(r, now)) +
		` ELSE COALESCE(` + lastKPISQL + `, c.received_on) < ` + args.add(dateText(fitness.AgeCutoff(r, now))) + ` END)`
	return clockSQL{band: "(" + band.String() + ")", breached: "(" + overdue + " OR " + age + ")"}
}

// lastKPISQL is the KPI start of case c after its last ended hold, NULL
// when it has had none.
const lastKPISQL = `(SELECT MAX(hx.kpi_from) FROM holds hx WHERE hx.case_id = c.id AND hx.ended_at IS NOT NULL)`

// breachedFreeSQL is the breach condition of clockExprs for a case c with
// no hold in force, its arguments bound in args: nothing is paused, so a
// deadline is overdue exactly when the soonest one (next_due_at) is, and
// the deadlines JSON need not be read. The KPI start after the case's last
// ended hold comes from hk (lastKPIJoin).
func breachedFreeSQL(r fitness.Rules, now time.Time, args *sqlArgs) string {
	return `(c.next_due_at < ` + args.add(dbTime(fitness.OverdueFrom(now))) + ` OR COALESCE(hk.kpi_from, c.received_on) < ` +
		args.add(dateText(fitness.AgeCutoff(r, now))) + `)`
}

// lastKPIJoin joins to cases c, as hk, the KPI start after each case's
// last ended hold (lastKPISQL for all cases at once, so that PostgreSQL
// joins by hash rather than running a subquery per case).
const lastKPIJoin = ` LEFT JOIN (SELECT hx.case_id, MAX(hx.kpi_from) AS kpi_from FROM holds hx
	WHERE hx.ended_at IS NOT NULL GROUP BY hx.case_id) hk ON hk.case_id = c.id`

// overdueDeadline returns a condition true when a deadline of case c is
// due before the instant from (its UTC text to the second, the argument
// placeholder given) and is not paused by the hold in force ah. Deadlines
// are JSON, so the condition is engine-specific: json_each on SQLite,
// jsonb_array_elements on PostgreSQL. Due times are stored in UTC as
// RFC 3339, so the first 19 characters compare as text.
func (db *DB) overdueDeadline(from string) string {
	if db.Engine == Postgres {
		return `EXISTS (SELECT 1 FROM jsonb_array_elements(c.deadlines::jsonb) d
			WHERE substr(d->>'Due', 1, 19) < ` + from + `
			AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(ah.paused::jsonb) p
				WHERE p->>'Name' = d->>'Name' AND p->>'Due' = d->>'Due'))`
	}
	return `EXISTS (SELECT 1 FROM json_each(c.deadlines) d
		WHERE substr(json_extract(d.value, '$.Due'), 1, 19) < ` + from + `
		AND NOT EXISTS (SELECT 1 FROM json_each(ah.paused) p
			WHERE json_extract(p.value, '$.Name') = json_extract(d.value, '$.Name')
			AND json_extract(p.value, '$.Due') = json_extract(d.value, '$.Due')))`
}

// teamCursor is the position after the last case of a team page: ordered
// by receipt date, then reference.
type teamCursor struct {
	Received string `json:"d"`
	Ref      string `json:"r"`
}

func (c teamCursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeTeamCursor(s string) (teamCursor, error) {
	var c teamCursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Ref == "" {
		return c, &fitness.Error{Code: fitness.EInvalid, Message: "The page link is not valid",
			Fields: map[string]string{"after": "The page link is not valid"}}
	}
	return c, nil
}

// TeamQueue returns the counts of every open case actor may see, per
// ageing band and per case manager with their breaches (aggregated in
// SQL), and one page of the open cases f selects, oldest receipt first, in
// one query. EForbidden without [fitness.PermTeamView]; EInvalid for a bad
// cursor or band.
func (s *CaseService) TeamQueue(ctx context.Context, actor fitness.Actor, f fitness.TeamFilter) (fitness.TeamQueue, error) {
	if d := decide(actor, fitness.PermTeamView, fitness.Resource{}); !d.Allow {
		return fitness.TeamQueue{}, fitness.Errorf(fitness.EForbidden, "You cannot see the team view")
	}
	bands := fitness.AgeingBands(s.rules)
	if f.Band < 0 || f.Band > len(bands) {
		return fitness.TeamQueue{}, &fitness.Error{Code: fitness.EInvalid, Message: "There is no such ageing band",
			Fields: map[string]string{"band": fmt.Sprintf("Choose a band from 1 to %d", len(bands))}}
	}
	q := fitness.TeamQueue{}
	for _, b := range bands {
		q.Bands = append(q.Bands, fitness.BandCount{Band: b})
	}
	if !seesAllCases(actor) {
		return q, nil
	}
	now := s.now()
	if err := s.teamCounts(ctx, now, &q); err != nil {
		return q, err
	}
	rows, next, err := s.teamPage(ctx, now, f, bands)
	if err != nil {
		return q, err
	}
	q.Rows, q.Next = rows, next
	return q, nil
}

// teamCounts counts the open cases per case manager and band, with their
// breaches, in one aggregate query, and totals them. The cases with no
// hold in force, nearly all, are counted from the open-case index alone
// (cases_open_team, breachedFreeSQL); those on hold, with their paused
// deadlines, from their rows; the managers' names are joined to the
// counts.
func (s *CaseService) teamCounts(ctx context.Context, now time.Time, q *fitness.TeamQueue) error {
	query, args := s.teamCountsQuery(now)
	rows, err := s.db.Reader().QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("count team cases: %w", err)
	}
	defer rows.Close()
	byManager := map[string]*fitness.ManagerCount{}
	for rows.Next() {
		var id, name string
		var band, n, breached int
		if err := rows.Scan(&id, &name, &band, &n, &breached); err != nil {
			return fmt.Errorf("count team cases: %w", err)
		}
		m := byManager[id]
		if m == nil {
			m = &fitness.ManagerCount{CaseManagerID: id, Name: name, ByBand: make([]int, len(q.Bands))}
			byManager[id] = m
		}
		m.Cases, m.Breached, m.ByBand[band-1] = m.Cases+n, m.Breached+breached, m.ByBand[band-1]+n
		q.Bands[band-1].Cases += n
		q.Bands[band-1].Breached += breached
		q.Cases, q.Breached = q.Cases+n, q.Breached+breached
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("count team cases: %w", err)
	}
	for _, m := range byManager {
		q.Managers = append(q.Managers, *m)
	}
	slices.SortFunc(q.Managers, func(a, b fitness.ManagerCount) int {
		if (a.CaseManagerID == "") != (b.CaseManagerID == "") {
			return map[bool]int{true: 1, false: -1}[a.CaseManagerID == ""]
		}
		return strings.Compare(a.Name+a.CaseManagerID, b.Name+b.CaseManagerID)
	})
	return nil
}

// teamCountsQuery returns teamCounts's query at now and its arguments.
func (s *CaseService) teamCountsQuery(now time.Time) (string, []any) {
	var args sqlArgs
	x := s.db.clockExprs(s.rules, now, &args)
	return `SELECT g.manager, COALESCE(u.name, ''), g.band, g.n, g.breached
		FROM (SELECT COALESCE(c.case_manager_id, '') AS manager, ` + x.band + ` AS band, COUNT(*) AS n,
				SUM(CASE WHEN ` + breachedFreeSQL(s.rules, now, &args) + ` THEN 1 ELSE 0 END) AS breached
			FROM cases c` + s.db.indexedBy("cases_open_team") + holdJoin + lastKPIJoin + `
			WHERE c.closed_at IS NULL AND ah.id IS NULL GROUP BY 1, 2
			UNION ALL
			SELECT COALESCE(c.case_manager_id, ''), ` + x.band + `, COUNT(*), SUM(CASE WHEN ` + x.breached + ` THEN 1 ELSE 0 END)
			FROM holds ah JOIN cases c ON c.id = ah.case_id
			WHERE ah.ended_at IS NULL AND c.closed_at IS NULL GROUP BY 1, 2) g
		LEFT JOIN users u ON u.id = g.manager`, args.list
}

// teamPageQuery returns teamPage's query for f at now, its arguments and
// the page size; EInvalid for a bad cursor.
func (s *CaseService) teamPageQuery(now time.Time, f fitness.TeamFilter) (string, []any, int, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultTeamLimit
	}
	limit = min(limit, MaxTeamLimit)
	var args sqlArgs
	x := s.db.clockExprs(s.rules, now, &args)
	where := []string{"c.closed_at IS NULL"}
	// The open cases in page order: all of them (cases_open_received), or
	// one case manager's (cases_open_team), so that the page is read in
	// order and the query stops after it.
	index := "cases_open_received"
	if f.CaseManagerID != "" {
		index = "cases_open_team"
	}
	switch f.CaseManagerID {
	case "":
	case fitness.Unallocated:
		where = append(where, "c.case_manager_id IS NULL")
	default:
		where = append(where, "c.case_manager_id = "+args.add(f.CaseManagerID))
	}
	if f.Stage != "" {
		p := args.add(string(f.Stage))
		where = append(where, "(c.stage = "+p+" OR c.interim_stage = "+p+")")
	}
	if f.Band > 0 {
		where = append(where, x.band+" = "+args.add(f.Band))
	}
	if f.BreachedOnly {
		where = append(where, x.breached)
	}
	if f.After != "" {
		cur, err := decodeTeamCursor(f.After)
		if err != nil {
			return "", nil, 0, err
		}
		d, ref := args.add(cur.Received), args.add(cur.Ref)
		where = append(where, "(c.received_on > "+d+" OR (c.received_on = "+d+" AND c.reference > "+ref+"))")
	}
	query := `SELECT ` + caseColumns + `,
		COALESCE(r.given_names || ' ' || r.family_name, ''), COALESCE(r.number, ''), COALESCE(u.name, ''),
		` + x.band + `, CASE WHEN ` + x.breached + ` THEN 1 ELSE 0 END, CASE WHEN ah.id IS NULL THEN 0 ELSE 1 END
		FROM cases c` + s.db.indexedBy(index) + ` LEFT JOIN registrants r ON r.id = c.registrant_id
		LEFT JOIN users u ON u.id = c.case_manager_id` + holdJoin + `
		WHERE ` + strings.Join(where, " AND ") + `
		ORDER BY c.received_on, c.reference LIMIT ` + strconv.Itoa(limit+1)
	return query, args.list, limit, nil
}

// teamPage returns one page of the open cases f selects, with their band,
// breach and hold, in one query.
func (s *CaseService) teamPage(ctx context.Context, now time.Time, f fitness.TeamFilter, bands []fitness.Band) ([]fitness.TeamRow, string, error) {
	query, args, limit, err := s.teamPageQuery(now, f)
	if err != nil {
		return nil, "", err
	}
	rows, err := s.db.Reader().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, "", fmt.Errorf("list team cases: %w", err)
	}
	defer rows.Close()
	var out []fitness.TeamRow
	for rows.Next() {
		var row fitness.TeamRow
		var band, breached, held int
		row.Case, err = scanCase(rows, &row.RegistrantName, &row.RegistrantNumber, &row.CaseManagerName,
			&band, &breached, &held)
		if err != nil {
			return nil, "", fmt.Errorf("list team cases: %w", err)
		}
		row.Band, row.Breached, row.OnHold = bands[band-1], breached == 1, held == 1
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("list team cases: %w", err)
	}
	var next string
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = teamCursor{Received: dateText(last.ReceivedOn), Ref: last.Reference}.encode()
	}
	return out, next, nil
}

// ReassignCases allocates every case named to the case manager in one
// transaction, each through the process action "allocate" at the version
// given for it, so each case's history records its allocation. All or
// nothing: a case the actor may not see or act on, a stale version, or a
// case the action cannot be taken on (closed) refuses them all, naming
// every such case. EForbidden without [fitness.PermTeamView]; EInvalid
// with fields "cases" and "case_manager".
func (s *CaseService) ReassignCases(ctx context.Context, actor fitness.Actor, caseIDs []string, versions map[string]int, caseManagerID string) error {
	if d := decide(actor, fitness.PermTeamView, fitness.Resource{}); !d.Allow {
		return fitness.Errorf(fitness.EForbidden, "You cannot reassign cases")
	}
	ids := slices.Compact(slices.Sorted(slices.Values(caseIDs)))
	ids = slices.DeleteFunc(ids, func(id string) bool { return strings.TrimSpace(id) == "" })
	fe := fitness.FieldErrors{}
	switch {
	case len(ids) == 0:
		fe.Add("cases", "Select at least one case to reassign")
	case len(ids) > MaxReassign:
		fe.Add("cases", fmt.Sprintf("Select %d cases or fewer at a time", MaxReassign))
	}
	if strings.TrimSpace(caseManagerID) == "" {
		fe.Add("case_manager", "Select a case manager")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	in := fitness.Input{"case_manager": strings.TrimSpace(caseManagerID)}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := s.checkUserInputs(ctx, tx, fitness.ActionAllocate, in); err != nil {
			return err
		}
		return s.reassignTx(ctx, tx, actor, ids, versions, in)
	})
	if err != nil {
		return fmt.Errorf("reassign %d cases: %w", len(ids), err)
	}
	return nil
}

// reassignTx allocates each case in tx through [CaseService.applyTx], after
// checking them all first so that a refusal names every case that cannot
// be reassigned.
func (s *CaseService) reassignTx(ctx context.Context, tx *sql.Tx, actor fitness.Actor, ids []string, versions map[string]int, in fitness.Input) error {
	now := dbTime(s.now())
	var refused []string
	for _, id := range ids {
		why, err := s.reassignRefusal(ctx, tx, actor, id, versions, in, now)
		if err != nil {
			return err
		}
		if why != "" {
			refused = append(refused, why)
		}
	}
	if len(refused) > 0 {
		return fitness.Errorf(fitness.EConflict, "No cases were reassigned. These could not be: %s. Check the list and try again.",
			strings.Join(slices.Compact(refused), "; "))
	}
	for _, id := range ids {
		if _, err := s.applyTx(ctx, tx, actor, id, versions[id], fitness.ActionAllocate, in); err != nil {
			return err
		}
	}
	return nil
}

// reassignRefusal says, in words naming the case, why the case with id
// cannot be allocated by actor at the version given; "" when it can.
func (s *CaseService) reassignRefusal(ctx context.Context, tx *sql.Tx, actor fitness.Actor, id string, versions map[string]int, in fitness.Input, now time.Time) (string, error) {
	const notFound = "a case that was not found"
	c, err := s.lockedCase(ctx, tx, id)
	if fitness.ErrorCode(err) == fitness.ENotFound {
		return notFound, nil
	} else if err != nil {
		return "", err
	}
	res, err := caseResource(ctx, tx, c)
	if err != nil {
		return "", err
	}
	version, ok := versions[id]
	switch {
	case !decide(actor, fitness.PermCaseView, res).Allow:
		return notFound, nil
	case !decide(actor, fitness.PermCaseAct, res).Allow:
		return c.Reference + " (you cannot act on it)", nil
	case !ok || version != c.Version:
		return c.Reference + " (it has changed since you opened the list)", nil
	}
	if _, _, err := c.Apply(s.process, s.rules, fitness.ActionAllocate, actor, in, now); err != nil {
		return c.Reference + " (" + lowerFirst(strings.TrimSuffix(fitness.ErrorMessage(err), ".")) + ")", nil
	}
	return "", nil
}

// lowerFirst lowers the first letter of a sentence used inside another.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
