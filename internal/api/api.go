// Package api serves the JSON API v1 of fitness at /api/v1/, for
// integrations. The contract is openapi.yaml beside this file, written first
// and reviewed as a document; the handlers follow it and the tests check
// every response they see against it.
//
// Every route names a [fitness.Permission] in the route table (routes.go);
// each request authenticates its bearer token and passes [fitness.Decide]
// before its handler runs. Handlers return errors, and one adapter turns
// them into RFC 9457 problem details.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// IdempotentResponse is the stored outcome of an earlier request with the
// same Idempotency-Key. It is the domain's type, so that storage satisfies
// [IdempotencyStore] without either package importing the other.
type IdempotentResponse = fitness.IdempotentResponse

// IdempotencyStore keeps Idempotency-Key reservations and the responses
// they produced, scoped to a user. Storage implements it.
type IdempotencyStore interface {
	// Reserve claims key for the user and request. It returns a non-nil
	// response when the key already holds a completed response for the same
	// request hash; nil when the key is newly reserved (the caller must then
	// Complete or Release it). It returns EConflict when the key is held by
	// a request still running, or was used for a different request.
	Reserve(ctx context.Context, userID, key, method, path, requestHash string) (*IdempotentResponse, error)
	// Complete stores the response of a reserved key.
	Complete(ctx context.Context, userID, key string, status int, body []byte) error
	// Release forgets a reserved key, so that it may be used again.
	Release(ctx context.Context, userID, key string) error
}

// Deps are what the API needs. Every field but Logger and Now is required.
type Deps struct {
	Users       fitness.UserService
	Registrants fitness.RegistrantService
	Cases       fitness.CaseService
	Process     *fitness.Process
	Idempotency IdempotencyStore
	Logger      *slog.Logger     // nil: discard
	Now         func() time.Time // nil: time.Now; the services keep their own clocks
	// Clocks places and ends holds and serves the team queue; nil uses
	// Cases when it offers them too (storage's case service does).
	Clocks fitness.ClockService
	// Rules measure clocks; the zero value means fitness.HCPCRules().
	Rules fitness.Rules
	// Requests and Allegations serve the investigation routes; nil answers
	// them 404.
	Requests    fitness.RequestService
	Allegations fitness.AllegationService
	// Meetings serves the Investigating Committee's meetings and
	// decisions; nil answers those routes 404.
	Meetings fitness.MeetingService
	// Hearings serves hearings, their decisions, orders, appeals and
	// publications; nil answers those routes 404.
	Hearings HearingServices
	// Letters serves the letters issued on cases and their service; nil
	// answers those routes 404.
	Letters fitness.LetterService
	// Referrals serves other bodies, referrals, safeguarding marks and
	// barring decisions; nil uses Cases when it offers them (storage's
	// case service does), else answers those routes 404.
	Referrals fitness.ReferralService
	// Inquiries serves own-motion inquiries: scope, demands, screening and
	// their bulk steps; nil answers those routes 404. KickBulk, when set,
	// starts a new bulk step's job at once (else the periodic job does).
	Inquiries fitness.InquiryService
	KickBulk  func(ctx context.Context)
	// Employers lists the register's employers, for choosing an inquiry's;
	// nil answers GET /api/v1/employers 404.
	Employers EmployerLister
}

// EmployerLister lists the register's employers (storage implements it).
type EmployerLister interface {
	// Employers returns every employer on the register, by name.
	Employers(ctx context.Context) ([]fitness.Employer, error)
}

// server holds the dependencies of the handlers.
type server struct {
	Deps
	log      *slog.Logger
	now      func() time.Time // no handler needs the time yet
	contract []byte           // the contract as JSON
}

// NewHandler returns the handler of the API. It expects to be mounted at
// /api/v1/ and sees full paths. It fails when a dependency is missing or the
// embedded contract does not convert to JSON.
func NewHandler(d Deps) (http.Handler, error) {
	if d.Users == nil || d.Registrants == nil || d.Cases == nil || d.Process == nil || d.Idempotency == nil {
		return nil, errors.New("api: Users, Registrants, Cases, Process and Idempotency are required")
	}
	contract, err := ContractJSON()
	if err != nil {
		return nil, err
	}
	s := &server{Deps: d, log: d.Logger, now: d.Now, contract: contract}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.Clocks == nil {
		if s.Clocks, _ = d.Cases.(fitness.ClockService); s.Clocks == nil {
			return nil, errors.New("api: Clocks is required when Cases does not offer it")
		}
	}
	if s.Rules.Regulator == "" {
		s.Rules = fitness.HCPCRules()
	}
	if s.Referrals == nil {
		s.Referrals, _ = d.Cases.(fitness.ReferralService)
	}
	return s.mux(), nil
}

// mux registers every route, and answers other paths under /api/v1/ with a
// problem: 405 (with Allow) when the path is known, else 404.
func (s *server) mux() http.Handler {
	mux := http.NewServeMux()
	paths := http.NewServeMux()
	allow := map[string][]string{}
	for _, rt := range s.routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.adapt(rt))
		allow[rt.Pattern] = append(allow[rt.Pattern], rt.Method)
	}
	for pattern, methods := range allow {
		paths.Handle(pattern, s.wrap(methodNotAllowed(methods)))
	}
	paths.Handle("/", s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return nothingHere()
	}))
	mux.Handle("/", paths)
	return mux
}

// methodNotAllowed answers 405 naming the methods the path accepts.
func methodNotAllowed(methods []string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		allow := strings.Join(methods, ", ")
		if r.Method == http.MethodOptions {
			w.Header().Set("Allow", allow)
			w.WriteHeader(http.StatusNoContent)
			return nil
		}
		w.Header().Set("Allow", allow)
		return &problem{Status: http.StatusMethodNotAllowed, Detail: "This address accepts " + allow + " only."}
	}
}
