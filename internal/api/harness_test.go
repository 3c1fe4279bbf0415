package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"fitness/internal/api"
	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/sqldb/sqldbtest"
)

// contract is the loaded API contract and a router over its operations.
type contract struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	contractOnce sync.Once
	loaded       *contract
	contractErr  error
)

// mustContract loads and validates the contract once per test binary.
func mustContract(tb testing.TB) *contract {
	tb.Helper()
	contractOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(api.ContractYAML())
		if err != nil {
			contractErr = fmt.Errorf("load contract: %w", err)
			return
		}
		if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
			contractErr = fmt.Errorf("validate contract: %w", err)
			return
		}
		r, err := gorillamux.NewRouter(doc)
		if err != nil {
			contractErr = fmt.Errorf("route contract: %w", err)
			return
		}
		loaded = &contract{doc: doc, router: r}
	})
	if contractErr != nil {
		tb.Fatal(contractErr)
	}
	return loaded
}

// checkResponse returns an error unless the response conforms to the
// contract: an operation for the request, a documented status, and headers
// and body matching its schemas.
func (c *contract) checkResponse(req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("%s %s: not an operation of the contract: %w", req.Method, req.URL, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("%s %s: response %d does not match the contract: %w\nbody: %s",
			req.Method, req.URL, status, err, body)
	}
	return nil
}

// env is the API on real storage on one engine.
type env struct {
	engine   sqldb.Engine
	db       *sqldb.DB
	handler  http.Handler
	users    *sqldb.UserService
	register *sqldb.RegistrantService
	idem     *sqldb.IdempotencyStore
	letters  *sqldb.LetterStore
	contract *contract
	now      time.Time
}

// forEachEngine runs fn on SQLite, and on PostgreSQL when
// FITNESS_TEST_POSTGRES holds a URL.
func forEachEngine(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			fn(t, newEnv(t, engine))
		})
	}
}

// newEnv opens a fresh, migrated database and wires the API onto it.
func newEnv(t *testing.T, engine sqldb.Engine) *env {
	t.Helper()
	db := mustOpen(t, engine)
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	e := &env{engine: engine, db: db, contract: mustContract(t), now: now}
	e.users = sqldb.NewUserService(db, clock, sqldb.WithArgonParams(8*1024, 1, 1))
	e.register = sqldb.NewRegistrantService(db)
	e.idem = sqldb.NewIdempotencyStore(db)
	process := fitness.HCPCProcess()
	cases := sqldb.NewCaseService(db, process, fitness.HCPCRules(), clock)
	e.letters = sqldb.NewLetterStore(db, cases, clock)
	h, err := api.NewHandler(api.Deps{
		Users: e.users, Registrants: e.register, Cases: cases, Process: process,
		Idempotency: e.idem, Now: clock,
		Requests:    sqldb.NewRequestService(db, fitness.HCPCRules(), clock),
		Allegations: sqldb.NewAllegationService(db, clock),
		Meetings:    sqldb.NewMeetingService(db, cases),
		Letters:     e.letters,
	})
	if err != nil {
		t.Fatal(err)
	}
	e.handler = h
	ctx := context.Background()
	if err := sqldb.EnsureProfessions(ctx, db, fitness.HCPCProfessions()); err != nil {
		t.Fatal(err)
	}
	return e
}

// mustOpen opens a fresh, migrated database on engine. On PostgreSQL it
// creates a database on the server named by FITNESS_TEST_POSTGRES and drops
// it after the test.
func mustOpen(t *testing.T, engine sqldb.Engine) *sqldb.DB {
	t.Helper()
	ctx := context.Background()
	target := filepath.Join(t.TempDir(), "api.db")
	if engine == sqldb.Postgres {
		target = mustCreatePostgres(t)
	}
	db, err := sqldb.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func mustCreatePostgres(t *testing.T) string {
	return sqldbtest.Target(t, sqldb.Postgres)
}

// mustUser creates an active user with roles and returns a client acting
// with an API token of theirs.
func (e *env) mustUser(t *testing.T, name string, roles ...fitness.Role) (fitness.User, *client) {
	t.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@regulator.example"
	u, err := e.users.CreateUser(ctx, fitness.User{Email: email, Name: name, Roles: roles, Active: true},
		"correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	token, err := e.users.IssueToken(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return u, &client{t: t, e: e, token: token}
}

// anonymous returns a client without a token.
func (e *env) anonymous(t *testing.T) *client { return &client{t: t, e: e} }

// mustRegistrant puts a registrant on the register.
func (e *env) mustRegistrant(t *testing.T, number, given, family string) fitness.Registrant {
	t.Helper()
	r, err := e.register.CreateRegistrant(context.Background(), fitness.Registrant{
		Number: number, ProfessionCode: "paramedic", GivenNames: given, FamilyName: family,
		Status: fitness.StatusRegistered, RegisteredSince: time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC),
		Town: "Northbridge",
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// client makes requests to the API and checks every response against the
// contract.
type client struct {
	t     *testing.T
	e     *env
	token string
}

// response is a response the client received.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// decode decodes the body into v.
func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// problem decodes the body as a problem.
func (r response) problem(t *testing.T) problemBody {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json; body %s", ct, r.Body)
	}
	var p problemBody
	r.decode(t, &p)
	return p
}

// problemBody is a problem as clients read it.
type problemBody struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Field  string `json:"field"`
		Detail string `json:"detail"`
	} `json:"errors"`
}

// fields returns the fields named in a problem's errors.
func (p problemBody) fields() []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	return out
}

// do sends a request; body is JSON-encoded unless it is a string or nil.
// headers are name, value pairs.
func (c *client) do(method, path string, body any, headers ...string) response {
	c.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			c.t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	c.e.handler.ServeHTTP(rec, req)
	res := response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	check := httptest.NewRequest(method, path, bytes.NewReader(raw))
	check.Header = req.Header.Clone()
	if err := c.e.contract.checkResponse(check, res.Status, res.Header, res.Body); err != nil {
		c.t.Error(err)
	}
	return res
}

// want fails the test unless the response has status.
func (r response) want(t *testing.T, status int) response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
	return r
}

// raw sends a request that is no operation of the contract, unchecked.
func (c *client) raw(method, path string) *httptest.ResponseRecorder {
	c.t.Helper()
	req := httptest.NewRequest(method, path, nil)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	rec := httptest.NewRecorder()
	c.e.handler.ServeHTTP(rec, req)
	return rec
}
