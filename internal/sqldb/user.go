package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/argon2id"

	"fitness/internal/fitness"
)

// Sign-in throttling: after LoginFailureLimit failures for one email address
// within LoginFailureWindow, sign-in is refused for that address whether or
// not it belongs to a user, so the refusal reveals nothing. A success clears
// the count. (ASVS 6.1.1: at most 40 guesses an hour per account.)
const (
	LoginFailureLimit  = 10
	LoginFailureWindow = 15 * time.Minute
)

// TokenPrefix starts every API token, so leaked tokens are easy to spot.
const TokenPrefix = "ftn_"

// tokenTouchInterval is how often UserByToken records a token's last use.
const tokenTouchInterval = time.Minute

var _ fitness.UserService = (*UserService)(nil)

// UserService stores staff users, their argon2id password hashes and their
// API tokens. It implements [fitness.UserService].
type UserService struct {
	db        *DB
	now       func() time.Time
	params    argon2id.Params
	dummyOnce sync.Once
	dummy     string // hash compared against for unknown emails; see dummyHash
}

// UserOption configures a UserService.
type UserOption func(*UserService)

// WithArgonParams sets the argon2id cost for new password hashes: memory in
// KiB, iterations and parallelism. The default is 64 MiB, 3 iterations, 2
// lanes; tests and demo seeding use much lighter settings. Existing hashes
// are always checked with the parameters stored in them.
func WithArgonParams(memoryKiB, iterations uint32, parallelism uint8) UserOption {
	return func(s *UserService) {
		s.params.Memory, s.params.Iterations, s.params.Parallelism = memoryKiB, iterations, parallelism
	}
}

// NewUserService returns a UserService on db; now gives the current time.
func NewUserService(db *DB, now func() time.Time, opts ...UserOption) *UserService {
	s := &UserService{db: db, now: now, params: argon2id.Params{
		Memory: 64 * 1024, Iterations: 3, Parallelism: 2, SaltLength: 16, KeyLength: 32,
	}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// dummyHash returns a hash of a random password, made once, that sign-ins
// with an unknown email are checked against so they take as long as others.
func (s *UserService) dummyHash() string {
	s.dummyOnce.Do(func() {
		var b [16]byte
		rand.Read(b[:])
		s.dummy, _ = argon2id.CreateHash(hex.EncodeToString(b[:]), &s.params)
	})
	return s.dummy
}

// normEmail returns the canonical (trimmed, lower-case) form of an email.
func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validEmail reports whether s is a plain address such as a@b.example.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@")+1:], ".")
}

func (s *UserService) validateUser(u *fitness.User, password string) error {
	fe := fitness.FieldErrors{}
	u.Email, u.Name = normEmail(u.Email), strings.TrimSpace(u.Name)
	if u.Email == "" {
		fe.Add("email", "Enter an email address")
	} else if !validEmail(u.Email) {
		fe.Add("email", "Enter an email address in the correct format, like name@example.org")
	}
	if u.Name == "" {
		fe.Add("name", "Enter the user's name")
	}
	for _, r := range u.Roles {
		if !r.Valid() {
			fe.Add("roles", fmt.Sprintf("%q is not a role", r))
		}
	}
	if err := fitness.ValidatePassword(password); err != nil {
		for k, v := range fitness.ErrorFields(err) {
			fe.Add(k, v)
		}
	}
	return fe.Err()
}

// CreateUser stores u (active) with a hash of password. EInvalid for a bad
// email, name, role or password; EConflict when the email is taken.
func (s *UserService) CreateUser(ctx context.Context, u fitness.User, password string) (fitness.User, error) {
	if err := s.validateUser(&u, password); err != nil {
		return fitness.User{}, err
	}
	hash, err := argon2id.CreateHash(password, &s.params)
	if err != nil {
		return fitness.User{}, fmt.Errorf("hash password: %w", err)
	}
	u.ID, u.Active, u.CreatedAt = newID(), true, dbTime(s.now())
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, password_hash, active, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, u.ID, u.Email, u.Name, hash, true, u.CreatedAt)
		if isUniqueViolation(err) {
			return &fitness.Error{Code: fitness.EConflict, Message: "A user with that email address already exists",
				Fields: map[string]string{"email": "A user with that email address already exists"}}
		}
		if err != nil {
			return err
		}
		return setRoles(ctx, tx, u.ID, u.Roles)
	})
	if err != nil {
		return fitness.User{}, fmt.Errorf("create user %s: %w", u.Email, err)
	}
	return u, nil
}

func setRoles(ctx context.Context, tx *sql.Tx, userID string, roles []fitness.Role) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, r := range roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)
			ON CONFLICT DO NOTHING`, userID, string(r)); err != nil {
			return err
		}
	}
	return nil
}

// SetRoles replaces the roles of a user. ENotFound for an unknown user;
// EInvalid for an unknown role.
func (s *UserService) SetRoles(ctx context.Context, userID string, roles []fitness.Role) error {
	fe := fitness.FieldErrors{}
	for _, r := range roles {
		if !r.Valid() {
			fe.Add("roles", fmt.Sprintf("%q is not a role", r))
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM users WHERE id = $1`, userID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fitness.Errorf(fitness.ENotFound, "User not found")
		} else if err != nil {
			return fmt.Errorf("set roles of %s: %w", userID, err)
		}
		return setRoles(ctx, tx, userID, roles)
	})
}

// errSignIn is the one answer for an unknown email, a wrong password and an
// inactive account.
var errSignIn = &fitness.Error{Code: fitness.EUnauthorized,
	Message: "Enter a correct email address and password"}

// Authenticate returns the active user with email and password, or
// EUnauthorized: the same error for an unknown email, a wrong password and a
// disabled account, with a password hash computed in every case so timing
// does not tell them apart. Too many recent failures for the address give
// EUnauthorized "Too many attempts; try again in 15 minutes".
func (s *UserService) Authenticate(ctx context.Context, email, password string) (fitness.User, error) {
	email = normEmail(email)
	now := dbTime(s.now())
	var failures int
	err := s.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM login_failures WHERE email = $1 AND at > $2`,
		email, now.Add(-LoginFailureWindow)).Scan(&failures)
	if err != nil {
		return fitness.User{}, fmt.Errorf("count sign-in failures: %w", err)
	}
	if failures >= LoginFailureLimit {
		return fitness.User{}, fitness.Errorf(fitness.EUnauthorized, "Too many attempts; try again in 15 minutes")
	}
	var hash string
	var active bool
	u, err := s.findUser(ctx, `u.email = $1`, email, &hash, &active)
	if err != nil && fitness.ErrorCode(err) != fitness.ENotFound {
		return fitness.User{}, err
	}
	if err != nil {
		hash = s.dummyHash()
	}
	ok, cerr := argon2id.ComparePasswordAndHash(password, hash)
	if cerr != nil || !ok || err != nil || !active {
		if _, err := s.db.Writer().ExecContext(ctx, `INSERT INTO login_failures (id, email, at) VALUES ($1, $2, $3)`,
			newID(), email, now); err != nil {
			return fitness.User{}, fmt.Errorf("record sign-in failure: %w", err)
		}
		return fitness.User{}, errSignIn
	}
	if _, err := s.db.Writer().ExecContext(ctx, `DELETE FROM login_failures WHERE email = $1`, email); err != nil {
		return fitness.User{}, fmt.Errorf("clear sign-in failures: %w", err)
	}
	return u, nil
}

// DeleteOldLoginFailures removes failures older than the throttling window.
func (s *UserService) DeleteOldLoginFailures(ctx context.Context) (int64, error) {
	res, err := s.db.Writer().ExecContext(ctx, `DELETE FROM login_failures WHERE at <= $1`,
		dbTime(s.now()).Add(-LoginFailureWindow))
	if err != nil {
		return 0, fmt.Errorf("delete old sign-in failures: %w", err)
	}
	return res.RowsAffected()
}

// findUser loads one user matching where (with one argument $1) and its
// roles; hash and active receive the password hash and active flag.
func (s *UserService) findUser(ctx context.Context, where string, arg any, hash *string, active *bool) (fitness.User, error) {
	var u fitness.User
	err := s.db.Reader().QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.password_hash, u.active, u.created_at
		FROM users u WHERE `+where, arg).Scan(&u.ID, &u.Email, &u.Name, hash, active, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return u, fitness.Errorf(fitness.ENotFound, "User not found")
	} else if err != nil {
		return u, fmt.Errorf("load user: %w", err)
	}
	u.Active, u.CreatedAt = *active, u.CreatedAt.UTC()
	roles, err := s.roles(ctx, u.ID)
	u.Roles = roles[u.ID]
	return u, err
}

// roles returns the roles of one user, or of all users when userID is "".
func (s *UserService) roles(ctx context.Context, userID string) (map[string][]fitness.Role, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT user_id, role FROM user_roles
		WHERE $1 = '' OR user_id = $1 ORDER BY user_id, role`, userID)
	if err != nil {
		return nil, fmt.Errorf("load roles: %w", err)
	}
	defer rows.Close()
	out := map[string][]fitness.Role{}
	for rows.Next() {
		var id, r string
		if err := rows.Scan(&id, &r); err != nil {
			return nil, fmt.Errorf("load roles: %w", err)
		}
		out[id] = append(out[id], fitness.Role(r))
	}
	return out, rows.Err()
}

// FindUser returns the user with id, or ENotFound.
func (s *UserService) FindUser(ctx context.Context, id string) (fitness.User, error) {
	var hash string
	var active bool
	return s.findUser(ctx, `u.id = $1`, id, &hash, &active)
}

// FindUserByEmail returns the user with email (any case), or ENotFound.
func (s *UserService) FindUserByEmail(ctx context.Context, email string) (fitness.User, error) {
	var hash string
	var active bool
	return s.findUser(ctx, `u.email = $1`, normEmail(email), &hash, &active)
}

// Users lists users by name, only those holding role unless role is "".
func (s *UserService) Users(ctx context.Context, role fitness.Role) ([]fitness.User, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT id, email, name, active, created_at FROM users
		WHERE $1 = '' OR id IN (SELECT user_id FROM user_roles WHERE role = $1)
		ORDER BY name, email`, string(role))
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []fitness.User
	for rows.Next() {
		var u fitness.User
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Active, &u.CreatedAt); err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		u.CreatedAt = u.CreatedAt.UTC()
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	roles, err := s.roles(ctx, "")
	for i := range out {
		out[i].Roles = roles[out[i].ID]
	}
	return out, err
}

// hashToken returns the stored form of a token (hex SHA-256).
func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// IssueToken creates an API token for an active user and returns it: "ftn_"
// and 32 random bytes in base64url. Only its SHA-256 is stored.
func (s *UserService) IssueToken(ctx context.Context, userID string) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("issue token: %w", err)
	}
	token := TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var active bool
		err := tx.QueryRowContext(ctx, `SELECT active FROM users WHERE id = $1`, userID).Scan(&active)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
			return fitness.Errorf(fitness.ENotFound, "User not found")
		} else if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO api_tokens (id, user_id, token_hash, created_at)
			VALUES ($1, $2, $3, $4)`, newID(), userID, hashToken(token), dbTime(s.now()))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("issue token for %s: %w", userID, err)
	}
	return token, nil
}

// errToken is the one answer for a token that is unknown, revoked or
// belongs to a disabled user.
var errToken = fitness.Errorf(fitness.EUnauthorized, "The API token is not valid")

// UserByToken returns the active user owning an unrevoked token, or
// EUnauthorized. It records the token's last use at most once a minute.
func (s *UserService) UserByToken(ctx context.Context, token string) (fitness.User, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return fitness.User{}, errToken
	}
	var tokenID, userID string
	var lastUsed sql.NullTime
	err := s.db.Reader().QueryRowContext(ctx, `SELECT t.id, t.user_id, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active`,
		hashToken(token)).Scan(&tokenID, &userID, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return fitness.User{}, errToken
	} else if err != nil {
		return fitness.User{}, fmt.Errorf("look up token: %w", err)
	}
	now := dbTime(s.now())
	if !lastUsed.Valid || now.Sub(lastUsed.Time) >= tokenTouchInterval {
		if _, err := s.db.Writer().ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`,
			now, tokenID); err != nil {
			return fitness.User{}, fmt.Errorf("record token use: %w", err)
		}
	}
	return s.FindUser(ctx, userID)
}

// RevokeToken revokes token so it no longer signs anyone in. Revoking an
// unknown or already revoked token is not an error.
func (s *UserService) RevokeToken(ctx context.Context, token string) error {
	_, err := s.db.Writer().ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1
		WHERE token_hash = $2 AND revoked_at IS NULL`, dbTime(s.now()), hashToken(token))
	if err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	return nil
}
