package api

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"fitness/internal/fitness"
)

// Problem types (RFC 9457). Problems whose status says everything use
// "about:blank".
const (
	typeBlank                = "about:blank"
	typeValidation           = "tag:fitness,2026:problem/validation-error"
	typeMalformed            = "tag:fitness,2026:problem/malformed-request"
	typeStale                = "tag:fitness,2026:problem/stale-version"
	typePreconditionRequired = "tag:fitness,2026:problem/precondition-required"
	typeConflict             = "tag:fitness,2026:problem/conflict"
)

// problem is an error that answers with a problem detail. Handlers return
// it for HTTP-level problems; domain errors are turned into one by
// [problemFor].
type problem struct {
	Status int
	Type   string // "" means about:blank
	Title  string // "" means the status text
	Detail string
	Errors []fieldError
	cause  error  // logged, never shown
	bearer string // for 401: the WWW-Authenticate challenge's parameters
}

// fieldError names one field in error.
type fieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// Error implements error.
func (p *problem) Error() string {
	if p.cause != nil {
		return p.Detail + ": " + p.cause.Error()
	}
	return p.Detail
}

// Unwrap returns the cause.
func (p *problem) Unwrap() error { return p.cause }

// problemJSON is the wire form of a problem.
type problemJSON struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	Instance  string       `json:"instance,omitempty"`
	RequestID string       `json:"request_id,omitempty"`
	Errors    []fieldError `json:"errors,omitempty"`
}

// invalid returns a 422 validation problem listing the fields, sorted.
func invalid(fields map[string]string) *problem {
	p := &problem{Status: http.StatusUnprocessableEntity, Type: typeValidation,
		Title: "Some input is not valid", Detail: "There is a problem with what you sent: see errors."}
	for f, d := range fields {
		p.Errors = append(p.Errors, fieldError{Field: f, Detail: d})
	}
	slices.SortFunc(p.Errors, func(a, b fieldError) int { return cmp.Compare(a.Field, b.Field) })
	return p
}

// nothingHere is the 404 problem for an address the API does not serve,
// including routes whose service is not wired.
func nothingHere() *problem {
	return &problem{Status: http.StatusNotFound, Detail: "There is nothing at this address."}
}

// problemFor turns any error into a problem: a *problem as it is, a
// *fitness.Error by its code, anything else a 500 with a generic message.
func problemFor(err error) *problem {
	var p *problem
	if errors.As(err, &p) {
		return p
	}
	msg := fitness.ErrorMessage(err)
	switch fitness.ErrorCode(err) {
	case fitness.EInvalid:
		q := invalid(fieldPaths(fitness.ErrorFields(err)))
		if len(q.Errors) == 0 {
			q.Detail = msg
		}
		return q
	case fitness.ENotFound:
		return &problem{Status: http.StatusNotFound, Detail: msg}
	case fitness.EConflict:
		return &problem{Status: http.StatusConflict, Type: typeConflict, Title: "Conflict", Detail: msg}
	case fitness.EForbidden:
		return &problem{Status: http.StatusForbidden, Detail: msg}
	case fitness.EUnauthorized:
		return unauthorized(msg)
	}
	return &problem{Status: http.StatusInternalServerError,
		Detail: "Sorry, something went wrong. Quote the request_id if you contact us.", cause: err}
}

// unauthorized is the 401 problem for a request without a token.
func unauthorized(detail string) *problem {
	return &problem{Status: http.StatusUnauthorized, Detail: detail}
}

// invalidToken is the 401 problem for a token that is not (or no longer)
// valid (RFC 6750 error="invalid_token").
func invalidToken() *problem {
	return &problem{Status: http.StatusUnauthorized, bearer: `, error="invalid_token"`,
		Detail: "The API token is not valid, or has been revoked."}
}

// writeError answers with the problem for err, logging server faults with
// the request id.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p := problemFor(err)
	id, _ := requestID(w)
	if p.Status >= 500 {
		s.log.ErrorContext(r.Context(), "api request failed", append(logID(r.Context()),
			"method", r.Method, "path", r.URL.Path, "error", err.Error())...)
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="fitness"`+p.bearer)
	}
	body := problemJSON{Type: cmp.Or(p.Type, typeBlank), Title: cmp.Or(p.Title, http.StatusText(p.Status)),
		Status: p.Status, Detail: p.Detail, Instance: r.URL.Path, RequestID: id, Errors: p.Errors}
	_ = writeJSON(w, p.Status, "application/problem+json", body) // a problemJSON always encodes
}

// writeJSON answers with v as JSON. It fails, having written nothing, only
// when v cannot be encoded.
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
	return nil
}

// fieldPaths writes the domain's field names ("subjects.1.name") as paths
// in the request ("subjects[1].name").
func fieldPaths(fields map[string]string) map[string]string {
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		parts := strings.Split(k, ".")
		path := ""
		for i, p := range parts {
			switch _, err := strconv.Atoi(p); {
			case err == nil && i > 0:
				path += "[" + p + "]"
			case path == "":
				path = p
			default:
				path += "." + p
			}
		}
		out[path] = v
	}
	return out
}

// withFields returns err with more field errors when it is EInvalid and
// fields is not empty: those in fields replace the domain's for the same
// field, as they say more precisely what is wrong.
func withFields(err error, fields map[string]string) error {
	if len(fields) == 0 || fitness.ErrorCode(err) != fitness.EInvalid {
		return err
	}
	all := fieldPaths(fitness.ErrorFields(err))
	for k, v := range fields {
		all[k] = v
	}
	return invalid(all)
}

// renameFields returns err with its field errors renamed by names (domain
// name to request name) when it is EInvalid.
func renameFields(err error, names map[string]string) error {
	if fitness.ErrorCode(err) != fitness.EInvalid || len(fitness.ErrorFields(err)) == 0 {
		return err
	}
	out := map[string]string{}
	for k, v := range fieldPaths(fitness.ErrorFields(err)) {
		if n, ok := names[k]; ok {
			k = n
		}
		out[k] = v
	}
	return invalid(out)
}
