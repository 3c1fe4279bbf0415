package web

import (
	"context"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
)

// Session lifetimes (NIST SP 800-63B AAL2: 30 minutes idle, 12 hours
// absolute; ASVS 7.3.1, 7.3.2).
const (
	SessionIdleTimeout = 30 * time.Minute
	SessionLifetime    = 12 * time.Hour
)

// Session cookie names: the __Host- prefix needs a secure (TLS) origin; a
// plain-HTTP localhost demo uses the other.
const (
	SessionCookieTLS   = "__Host-fitness"
	SessionCookiePlain = "fitness_session"
)

// NewSessionManager returns a session manager storing sessions in store,
// with an HttpOnly, SameSite=Lax cookie scoped to the whole host. secure
// says whether the site is served over TLS.
func NewSessionManager(store scs.Store, secure bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = store
	sm.IdleTimeout = SessionIdleTimeout
	sm.Lifetime = SessionLifetime
	sm.Cookie.Name = SessionCookiePlain
	if secure {
		sm.Cookie.Name = SessionCookieTLS
	}
	sm.Cookie.Secure = secure
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	sm.Cookie.Domain = ""
	sm.Cookie.Persist = false
	return sm
}

// Session keys used by every surface.
const (
	sessionUserID = "user_id"
	sessionFlash  = "flash"
)

// SignIn renews the session token (against fixation) and records the
// signed-in user.
func SignIn(ctx context.Context, sm *scs.SessionManager, userID string) error {
	if err := sm.RenewToken(ctx); err != nil {
		return err
	}
	sm.Put(ctx, sessionUserID, userID)
	return nil
}

// SignOut destroys the session server-side.
func SignOut(ctx context.Context, sm *scs.SessionManager) error {
	return sm.Destroy(ctx)
}

// SessionUserID returns the id of the signed-in user, or "".
func SessionUserID(ctx context.Context, sm *scs.SessionManager) string {
	return sm.GetString(ctx, sessionUserID)
}

// AddFlash queues a message to show once on the next page rendered.
func AddFlash(ctx context.Context, sm *scs.SessionManager, msg string) {
	var msgs []string
	if v, ok := sm.Get(ctx, sessionFlash).([]string); ok {
		msgs = v
	}
	sm.Put(ctx, sessionFlash, append(msgs, msg))
}

// PopFlash returns the queued messages and clears them.
func PopFlash(ctx context.Context, sm *scs.SessionManager) []string {
	msgs, _ := sm.Pop(ctx, sessionFlash).([]string)
	return msgs
}
