package auth

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/models"
)

// This file holds the package's SQL: console users, sessions, API keys and
// the audit log in the meta database. Reads return gorm.ErrRecordNotFound
// for a missing row; the callers decide what that means.

// insert stores a new row (a console user, a session or an API key).
func (s *Service) insert(ctx context.Context, row any) error {
	return s.db.WithContext(ctx).Create(row).Error
}

// userByName reads a console user by username.
func (s *Service) userByName(ctx context.Context, username string) (*models.ConsoleUser, error) {
	var u models.ConsoleUser
	if err := s.db.WithContext(ctx).Where("username = ?", username).Take(&u).Error; err != nil {
		return nil, err
	}
	return &u, nil
}

// userByID reads a console user by id, on the primary: a session must
// see its user disabled (or their roles changed) at once, not once a
// replica has caught up (console traffic is light).
func (s *Service) userByID(ctx context.Context, id uint64) (*models.ConsoleUser, error) {
	var u models.ConsoleUser
	if err := s.db.WithContext(ctx).Clauses(dbresolver.Write).Take(&u, id).Error; err != nil {
		return nil, err
	}
	return &u, nil
}

// setPasswordHash replaces u's password hash.
func (s *Service) setPasswordHash(ctx context.Context, u *models.ConsoleUser, hash string) error {
	return s.db.WithContext(ctx).Model(u).Update("password_hash", hash).Error
}

// allUsers lists the console users, oldest first.
func (s *Service) allUsers(ctx context.Context) ([]models.ConsoleUser, error) {
	var users []models.ConsoleUser
	err := s.db.WithContext(ctx).Order("id").Find(&users).Error
	return users, err
}

// lockedUsers reads every console user in tx, locking the rows (FOR
// UPDATE; SQLite, which has no row locks, serialises writers anyway).
func lockedUsers(tx *gorm.DB) ([]models.ConsoleUser, error) {
	var users []models.ConsoleUser
	err := tx.Clauses(dbresolver.Write, clause.Locking{Strength: "UPDATE"}).Order("id").Find(&users).Error
	return users, err
}

// saveUser writes u's roles, password hash and disabled time.
func saveUser(tx *gorm.DB, u *models.ConsoleUser) error {
	return tx.Model(&models.ConsoleUser{}).Where("id = ?", u.ID).
		Updates(map[string]any{"roles": u.Roles, "password_hash": u.PasswordHash, "disabled_at": u.DisabledAt}).Error
}

// deleteUserSessions ends every session of console user id.
func deleteUserSessions(tx *gorm.DB, id uint64) error {
	return tx.Where("user_id = ?", id).Delete(&models.Session{}).Error
}

// liveSession reads the session of a token hash that is unexpired at now,
// on the primary: a session ended (logout, user disabled, password reset)
// stops working at once.
func (s *Service) liveSession(ctx context.Context, tokenHash string, now time.Time) (*models.Session, error) {
	var sess models.Session
	if err := s.db.WithContext(ctx).Clauses(dbresolver.Write).Where("token_hash = ? AND expires_at > ?", tokenHash, now).Take(&sess).Error; err != nil {
		return nil, err
	}
	return &sess, nil
}

// deleteSession ends the session of a token hash (none: no-op).
func (s *Service) deleteSession(ctx context.Context, tokenHash string) error {
	return s.db.WithContext(ctx).Where("token_hash = ?", tokenHash).Delete(&models.Session{}).Error
}

// liveKey reads an unrevoked API key by id, on the primary.
func (s *Service) liveKey(ctx context.Context, id uint64) (*models.APIKey, error) {
	var k models.APIKey
	if err := s.db.WithContext(ctx).Clauses(dbresolver.Write).Where("id = ? AND revoked_at IS NULL", id).Take(&k).Error; err != nil {
		return nil, err
	}
	return &k, nil
}

// keyBySecretHash reads an unrevoked API key by the hash of its secret.
func (s *Service) keyBySecretHash(ctx context.Context, secretHash string) (*models.APIKey, error) {
	var k models.APIKey
	if err := s.db.WithContext(ctx).Where("secret_hash = ? AND revoked_at IS NULL", secretHash).Take(&k).Error; err != nil {
		return nil, err
	}
	return &k, nil
}

// liveKeys lists the unrevoked API keys, newest first.
func (s *Service) liveKeys(ctx context.Context) ([]models.APIKey, error) {
	var keys []models.APIKey
	err := s.db.WithContext(ctx).Where("revoked_at IS NULL").Order("id DESC").Find(&keys).Error
	return keys, err
}

// revokeKey revokes API key id at now; revoked is false when it was
// revoked already (or is unknown).
func (s *Service) revokeKey(ctx context.Context, id uint64, now time.Time) (revoked bool, err error) {
	res := s.db.WithContext(ctx).Model(&models.APIKey{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", now)
	return res.RowsAffected == 1, res.Error
}

// touchKey records API key id's last use.
func (s *Service) touchKey(ctx context.Context, id uint64, now time.Time) error {
	return s.db.WithContext(ctx).Model(&models.APIKey{}).Where("id = ?", id).Update("last_used_at", now).Error
}

// insert writes one audit entry, even when ctx is cancelled.
func (a *Auditor) insert(ctx context.Context, e *models.AuditEntry) error {
	return a.db.WithContext(context.WithoutCancel(ctx)).Create(e).Error
}

// entries reads up to limit audit entries matching f, newest first, with
// ids below before (nil: from the newest).
func (a *Auditor) entries(ctx context.Context, f AuditFilter, before *uint64, limit int) ([]models.AuditEntry, error) {
	q := a.db.WithContext(ctx).Model(&models.AuditEntry{})
	if f.Actor != "" {
		q = q.Where("actor = ?", f.Actor)
	}
	if f.EntityType != "" {
		q = q.Where("entity_type = ?", f.EntityType)
	}
	if f.EntityID != "" {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if !f.Since.IsZero() {
		q = q.Where("at >= ?", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		q = q.Where("at < ?", f.Until.UTC())
	}
	if before != nil {
		q = q.Where("id < ?", *before)
	}
	var out []models.AuditEntry
	err := q.Order("id DESC").Limit(limit).Find(&out).Error
	return out, err
}
