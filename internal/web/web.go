// Package web is the HTML plumbing shared by the staff app, the portals and
// the public site: handlers that return errors, one error adapter per
// surface, the page layout and GOV.UK components (templ), forms that keep
// what the user typed, sessions, flash messages, security headers, CSRF
// protection, request IDs and the embedded front-end assets.
//
// It imports the domain package fitness and never a storage package.
package web

import (
	"context"
	"net/http"

	"fitness/internal/fitness"
)

// HandlerFunc is an HTTP handler that returns an error instead of writing
// one. The surface's [Adapter] turns the error into a status and a page.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

type ctxKey int

const (
	actorKey ctxKey = iota
	requestIDKey
)

// WithActor returns ctx carrying the actor making the request.
func WithActor(ctx context.Context, a fitness.Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}

// ActorFrom returns the actor carried by ctx, or the anonymous actor.
func ActorFrom(ctx context.Context) fitness.Actor {
	a, _ := ctx.Value(actorKey).(fitness.Actor)
	return a
}
