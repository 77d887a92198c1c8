package auth

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
)

// Auditor writes the audit log: one entry for every mutation by a console
// user or API key. The GraphQL layer opens a Record per mutation field;
// services name the entity they touched with NoteEntity.
type Auditor struct {
	db      *gorm.DB
	queue   chan *models.AuditEntry
	done    chan struct{}
	started bool
}

// NewAuditor returns an Auditor over the meta database. Until Start, every
// entry is written synchronously.
func NewAuditor(db *gorm.DB) *Auditor {
	return &Auditor{db: db, queue: make(chan *models.AuditEntry, 8192), done: make(chan struct{})}
}

// Start runs the batch writer of queued entries (see Queue) until Close.
func (a *Auditor) Start() {
	a.started = true
	go func() {
		defer close(a.done)
		batch := make([]*models.AuditEntry, 0, 500)
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		flush := func() {
			if len(batch) == 0 {
				return
			}
			if err := a.db.CreateInBatches(batch, 500).Error; err != nil {
				slog.Error("audit batch write failed", "entries", len(batch), "err", err)
			}
			batch = batch[:0]
		}
		for {
			select {
			case e, ok := <-a.queue:
				if !ok {
					flush()
					return
				}
				batch = append(batch, e)
				if len(batch) == cap(batch) {
					flush()
				}
			case <-tick.C:
				flush()
			}
		}
	}()
}

// Close writes what is queued and stops the batch writer.
func (a *Auditor) Close() {
	if a.started {
		close(a.queue)
		<-a.done
	}
}

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

// Write stores the entry of a finished mutation now. detail is marshalled
// to JSON; callers strip secrets before.
func (a *Auditor) Write(ctx context.Context, e *models.AuditEntry, detail any) error {
	e.Detail = detailJSON(detail)
	return a.db.WithContext(context.WithoutCancel(ctx)).Create(e).Error
}

// Queue stores the entry within 200 ms, batched with others: for the
// high-volume mutations of services (thousands of claims a second), where a
// row written per call would double the database's work. A crash loses at
// most the last 200 ms of queued entries. When the queue is full, the entry
// is written at once.
func (a *Auditor) Queue(ctx context.Context, e *models.AuditEntry, detail any) error {
	e.Detail = detailJSON(detail)
	if a.started {
		select {
		case a.queue <- e:
			return nil
		default:
		}
	}
	return a.db.WithContext(context.WithoutCancel(ctx)).Create(e).Error
}

func detailJSON(detail any) string {
	b, err := json.Marshal(detail)
	if err != nil {
		return `{}`
	}
	return string(b)
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
