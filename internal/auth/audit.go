package auth

import (
	"context"
	"encoding/json"
	"sync"

	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
)

// Auditor writes the audit log: one entry for every mutation by a console
// user or API key. The GraphQL layer opens a Record per mutation field;
// services name the entity they touched with NoteEntity.
type Auditor struct {
	db *gorm.DB
}

// NewAuditor returns an Auditor over the meta database.
func NewAuditor(db *gorm.DB) *Auditor { return &Auditor{db: db} }

// Record is one mutation being audited.
type Record struct {
	mu         sync.Mutex
	EntityType string
	EntityID   string
}

type recordKey struct{}

// WithRecord returns ctx carrying a fresh Record.
func WithRecord(ctx context.Context) (context.Context, *Record) {
	r := &Record{}
	return context.WithValue(ctx, recordKey{}, r), r
}

// NoteEntity names the entity a mutation acted on (no-op outside a Record).
func NoteEntity(ctx context.Context, entityType, entityID string) {
	if r, _ := ctx.Value(recordKey{}).(*Record); r != nil {
		r.mu.Lock()
		r.EntityType, r.EntityID = entityType, entityID
		r.mu.Unlock()
	}
}

// Write stores the entry of a finished mutation. detail is marshalled to
// JSON; callers strip secrets before.
func (a *Auditor) Write(ctx context.Context, e *models.AuditEntry, detail any) error {
	b, err := json.Marshal(detail)
	if err != nil {
		b = []byte(`{}`)
	}
	e.Detail = string(b)
	return a.db.WithContext(context.WithoutCancel(ctx)).Create(e).Error
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	Actor, EntityType, EntityID string
}

// List returns up to first entries, newest first, after the cursor, and
// whether there are more.
func (a *Auditor) List(ctx context.Context, f AuditFilter, first int, after string) ([]models.AuditEntry, bool, error) {
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
	if after != "" {
		id, err := models.DecodeCursor(after)
		if err != nil {
			return nil, false, models.FieldError(models.CodeInvalidInput, []string{"after"}, "invalid cursor")
		}
		q = q.Where("id < ?", id)
	}
	var out []models.AuditEntry
	if err := q.Order("id DESC").Limit(first + 1).Find(&out).Error; err != nil {
		return nil, false, models.Unavailable("auth.AuditLog", err)
	}
	more := len(out) > first
	if more {
		out = out[:first]
	}
	return out, more, nil
}
