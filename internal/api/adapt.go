package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"

	"fitness/internal/fitness"
)

// handlerFunc is an API handler: it writes a response, or returns an error
// for the adapter to answer with a problem.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// ctxKey keys the values the adapter puts in a request's context.
type ctxKey int

const (
	actorKey ctxKey = iota
	caseKey
	ownRequestIDKey // set when the API made the request id itself
)

// actorOf returns the authenticated actor of the request.
func actorOf(r *http.Request) fitness.Actor {
	a, _ := r.Context().Value(actorKey).(fitness.Actor)
	return a
}

// caseOf returns the case a case route is about, loaded and authorised.
func caseOf(r *http.Request) fitness.Case {
	c, _ := r.Context().Value(caseKey).(fitness.Case)
	return c
}

// wrap turns a handlerFunc into an http.Handler that answers errors with
// problems. Every API response passes through it.
func (s *server) wrap(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id, own := requestID(w); own {
			r = r.WithContext(context.WithValue(r.Context(), ownRequestIDKey, id))
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// adapt returns the handler of a route: authenticate, decide, then run the
// route's handler.
func (s *server) adapt(rt Route) http.Handler {
	return s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		actor, err := s.authenticate(r, rt.Permission)
		if err != nil {
			return err
		}
		ctx := context.WithValue(r.Context(), actorKey, actor)
		if rt.Case {
			c, err := s.authorizeCase(ctx, actor, rt.Permission, r.PathValue("id"))
			if err != nil {
				return err
			}
			ctx = context.WithValue(ctx, caseKey, c)
		} else if d := fitness.Decide(actor, rt.Permission, fitness.Resource{}); !d.Allow {
			s.denied(ctx, actor, rt.Permission, "", d)
			return &problem{Status: http.StatusForbidden, Detail: "You do not have permission to do this."}
		}
		return rt.handle(w, r.WithContext(ctx))
	})
}

// authenticate returns the actor owning the request's bearer token. Public
// routes need no token and get the anonymous actor.
func (s *server) authenticate(r *http.Request, p fitness.Permission) (fitness.Actor, error) {
	if p == fitness.PermPublic {
		return fitness.Actor{}, nil
	}
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return fitness.Actor{}, unauthorized("Send an API token as Authorization: Bearer <token>.")
	}
	u, err := s.Users.UserByToken(r.Context(), token)
	if err != nil {
		if code := fitness.ErrorCode(err); code == fitness.EUnauthorized || code == fitness.ENotFound {
			s.log.InfoContext(r.Context(), "api token refused", logID(r.Context())...)
			return fitness.Actor{}, invalidToken()
		}
		return fitness.Actor{}, err
	}
	return u.Actor(), nil
}

// authorizeCase loads the case named by idOrRef as actor sees it and
// decides p against it. A case actor may not see answers 404, the same as
// one that does not exist; one actor sees but may not act on answers 403.
func (s *server) authorizeCase(ctx context.Context, actor fitness.Actor, p fitness.Permission, idOrRef string) (fitness.Case, error) {
	notFound := &problem{Status: http.StatusNotFound, Detail: "There is no case " + idOrRef + "."}
	if d := fitness.Decide(actor, fitness.PermCaseView, fitness.Resource{}); !d.Allow {
		s.denied(ctx, actor, fitness.PermCaseView, idOrRef, d)
		return fitness.Case{}, notFound
	}
	c, err := s.Cases.FindCase(ctx, actor, idOrRef)
	if fitness.ErrorCode(err) == fitness.ENotFound {
		return fitness.Case{}, notFound
	}
	if err != nil {
		return fitness.Case{}, err
	}
	// FindCase let actor see the case, deciding with its panels and
	// conflicts: a panel-scoped role sees it only from a seat on a panel.
	res := fitness.Resource{Kind: "case", CaseID: c.ID, CaseManagerID: c.CaseManagerID,
		PanelUserIDs: []string{actor.UserID}}
	if d := fitness.Decide(actor, fitness.PermCaseView, res); !d.Allow {
		s.denied(ctx, actor, fitness.PermCaseView, c.ID, d)
		return fitness.Case{}, notFound
	}
	if d := fitness.Decide(actor, p, res); !d.Allow {
		s.denied(ctx, actor, p, c.ID, d)
		return fitness.Case{}, &problem{Status: http.StatusForbidden, Detail: "You do not have permission to do this on case " + c.Reference + "."}
	}
	return c, nil
}

// denied logs a refused authorisation (ASVS 16.3.2).
func (s *server) denied(ctx context.Context, a fitness.Actor, p fitness.Permission, resource string, d fitness.Decision) {
	s.log.InfoContext(ctx, "api access denied", append(logID(ctx), "user_id", a.UserID,
		"permission", string(p), "resource", resource, "reason", d.Reason)...)
}

// requestID returns the id of the request from the X-Request-Id response
// header the server's middleware sets (its logger then adds the id to every
// record logged with the request's context). When there is none, as when
// the handler is used alone in tests, it sets a new one and own is true.
func requestID(w http.ResponseWriter) (id string, own bool) {
	if id := w.Header().Get("X-Request-Id"); id != "" {
		return id, false
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	id = hex.EncodeToString(b[:])
	w.Header().Set("X-Request-Id", id)
	return id, true
}

// logID returns the log attributes naming the request id when the API made
// it itself; otherwise the server's logger adds it.
func logID(ctx context.Context) []any {
	if id, ok := ctx.Value(ownRequestIDKey).(string); ok {
		return []any{"request_id", id}
	}
	return nil
}
