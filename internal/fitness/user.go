package fitness

import (
	"context"
	"time"
)

// Role is a staff role. Grants of roles decide what a user may do.
type Role string

// Staff roles.
const (
	RoleCaseManager     Role = "case_manager"
	RoleTeamLeader      Role = "team_leader"
	RoleRegistrar       Role = "registrar"
	RoleHearingsOfficer Role = "hearings_officer"
	RolePanelMember     Role = "panel_member"
	RoleAdmin           Role = "admin"
)

// Roles lists every staff role in display order.
var Roles = []Role{RoleCaseManager, RoleTeamLeader, RoleRegistrar, RoleHearingsOfficer, RolePanelMember, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if v == r {
			return true
		}
	}
	return false
}

// Label returns the role in words.
func (r Role) Label() string {
	switch r {
	case RoleCaseManager:
		return "Case manager"
	case RoleTeamLeader:
		return "Team leader"
	case RoleRegistrar:
		return "Registrar"
	case RoleHearingsOfficer:
		return "Hearings officer"
	case RolePanelMember:
		return "Panel member"
	case RoleAdmin:
		return "Administrator"
	}
	return string(r)
}

// User is a member of staff who signs in.
type User struct {
	ID        string
	Email     string
	Name      string
	Roles     []Role
	Active    bool
	CreatedAt time.Time
}

// HasRole reports whether u holds role r.
func (u User) HasRole(r Role) bool {
	for _, v := range u.Roles {
		if v == r {
			return true
		}
	}
	return false
}

// Actor returns the actor for u.
func (u User) Actor() Actor {
	return Actor{UserID: u.ID, Name: u.Name, Roles: u.Roles}
}

// Actor is whoever is making a request: a signed-in user, an API client
// acting as a user, or the system itself (UserID "system").
type Actor struct {
	UserID     string
	Name       string
	Roles      []Role
	OnBehalfOf string // set when acting for someone else
}

// SystemActor is the actor for work the system does by itself (deadlines).
var SystemActor = Actor{UserID: "system", Name: "fitness (automatic)"}

// Anonymous reports whether the actor is nobody (not signed in).
func (a Actor) Anonymous() bool { return a.UserID == "" }

// Has reports whether the actor holds role r.
func (a Actor) Has(r Role) bool {
	for _, v := range a.Roles {
		if v == r {
			return true
		}
	}
	return false
}

// UserService manages staff users, their passwords and API tokens.
type UserService interface {
	// CreateUser stores u with the password; EConflict if the email is taken,
	// EInvalid for a bad email, role or password.
	CreateUser(ctx context.Context, u User, password string) (User, error)
	// Authenticate returns the active user with that email and password, or
	// EUnauthorized (the same for an unknown email and a wrong password).
	Authenticate(ctx context.Context, email, password string) (User, error)
	// FindUser returns the user with id, or ENotFound.
	FindUser(ctx context.Context, id string) (User, error)
	// FindUserByEmail returns the user with email, or ENotFound.
	FindUserByEmail(ctx context.Context, email string) (User, error)
	// Users lists users, optionally only those holding role.
	Users(ctx context.Context, role Role) ([]User, error)
	// IssueToken creates a bearer token for the user and returns it; only a
	// hash is stored.
	IssueToken(ctx context.Context, userID string) (string, error)
	// UserByToken returns the active user owning token, or EUnauthorized.
	UserByToken(ctx context.Context, token string) (User, error)
}

// MinPasswordLength is the shortest password accepted (ASVS 6.2.1).
const MinPasswordLength = 12

// ValidatePassword checks a new password: long enough and not too long;
// no composition rules.
func ValidatePassword(p string) error {
	fe := FieldErrors{}
	switch n := len([]rune(p)); {
	case n < MinPasswordLength:
		fe.Add("password", "Password must be 12 characters or more")
	case len(p) > 1024:
		fe.Add("password", "Password must be 1,024 characters or fewer")
	}
	return fe.Err()
}
