package sqldb

import (
	"slices"
	"sync"

	"fitness/internal/fitness"
)

// knownCasesMax bounds how many cases knownCases keeps: each takes a few
// kilobytes, so the cache holds a few megabytes at most.
const knownCasesMax = 2048

// knownCases keeps, for the cases most recently read to be shown or acted
// on, the case as it was committed and the hash of its chain's event at its
// version (the chain's head). An action that writes only its case
// (writesOnlyCase) and finds the case here at the version its actor saw is
// decided on it without reading the case again, and its write is guarded
// by everything the decision rested on (knownMove): the version, the
// chain's head and the actor's place on the case's panel and conflict
// lists. So an entry that is out of date costs a write that matches
// nothing and a fresh read, never a wrong decision: entries need no
// invalidation, and a write by another process or another path needs no
// notice. Safe for concurrent use.
//
// Only committed states go in: what a read outside any transaction saw, or
// what an action wrote once its write has committed. An input to an
// action's decision read from anywhere but the case's row, its links and
// its chain's head must be added to knownGuard, or the actions that read it
// kept out of writesOnlyCase (decision 0009).
type knownCases struct {
	mu    sync.Mutex
	cases map[string]knownCase
}

// knownCase is one entry of knownCases.
type knownCase struct {
	c    fitness.Case
	head string
}

// newKnownCases returns an empty cache.
func newKnownCases() *knownCases {
	return &knownCases{cases: map[string]knownCase{}}
}

// get returns the case with id and its chain's head when the cache holds
// it at version. The case is the caller's to change.
func (k *knownCases) get(id string, version int) (fitness.Case, string, bool) {
	k.mu.Lock()
	e, ok := k.cases[id]
	k.mu.Unlock()
	if !ok || e.c.Version != version {
		return fitness.Case{}, "", false
	}
	c := e.c
	c.Deadlines, c.Linked = slices.Clone(c.Deadlines), slices.Clone(c.Linked)
	return c, e.head, true
}

// put keeps c, committed at c.Version with head the hash of its chain's
// event at that version, unless the cache holds a later version of it.
// When the cache is full an entry chosen at random makes room.
func (k *knownCases) put(c fitness.Case, head string) {
	if head == "" {
		return
	}
	c.Deadlines, c.Linked = slices.Clone(c.Deadlines), slices.Clone(c.Linked)
	k.mu.Lock()
	defer k.mu.Unlock()
	e, ok := k.cases[c.ID]
	if ok && e.c.Version > c.Version {
		return
	}
	if !ok && len(k.cases) >= knownCasesMax {
		for id := range k.cases {
			delete(k.cases, id)
			break
		}
	}
	k.cases[c.ID] = knownCase{c: c, head: head}
}

// forget drops the case with id, at any version: its entry led to a write
// that matched nothing.
func (k *knownCases) forget(id string) {
	k.mu.Lock()
	delete(k.cases, id)
	k.mu.Unlock()
}
