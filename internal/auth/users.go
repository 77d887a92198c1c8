package auth

import (
	"context"
	"errors"
	"slices"
	"strconv"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
)

// ConsoleUsers lists the console users, oldest first.
func (s *Service) ConsoleUsers(ctx context.Context) ([]models.ConsoleUser, error) {
	users, err := s.allUsers(ctx)
	if err != nil {
		return nil, models.Unavailable("auth.ConsoleUsers", err)
	}
	return users, nil
}

// ConsoleUserChange is what UpdateConsoleUser changes: nil fields are kept.
type ConsoleUserChange struct {
	Roles    []models.Role
	Disabled *bool
}

// UpdateConsoleUser changes a console user's roles or disables / enables
// them, on behalf of by. Refused (INVALID_STATE) when it would disable the
// caller, take ADMIN from the caller, or leave no enabled ADMIN; NOT_FOUND
// for an unknown id; INVALID_INPUT for bad roles. Disabling ends the user's
// sessions at once.
func (s *Service) UpdateConsoleUser(ctx context.Context, by *Principal, id string, c ConsoleUserChange) (*models.ConsoleUser, error) {
	if c.Roles != nil {
		if err := validRoles(c.Roles, []string{"roles"}); err != nil {
			return nil, err
		}
	}
	self := by != nil && by.Kind == models.KindConsoleUser && by.ID == id
	return s.changeUser(ctx, id, func(u *models.ConsoleUser, users []models.ConsoleUser) (bool, error) {
		wasAdmin := enabledAdmin(u)
		if c.Disabled != nil && *c.Disabled && self {
			return false, models.FieldError(models.CodeInvalidState, []string{"disabled"}, "you cannot disable yourself; ask another admin")
		}
		if c.Roles != nil {
			u.Roles = roleList(c.Roles)
			if self && wasAdmin && !slices.Contains(c.Roles, models.RoleAdmin) {
				return false, models.FieldError(models.CodeInvalidState, []string{"roles"}, "you cannot remove your own ADMIN role; ask another admin")
			}
		}
		if c.Disabled != nil {
			if *c.Disabled {
				if u.DisabledAt == nil {
					now := s.now().UTC()
					u.DisabledAt = &now
				}
			} else {
				u.DisabledAt = nil
			}
		}
		if wasAdmin && !enabledAdmin(u) {
			admins := 0
			for j := range users {
				if users[j].ID != u.ID && enabledAdmin(&users[j]) {
					admins++
				}
			}
			if admins == 0 {
				field := "roles"
				if c.Disabled != nil && *c.Disabled {
					field = "disabled"
				}
				return false, models.FieldError(models.CodeInvalidState, []string{field}, "%s is the last enabled ADMIN; make another user ADMIN first", u.Username)
			}
		}
		return u.DisabledAt != nil, nil
	})
}

// ResetConsoleUserPassword sets a console user's password (the rules of
// CreateConsoleUser) and ends their sessions. NOT_FOUND for an unknown id.
func (s *Service) ResetConsoleUserPassword(ctx context.Context, id, password string) (*models.ConsoleUser, error) {
	if err := validPassword(password, []string{"password"}); err != nil {
		return nil, err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return nil, models.FieldError(models.CodeInvalidInput, []string{"password"}, "password cannot be used")
	}
	return s.changeUser(ctx, id, func(u *models.ConsoleUser, _ []models.ConsoleUser) (bool, error) {
		u.PasswordHash = string(h)
		return true, nil
	})
}

// changeUser applies change to the console user with id, inside usersTx
// (users holds every user, u among them), saves it and, when change says
// so, ends the user's sessions. NOT_FOUND for an unknown id.
func (s *Service) changeUser(ctx context.Context, id string, change func(u *models.ConsoleUser, users []models.ConsoleUser) (endSessions bool, err error)) (*models.ConsoleUser, error) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return nil, models.FieldError(models.CodeNotFound, []string{"id"}, "no console user %q", id)
	}
	var out *models.ConsoleUser
	err = s.usersTx(ctx, func(tx *gorm.DB, users []models.ConsoleUser) error {
		i := slices.IndexFunc(users, func(u models.ConsoleUser) bool { return u.ID == n })
		if i < 0 {
			return models.FieldError(models.CodeNotFound, []string{"id"}, "no console user %q", id)
		}
		u := users[i]
		end, err := change(&u, users)
		if err != nil {
			return err
		}
		if err := saveUser(tx, &u); err != nil {
			return err
		}
		if end {
			if err := deleteUserSessions(tx, u.ID); err != nil {
				return err
			}
		}
		out = &u
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// usersTx runs fn in a transaction holding every console user row locked
// (on MySQL; SQLite serialises writers), so that two admins changing roles
// at once cannot both remove an ADMIN and leave none.
func (s *Service) usersTx(ctx context.Context, fn func(tx *gorm.DB, users []models.ConsoleUser) error) error {
	var refused error
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		users, err := lockedUsers(tx)
		if err != nil {
			return err
		}
		if err := fn(tx, users); err != nil {
			var me *models.Error
			if errors.As(err, &me) {
				refused = err
			}
			return err
		}
		return nil
	})
	if refused != nil {
		return refused
	}
	if err != nil {
		return models.Unavailable("auth.consoleUsers", err)
	}
	return nil
}

// enabledAdmin reports whether u is an enabled ADMIN.
func enabledAdmin(u *models.ConsoleUser) bool {
	return u.DisabledAt == nil && slices.Contains(u.Roles, string(models.RoleAdmin))
}

// validPassword checks the console's password rules (bcrypt reads at
// most 72 bytes).
func validPassword(password string, field []string) *models.Error {
	if len(password) < 10 || len(password) > 72 {
		return models.FieldError(models.CodeInvalidInput, field, "password must be 10 to 72 characters")
	}
	return nil
}

// ConsoleUser reads a console user by id (NOT_FOUND when unknown).
func (s *Service) ConsoleUser(ctx context.Context, id string) (*models.ConsoleUser, error) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return nil, models.FieldError(models.CodeNotFound, []string{"id"}, "no console user %q", id)
	}
	u, err := s.userByID(ctx, n)
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.FieldError(models.CodeNotFound, []string{"id"}, "no console user %q", id)
	}
	if err != nil {
		return nil, models.Unavailable("auth.ConsoleUser", err)
	}
	return u, nil
}

// UserPrincipal is the principal a console user logs in as.
func UserPrincipal(u *models.ConsoleUser) *Principal { return userPrincipal(u) }
