package sqldb

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// testClock is a clock tests move by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2026, 3, 10, 9, 30, 0, 123456789, time.UTC)}
}

// Now returns the clock's time.
func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock on by d.
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set puts the clock at t.
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// testPassword is long enough for fitness.ValidatePassword.
const testPassword = "correct horse battery staple"

// MustUserService returns a user service with cheap password hashing.
func MustUserService(tb testing.TB, db *DB, clock *testClock) *UserService {
	tb.Helper()
	return NewUserService(db, clock.Now, WithArgonParams(1024, 1, 1))
}

// MustCreateUser creates an active user with roles and testPassword.
func MustCreateUser(tb testing.TB, us *UserService, email, name string, roles ...fitness.Role) fitness.User {
	tb.Helper()
	u, err := us.CreateUser(context.Background(), fitness.User{Email: email, Name: name, Roles: roles}, testPassword)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// mustCode fails unless err carries code (and, when msg is not "", that
// message).
func mustCode(tb testing.TB, err error, code, msg string) {
	tb.Helper()
	if got := fitness.ErrorCode(err); got != code {
		tb.Fatalf("error = %v; want code %s", err, code)
	}
	if msg != "" && fitness.ErrorMessage(err) != msg {
		tb.Fatalf("message = %q; want %q", fitness.ErrorMessage(err), msg)
	}
}

func TestUserCreateAuthenticate(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		us := MustUserService(t, db, newTestClock())
		u := MustCreateUser(t, us, " Alex.Morgan@Example.org ", "Alex Morgan", fitness.RoleCaseManager, fitness.RoleTeamLeader)
		if u.Email != "alex.morgan@example.org" || !u.Active || u.ID == "" {
			t.Fatalf("created %+v", u)
		}
		got, err := us.Authenticate(ctx, "ALEX.MORGAN@example.org", testPassword)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(u, got); diff != "" {
			t.Errorf("authenticated user (-want +got):\n%s", diff)
		}
		_, wrong := us.Authenticate(ctx, u.Email, "wrong password entirely")
		_, unknown := us.Authenticate(ctx, "nobody@example.org", testPassword)
		mustCode(t, wrong, fitness.EUnauthorized, "Enter a correct email address and password")
		if wrong.Error() != unknown.Error() {
			t.Errorf("wrong password %q and unknown email %q differ", wrong, unknown)
		}
		_, err = us.CreateUser(ctx, fitness.User{Email: "alex.morgan@EXAMPLE.org", Name: "Other"}, testPassword)
		mustCode(t, err, fitness.EConflict, "")
		_, err = us.CreateUser(ctx, fitness.User{Email: "not-an-email", Roles: []fitness.Role{"wizard"}}, "short")
		mustCode(t, err, fitness.EInvalid, "")
		if diff := cmp.Diff([]string{"email", "name", "password", "roles"}, fieldNames(err)); diff != "" {
			t.Errorf("fields (-want +got):\n%s", diff)
		}
		if _, err := db.Writer().ExecContext(ctx, `UPDATE users SET active = $1 WHERE id = $2`, false, u.ID); err != nil {
			t.Fatal(err)
		}
		_, err = us.Authenticate(ctx, u.Email, testPassword)
		mustCode(t, err, fitness.EUnauthorized, "Enter a correct email address and password")
	})
}

// fieldNames returns the sorted field names of an EInvalid error.
func fieldNames(err error) []string {
	var out []string
	for k := range fitness.ErrorFields(err) {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestAuthenticateThrottle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		clock := newTestClock()
		us := MustUserService(t, db, clock)
		u := MustCreateUser(t, us, "sam.okafor@example.org", "Sam Okafor", fitness.RoleCaseManager)
		for _, email := range []string{u.Email, "ghost@example.org"} {
			for range LoginFailureLimit {
				_, err := us.Authenticate(ctx, email, "not the password at all")
				mustCode(t, err, fitness.EUnauthorized, "Enter a correct email address and password")
			}
			_, err := us.Authenticate(ctx, email, testPassword)
			mustCode(t, err, fitness.EUnauthorized, "Too many attempts; try again in 15 minutes")
		}
		clock.Add(LoginFailureWindow + time.Second)
		if n, err := us.DeleteOldLoginFailures(ctx); err != nil || n != 2*LoginFailureLimit {
			t.Fatalf("DeleteOldLoginFailures = %d, %v", n, err)
		}
		if _, err := us.Authenticate(ctx, u.Email, testPassword); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		clock := newTestClock()
		us := MustUserService(t, db, clock)
		u := MustCreateUser(t, us, "jo.price@example.org", "Jo Price", fitness.RoleRegistrar)
		token, err := us.IssueToken(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(token, "ftn_") || len(token) != 4+43 {
			t.Fatalf("token %q", token)
		}
		var stored int
		db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM api_tokens WHERE token_hash = $1`, token).Scan(&stored)
		if stored != 0 {
			t.Fatal("token stored in clear")
		}
		lastUsed := func() time.Time {
			var lu time.Time
			if err := db.Reader().QueryRowContext(ctx, `SELECT last_used_at FROM api_tokens WHERE user_id = $1`,
				u.ID).Scan(&lu); err != nil {
				t.Fatal(err)
			}
			return lu.UTC()
		}
		got, err := us.UserByToken(ctx, token)
		if err != nil || got.ID != u.ID {
			t.Fatalf("UserByToken = %+v, %v", got, err)
		}
		first := lastUsed()
		clock.Add(30 * time.Second)
		us.UserByToken(ctx, token)
		if lastUsed() != first {
			t.Error("last_used_at updated twice within a minute")
		}
		clock.Add(time.Minute)
		us.UserByToken(ctx, token)
		if !lastUsed().After(first) {
			t.Error("last_used_at not updated after a minute")
		}
		for _, bad := range []string{"", "ftn_nope", token + "x", strings.TrimPrefix(token, "ftn_")} {
			_, err := us.UserByToken(ctx, bad)
			mustCode(t, err, fitness.EUnauthorized, "")
		}
		if err := us.RevokeToken(ctx, token); err != nil {
			t.Fatal(err)
		}
		_, err = us.UserByToken(ctx, token)
		mustCode(t, err, fitness.EUnauthorized, "")
		_, err = us.IssueToken(ctx, "no-such-user")
		mustCode(t, err, fitness.ENotFound, "")
	})
}

func TestSetRolesAndUsers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		us := MustUserService(t, db, newTestClock())
		a := MustCreateUser(t, us, "b.hale@example.org", "Bea Hale", fitness.RoleCaseManager)
		b := MustCreateUser(t, us, "a.dunn@example.org", "Ari Dunn")
		// Every domain role is allowed by the table's CHECK list.
		if err := us.SetRoles(ctx, b.ID, fitness.Roles); err != nil {
			t.Fatal(err)
		}
		if err := us.SetRoles(ctx, a.ID, []fitness.Role{fitness.RoleTeamLeader}); err != nil {
			t.Fatal(err)
		}
		mustCode(t, us.SetRoles(ctx, "nobody", nil), fitness.ENotFound, "")
		mustCode(t, us.SetRoles(ctx, a.ID, []fitness.Role{"wizard"}), fitness.EInvalid, "")
		all, err := us.Users(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].Name != "Ari Dunn" || len(all[0].Roles) != len(fitness.Roles) {
			t.Fatalf("Users = %+v", all)
		}
		tl, err := us.Users(ctx, fitness.RoleTeamLeader)
		if err != nil || len(tl) != 2 {
			t.Fatalf("team leaders = %+v, %v", tl, err)
		}
		cm, err := us.Users(ctx, fitness.RoleCaseManager)
		if err != nil || len(cm) != 1 || cm[0].ID != b.ID {
			t.Fatalf("case managers = %+v, %v", cm, err)
		}
		got, err := us.FindUserByEmail(ctx, "B.HALE@example.org")
		if err != nil || !cmp.Equal(got.Roles, []fitness.Role{fitness.RoleTeamLeader}) {
			t.Fatalf("FindUserByEmail = %+v, %v", got, err)
		}
		_, err = us.FindUser(ctx, "nobody")
		mustCode(t, err, fitness.ENotFound, "")
	})
}
