package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// actionRequestJSON is the body of POST /api/v1/cases/{id}/actions.
type actionRequestJSON struct {
	Action string            `json:"action"`
	Input  map[string]string `json:"input"`
	Reason string            `json:"reason"`
}

// maxReason is the longest reason accepted.
const maxReason = 4000

// applyCaseAction answers POST /api/v1/cases/{id}/actions. If-Match must
// hold the case's current ETag: 428 without it, 412 when stale (then
// nothing is changed).
func (s *server) applyCaseAction(w http.ResponseWriter, r *http.Request) error {
	c := caseOf(r)
	if err := checkIfMatch(r.Header.Values("If-Match"), c); err != nil {
		return err
	}
	var req actionRequestJSON
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	def, known := s.Process.Action(fitness.ActionName(req.Action))
	in, err := req.domainInput(def, known)
	if err != nil {
		return err
	}
	if err := s.hearingAction(def.Name); err != nil {
		return err
	}
	actor := actorOf(r)
	next, err := s.Cases.ApplyAction(r.Context(), actor, c.ID, c.Version, def.Name, in)
	if err != nil {
		return s.actionError(r, c, err)
	}
	w.Header().Set("ETag", etag(next))
	return writeJSON(w, http.StatusOK, "application/json", s.newCaseJSON(next, actor))
}

// actionError answers a refused action: 412 when the case changed since it
// was loaded (a concurrent write), field errors under input, and the
// domain's answer otherwise (409 for an action the case's stage does not
// allow, 403 for one the caller's roles do not).
func (s *server) actionError(r *http.Request, c fitness.Case, err error) error {
	switch fitness.ErrorCode(err) {
	case fitness.EConflict:
		cur, ferr := s.Cases.FindCase(r.Context(), actorOf(r), c.ID)
		if ferr != nil || cur.Version != c.Version {
			return stale(c, err)
		}
	case fitness.EInvalid:
		return inputFields(err)
	}
	return err
}

// domainInput returns the action's inputs. Every input must be one the
// action has; reason is the input "reason", for actions that have one.
func (req actionRequestJSON) domainInput(def fitness.ActionDef, known bool) (fitness.Input, error) {
	fields := map[string]string{}
	switch {
	case strings.TrimSpace(req.Action) == "":
		fields["action"] = "Name the action to take: one of the case's available_actions."
	case !known:
		fields["action"] = "There is no action called " + strconv.Quote(req.Action) +
			": take one of the case's available_actions."
	}
	has := map[string]bool{}
	for _, d := range def.Inputs {
		has[d.Name] = true
	}
	in := fitness.Input{}
	for k, v := range req.Input {
		if known && !has[k] {
			fields["input."+k] = "This action has no input called " + strconv.Quote(k) + "."
		}
		in[k] = v
	}
	switch {
	case req.Reason == "":
	case len(req.Reason) > maxReason:
		fields["reason"] = "Must be 4,000 characters or fewer."
	case known && !has["reason"]:
		fields["reason"] = "This action records no reason: leave reason out."
	case in["reason"] != "" && in["reason"] != req.Reason:
		fields["reason"] = "Give the reason once: in reason or in input.reason, not both."
	default:
		in["reason"] = req.Reason
	}
	if len(fields) > 0 {
		return nil, invalid(fields)
	}
	return in, nil
}

// inputFields names the field errors of an action by their place in the
// request: "action" stays, an input's name becomes "input.<name>".
func inputFields(err error) error {
	fields := fitness.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	out := map[string]string{}
	for k, v := range fields {
		if k != "action" && !strings.HasPrefix(k, "input.") {
			k = "input." + k
		}
		out[k] = v
	}
	return invalid(out)
}

// checkIfMatch checks If-Match against the case's ETag (strong
// comparison). "*" is refused: it would defeat the check.
func checkIfMatch(values []string, c fitness.Case) error {
	if len(values) == 0 {
		return &problem{Status: http.StatusPreconditionRequired, Type: typePreconditionRequired,
			Title: "If-Match is required", Detail: "Send If-Match with the case's ETag, " + etag(c) +
				" when you last read it, so that changes made since are not overwritten."}
	}
	want := etag(c)
	for _, tag := range ifMatchTags(values) {
		if tag == "*" {
			return &problem{Status: http.StatusPreconditionRequired, Type: typePreconditionRequired,
				Title: "If-Match is required", Detail: "If-Match must name the case's ETag; * is not accepted."}
		}
		if tag == want {
			return nil
		}
	}
	return stale(c, nil)
}

// ifMatchTags returns the entity tags the If-Match header values name, in
// order, each as sent (quoted).
func ifMatchTags(values []string) []string {
	var tags []string
	for _, v := range values {
		for _, tag := range strings.Split(v, ",") {
			tags = append(tags, strings.TrimSpace(tag))
		}
	}
	return tags
}

// stale is the 412 problem for a write based on an old version of c.
func stale(c fitness.Case, cause error) *problem {
	return &problem{Status: http.StatusPreconditionFailed, Type: typeStale,
		Title: "The case has changed", cause: cause,
		Detail: "Case " + c.Reference + " has changed since you read it: nothing was done. " +
			"Read the case again and decide whether the action still applies."}
}

// eventJSON is an Event on the wire.
type eventJSON struct {
	Seq         int               `json:"seq"`
	Type        string            `json:"type"`
	Description string            `json:"description"`
	Actor       eventActorJSON    `json:"actor"`
	At          time.Time         `json:"at"`
	FromStage   *string           `json:"from_stage"`
	ToStage     *string           `json:"to_stage"`
	Payload     map[string]string `json:"payload"`
	Reason      string            `json:"reason"`
}

// eventActorJSON is who caused an event.
type eventActorJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
}

// listCaseEvents answers GET /api/v1/cases/{id}/events.
func (s *server) listCaseEvents(w http.ResponseWriter, r *http.Request) error {
	c := caseOf(r)
	events, err := s.Cases.CaseEvents(r.Context(), actorOf(r), c.ID)
	if err != nil {
		return err
	}
	out := struct {
		Items []eventJSON `json:"items"`
	}{Items: make([]eventJSON, 0, len(events))}
	for _, e := range events {
		payload := e.Payload
		if payload == nil {
			payload = map[string]string{}
		}
		out.Items = append(out.Items, eventJSON{
			Seq: e.Seq, Type: e.Type, Description: fitness.DescribeEvent(s.Process, e),
			Actor: eventActorJSON{ID: e.ActorID, Name: e.ActorName, OnBehalfOf: e.OnBehalfOf},
			At:    e.At.UTC(), FromStage: stringOrNull(string(e.FromStage)),
			ToStage: stringOrNull(string(e.ToStage)), Payload: payload, Reason: e.Reason,
		})
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}
