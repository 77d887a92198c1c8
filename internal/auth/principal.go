// Package auth holds who is calling: console users and their sessions, API
// keys, shopper tokens, roles, and the audit log of mutations.
package auth

import (
	"context"

	"github.com/coupond/coupond/models"
)

// Principal is an authenticated caller.
type Principal struct {
	ID    string
	Name  string
	Kind  models.PrincipalKind
	Roles []models.Role
}

// Has reports whether p holds one of roles. ADMIN holds every role but
// SHOPPER (an admin acts for a user by passing its id, as a service does).
func (p *Principal) Has(roles ...models.Role) bool {
	if p == nil {
		return false
	}
	for _, mine := range p.Roles {
		for _, r := range roles {
			if mine == r || (mine == models.RoleAdmin && r != models.RoleShopper) {
				return true
			}
		}
	}
	return false
}

// Key names p uniquely and for good (its kind and id; names are neither
// unique nor fixed): what a signed link or a read pin is bound to.
func (p *Principal) Key() string {
	if p == nil {
		return ""
	}
	return string(p.Kind) + ":" + p.ID
}

// Actor is how the audit log names p.
func (p *Principal) Actor() string {
	if p == nil {
		return "anonymous"
	}
	switch p.Kind {
	case models.KindAPIKey:
		return "key:" + p.Name
	case models.KindShopper:
		return "user:" + p.ID
	}
	return p.Name
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the caller, or nil for an anonymous request.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// ActingUser resolves the user id a call acts for: a SHOPPER acts only for
// the user id in its token (and may omit the argument); anyone else must
// pass one. Returns FORBIDDEN or INVALID_INPUT.
func ActingUser(ctx context.Context, userID *string) (string, error) {
	p := FromContext(ctx)
	if p == nil {
		return "", models.Errorf(models.CodeUnauthenticated, "authentication required")
	}
	if p.Kind == models.KindShopper {
		if userID != nil && *userID != p.ID {
			return "", models.Errorf(models.CodeForbidden, "a shopper may act only for its own user id")
		}
		return p.ID, nil
	}
	if userID == nil || *userID == "" {
		return "", models.FieldError(models.CodeInvalidInput, []string{"userId"}, "userId is required")
	}
	if !models.ValidUserID(*userID) {
		return "", models.FieldError(models.CodeInvalidInput, []string{"userId"}, "userId must be 1 to 64 printable characters without spaces")
	}
	return *userID, nil
}

// Require returns UNAUTHENTICATED for an anonymous caller and FORBIDDEN for
// one holding none of roles.
func Require(ctx context.Context, roles ...models.Role) error {
	p := FromContext(ctx)
	if p == nil {
		return models.Errorf(models.CodeUnauthenticated, "authentication required")
	}
	if !p.Has(roles...) {
		return models.Errorf(models.CodeForbidden, "this needs one of the roles %v", roles)
	}
	return nil
}

type clientIPKey struct{}

// WithClientIP returns ctx carrying the address of the caller's client
// (what the per-address budgets count), set by the HTTP layer.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

// ClientIP returns the address of the caller's client, or "" outside an
// HTTP request.
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}
