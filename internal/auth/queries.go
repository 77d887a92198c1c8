package auth

import (
	"context"
	"time"

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

// userByID reads a console user by id.
func (s *Service) userByID(ctx context.Context, id uint64) (*models.ConsoleUser, error) {
	var u models.ConsoleUser
	if err := s.db.WithContext(ctx).Take(&u, id).Error; err != nil {
		return nil, err
	}
	return &u, nil
}

// setPasswordHash replaces u's password hash.
func (s *Service) setPasswordHash(ctx context.Context, u *models.ConsoleUser, hash string) error {
	return s.db.WithContext(ctx).Model(u).Update("password_hash", hash).Error
}

// liveSession reads the session of a token hash that is unexpired at now.
func (s *Service) liveSession(ctx context.Context, tokenHash string, now time.Time) (*models.Session, error) {
	var sess models.Session
	if err := s.db.WithContext(ctx).Where("token_hash = ? AND expires_at > ?", tokenHash, now).Take(&sess).Error; err != nil {
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
	if before != nil {
		q = q.Where("id < ?", *before)
	}
	var out []models.AuditEntry
	err := q.Order("id DESC").Limit(limit).Find(&out).Error
	return out, err
}
