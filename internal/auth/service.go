package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/limit"

	"github.com/coupond/coupond/models"
)

// Service authenticates callers and manages console users, sessions and API
// keys in the meta database.
type Service struct {
	db         *gorm.DB
	cache      *cache.Cache
	jwtSecret  []byte
	sessionTTL time.Duration
	now        func() time.Time

	limiter    *Limiter
	loginPerIP limit.Rate
	throttle   *loginThrottle
	mu         sync.Mutex
	lastUsed   map[uint64]time.Time // API key id -> last lastUsedAt write
}

// Options configure a Service.
type Options struct {
	// ShopperJWTSecret verifies shopper tokens (HS256). Empty: shopper tokens
	// are refused.
	ShopperJWTSecret []byte
	SessionTTL       time.Duration // default 12h
	Now              func() time.Time
	// Cache holds API keys' principals (a service calls thousands of times a
	// second); revoking a key drops it from every instance. Nil: no cache.
	Cache *cache.Cache
	// Limiter counts login attempts: LoginPerIP per client address, and
	// failed logins per account and address (see loginThrottle), with
	// LoginFails the failures per account after which its attempts are
	// spaced a second apart. Nil: no limits.
	Limiter    *Limiter
	LoginPerIP limit.Rate
	LoginFails limit.Rate
}

// NewService returns a Service over the meta database.
func NewService(db *gorm.DB, o Options) *Service {
	if o.SessionTTL == 0 {
		o.SessionTTL = 12 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Service{db: db, cache: o.Cache, jwtSecret: o.ShopperJWTSecret, sessionTTL: o.SessionTTL, now: o.Now, lastUsed: map[uint64]time.Time{},
		limiter: o.Limiter, loginPerIP: o.LoginPerIP}
	if o.Limiter != nil {
		s.throttle = &loginThrottle{rdb: o.Limiter.rdb, prefix: o.Limiter.prefix, user: o.LoginFails}
	}
	return s
}

// SessionTTL is how long a login lasts.
func (s *Service) SessionTTL() time.Duration { return s.sessionTTL }

// Bootstrap makes sure the console user "admin" exists. With an empty
// password, a random one is generated and returned (to be printed once);
// an existing admin keeps its password unless one is given.
func (s *Service) Bootstrap(ctx context.Context, password string) (generated string, err error) {
	u, err := s.userByName(ctx, "admin")
	switch {
	case err == nil:
		if password == "" {
			return "", nil
		}
		if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) == nil {
			return "", nil
		}
		h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
		if err != nil {
			return "", err
		}
		return "", s.setPasswordHash(ctx, u, string(h))
	case errors.Is(err, gorm.ErrRecordNotFound):
		if password == "" {
			password = randomToken(12)
			generated = password
		}
		_, err = s.createUser(ctx, "admin", password, []models.Role{models.RoleAdmin})
		return generated, err
	default:
		return "", err
	}
}

// Login checks a username and password and opens a session. Returns the
// principal and the session token for the cookie; INVALID_INPUT when the
// pair is wrong (the same message whichever part is); RATE_LIMITED, with
// the real wait, past the per-address budget or while failures for the
// account slow its attempts (loginThrottle: a wait, never a lock).
func (s *Service) Login(ctx context.Context, username, password string) (*Principal, string, error) {
	ip := ClientIP(ctx)
	if ip != "" {
		if err := s.limiter.Take(ctx, "login:ip:"+ip, s.loginPerIP, "logins from this address"); err != nil {
			return nil, "", err
		}
	}
	if !validUsername(username) || len(password) > 1024 {
		// No such account can exist: nothing to throttle or look up.
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte("x"))
		return nil, "", models.Errorf(models.CodeInvalidInput, "wrong username or password")
	}
	cleared, err := s.throttle.admit(ctx, username, ip)
	if err != nil {
		return nil, "", err
	}
	p, token, err := s.login(ctx, username, password)
	if err == nil {
		cleared()
	}
	return p, token, err
}

func (s *Service) login(ctx context.Context, username, password string) (*Principal, string, error) {
	u, err := s.userByName(ctx, username)
	if errors.Is(err, gorm.ErrRecordNotFound) {
		// Spend the time a real check would, so timing does not tell which
		// usernames exist.
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return nil, "", models.Errorf(models.CodeInvalidInput, "wrong username or password")
	}
	if err != nil {
		return nil, "", models.Unavailable("auth.Login", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, "", models.Errorf(models.CodeInvalidInput, "wrong username or password")
	}
	if u.DisabledAt != nil {
		// Said only to who knows the password: it tells no one else that
		// the account exists.
		return nil, "", models.Errorf(models.CodeForbidden, "this account is disabled; ask an admin")
	}
	token := randomToken(32)
	now := s.now().UTC()
	sess := models.Session{TokenHash: hash(token), UserID: u.ID, ExpiresAt: now.Add(s.sessionTTL), CreatedAt: now}
	if err := s.insert(ctx, &sess); err != nil {
		return nil, "", models.Unavailable("auth.Login", err)
	}
	return userPrincipal(u), token, nil
}

var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("dummy password"), bcrypt.DefaultCost)

// Logout ends the session of token (a no-op for an unknown token).
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.deleteSession(ctx, hash(token))
}

// Session returns the console user of a session token, or nil when the
// token is unknown or expired.
func (s *Service) Session(ctx context.Context, token string) (*Principal, error) {
	sess, err := s.liveSession(ctx, hash(token), s.now().UTC())
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	u, err := s.userByID(ctx, sess.UserID)
	if err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, nil
		}
		return nil, err
	}
	if u.DisabledAt != nil {
		return nil, nil
	}
	return userPrincipal(u), nil
}

// CreateConsoleUser adds a console user. Returns INVALID_INPUT (with field
// paths under "input") or CONFLICT when the username is taken.
func (s *Service) CreateConsoleUser(ctx context.Context, username, password string, roles []models.Role) (*Principal, error) {
	u, err := s.NewConsoleUser(ctx, username, password, roles)
	if err != nil {
		return nil, err
	}
	return userPrincipal(u), nil
}

// NewConsoleUser is CreateConsoleUser returning the stored user.
func (s *Service) NewConsoleUser(ctx context.Context, username, password string, roles []models.Role) (*models.ConsoleUser, error) {
	var errs models.Errors
	if !validUsername(username) {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "username"}, "username must be 3 to 64 letters, digits, '.', '_' or '-'"))
	}
	if err := validPassword(password, []string{"input", "password"}); err != nil {
		errs = append(errs, err)
	}
	if err := validRoles(roles, []string{"input", "roles"}); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return s.createUser(ctx, username, password, roles)
}

func (s *Service) createUser(ctx context.Context, username, password string, roles []models.Role) (*models.ConsoleUser, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return nil, models.FieldError(models.CodeInvalidInput, []string{"input", "password"}, "password cannot be used")
	}
	u := &models.ConsoleUser{Username: username, PasswordHash: string(h), Roles: roleList(roles), CreatedAt: s.now().UTC()}
	if err := s.insert(ctx, u); err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) || strings.Contains(err.Error(), "UNIQUE") || strings.Contains(err.Error(), "Duplicate") {
			return nil, models.FieldError(models.CodeConflict, []string{"input", "username"}, "username %q is taken", username)
		}
		return nil, models.Unavailable("auth.createUser", err)
	}
	return u, nil
}

// APIKeyPrefix starts every API key secret, so that a leaked one is easy to
// recognise (and to tell from a shopper JWT).
const APIKeyPrefix = "cpk_"

// CreateAPIKey makes a key for a service. The secret is returned once; only
// its hash is stored. Returns INVALID_INPUT for a bad name or roles.
func (s *Service) CreateAPIKey(ctx context.Context, name string, roles []models.Role, createdBy string) (*models.APIKey, string, error) {
	var errs models.Errors
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"name"}, "name must be 1 to 100 characters"))
	}
	if err := validRoles(roles, []string{"roles"}); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, "", errs
	}
	secret := APIKeyPrefix + randomToken(32)
	k := &models.APIKey{Name: name, Roles: roleList(roles), SecretHash: hash(secret), CreatedBy: createdBy, CreatedAt: s.now().UTC()}
	if err := s.insert(ctx, k); err != nil {
		return nil, "", models.Unavailable("auth.CreateAPIKey", err)
	}
	return k, secret, nil
}

// RevokeAPIKey disables a key at once, on every instance. Returns false
// for an unknown or already revoked key.
func (s *Service) RevokeAPIKey(ctx context.Context, id string) (bool, error) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return false, nil
	}
	k, err := s.liveKey(ctx, n)
	if err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return false, nil
		}
		return false, models.Unavailable("auth.RevokeAPIKey", err)
	}
	revoked, err := s.revokeKey(ctx, n, s.now().UTC())
	if err != nil {
		return false, models.Unavailable("auth.RevokeAPIKey", err)
	}
	if s.cache != nil {
		if err := s.cache.Invalidate(context.WithoutCancel(ctx), apiKeyCacheKey(k.SecretHash)); err != nil {
			return revoked, models.Unavailable("auth.RevokeAPIKey: the key is revoked but may be honoured for up to 30s", err)
		}
	}
	return revoked, nil
}

func apiKeyCacheKey(secretHash string) string { return "apikey:" + secretHash }

// APIKeys lists the keys that are not revoked, newest first.
func (s *Service) APIKeys(ctx context.Context) ([]models.APIKey, error) {
	return s.liveKeys(ctx)
}

// APIKey returns the principal of an API key secret, or nil if it is
// unknown or revoked. Answers come from the cache (unknown secrets too, so
// that a flood of bad keys does not reach the database).
func (s *Service) APIKey(ctx context.Context, secret string) (*Principal, error) {
	h := hash(secret)
	load := func(ctx context.Context) (*Principal, error) {
		k, err := s.keyBySecretHash(ctx, h)
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &Principal{ID: strconv.FormatUint(k.ID, 10), Name: k.Name, Kind: models.KindAPIKey, Roles: toRoles(k.Roles)}, nil
	}
	var p *Principal
	var err error
	if s.cache != nil {
		p, err = cache.Get(ctx, s.cache, apiKeyCacheKey(h), load)
	} else {
		p, err = load(ctx)
	}
	if err != nil || p == nil {
		return nil, err
	}
	if id, err := strconv.ParseUint(p.ID, 10, 64); err == nil {
		s.touch(ctx, id)
	}
	return p, nil
}

// touch records lastUsedAt, at most once a minute per key per instance, so
// that a busy key does not write on every request.
func (s *Service) touch(ctx context.Context, id uint64) {
	now := s.now().UTC()
	s.mu.Lock()
	if now.Sub(s.lastUsed[id]) < time.Minute {
		s.mu.Unlock()
		return
	}
	s.lastUsed[id] = now
	s.mu.Unlock()
	// Off the request's path: the key's user should not wait for it.
	go func() {
		_ = s.touchKey(context.WithoutCancel(ctx), id, now)
	}()
}

// Shopper verifies a shopper token: HS256 only, signed with the configured
// secret, with an expiry and a subject (the user id).
func (s *Service) Shopper(token string) (*Principal, error) {
	if len(s.jwtSecret) == 0 {
		return nil, errors.New("shopper tokens are not enabled")
	}
	claims := &jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return s.jwtSecret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithTimeFunc(s.now), jwt.WithLeeway(30*time.Second))
	if err != nil {
		return nil, err
	}
	if claims.Subject == "" || len(claims.Subject) > 64 {
		return nil, errors.New("token subject must be a user id of 1 to 64 characters")
	}
	return &Principal{ID: claims.Subject, Name: claims.Subject, Kind: models.KindShopper, Roles: []models.Role{models.RoleShopper}}, nil
}

// Bearer returns the principal of a bearer token: an API key (it starts
// with APIKeyPrefix) or a shopper token. A token that is unknown, revoked,
// expired or malformed gives nil and no error (the caller is anonymous);
// the error is a store failure.
func (s *Service) Bearer(ctx context.Context, token string) (*Principal, error) {
	if strings.HasPrefix(token, APIKeyPrefix) {
		return s.APIKey(ctx, token)
	}
	p, err := s.Shopper(token)
	if err != nil {
		return nil, nil
	}
	return p, nil
}

// SignShopperToken makes a shopper token for userID (for tests, tools and
// the mall's login service, which holds the same secret).
func SignShopperToken(secret []byte, userID string, ttl time.Duration) (string, error) {
	now := time.Now()
	return jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject: userID, IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}).SignedString(secret)
}

func userPrincipal(u *models.ConsoleUser) *Principal {
	return &Principal{ID: strconv.FormatUint(u.ID, 10), Name: u.Username, Kind: models.KindConsoleUser, Roles: toRoles(u.Roles)}
}

func validUsername(s string) bool {
	if len(s) < 3 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func validRoles(roles []models.Role, field []string) *models.Error {
	if len(roles) == 0 {
		return models.FieldError(models.CodeInvalidInput, field, "at least one role is required")
	}
	for _, r := range roles {
		if r == models.RoleShopper {
			return models.FieldError(models.CodeInvalidInput, field, "SHOPPER is held through a shopper token, not given")
		}
	}
	return nil
}

func roleList(roles []models.Role) models.StringList {
	out := models.StringList{}
	seen := map[models.Role]bool{}
	for _, r := range roles {
		if !seen[r] {
			seen[r] = true
			out = append(out, string(r))
		}
	}
	return out
}

func toRoles(l models.StringList) []models.Role {
	out := make([]models.Role, len(l))
	for i, r := range l {
		out[i] = models.Role(r)
	}
	return out
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// hash is for high-entropy secrets (session tokens, API keys): a fast hash
// is enough when the input cannot be guessed.
func hash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}
