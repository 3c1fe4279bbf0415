package sqldb

import (
	"context"
	"sync"

	"fitness/internal/fitness"
)

// readScope remembers, for one request, the cases whose reading has
// already been recorded in the access log. A page reads a case through
// several calls (the case, its latest events, its holds, its letters…);
// within a scope the first allowed read of a case by an actor records the
// access and the later ones do not, so a page costs one durable access
// record per case it shows, not one per call. A refused read is always
// recorded.
type readScope struct {
	mu   sync.Mutex
	seen map[string]bool
}

type readScopeKey struct{}

// WithReadScope returns ctx carrying a fresh read scope. The server gives
// every HTTP request one, so that all the reads a request makes of one case
// share one access record. Without a scope every read is recorded.
func WithReadScope(ctx context.Context) context.Context {
	return context.WithValue(ctx, readScopeKey{}, &readScope{seen: map[string]bool{}})
}

// readScopeKeyOf names what a scope remembers: who read (and for whom),
// and which record.
func readScopeKeyOf(actor fitness.Actor, recordID string) string {
	return actor.UserID + "\x00" + actor.OnBehalfOf + "\x00" + recordID
}

// alreadyRecorded reports whether ctx's scope has recorded actor's read of
// the record id. Without a scope it is always false.
func alreadyRecorded(ctx context.Context, actor fitness.Actor, id string) bool {
	s, _ := ctx.Value(readScopeKey{}).(*readScope)
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[readScopeKeyOf(actor, id)]
}

// markRecorded notes in ctx's scope, if any, that actor's read of the
// record id has been recorded.
func markRecorded(ctx context.Context, actor fitness.Actor, id string) {
	s, _ := ctx.Value(readScopeKey{}).(*readScope)
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen[readScopeKeyOf(actor, id)] = true
}
