package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"
	"unicode/utf8"

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
				// One bad entry must not take the others with it: write
				// them one by one (an insert that failed wrote nothing).
				slog.Warn("audit batch write failed: writing its entries one by one", "entries", len(batch), "err", err)
				for _, e := range batch {
					e.ID = 0
					if err := a.db.Create(e).Error; err != nil {
						slog.Error("audit entry lost", "action", e.Action, "actor", e.Actor, "err", err)
					}
				}
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
	// A login's outcome: who it authenticated, or the code it refused with.
	Authenticated *Principal
	Refused       models.Code
}

type recordKey struct{}

// WithRecord returns ctx carrying a fresh Record.
func WithRecord(ctx context.Context) (context.Context, *Record) {
	r := &Record{}
	return context.WithValue(ctx, recordKey{}, r), r
}

// NoteLogin records a login's outcome: the principal it authenticated, or
// the code of its refusal (no-op outside a Record).
func NoteLogin(ctx context.Context, p *Principal, err error) {
	if r, _ := ctx.Value(recordKey{}).(*Record); r != nil {
		r.mu.Lock()
		r.Authenticated, r.Refused = p, models.ErrorCode(err)
		r.mu.Unlock()
	}
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
// to JSON and bounded (see bounded); callers strip secrets before.
func (a *Auditor) Write(ctx context.Context, e *models.AuditEntry, detail any) error {
	fit(e, detail)
	return a.insert(ctx, e)
}

// Queue stores the entry within 200 ms, batched with others: for the
// high-volume mutations of services (thousands of claims a second), where a
// row written per call would double the database's work. A crash loses at
// most the last 200 ms of queued entries. When the queue is full, the entry
// is written at once.
func (a *Auditor) Queue(ctx context.Context, e *models.AuditEntry, detail any) error {
	fit(e, detail)
	if a.started {
		select {
		case a.queue <- e:
			return nil
		default:
		}
	}
	return a.insert(ctx, e)
}

// Bounds of an audit entry: every entry fits its columns on both stores
// (a TEXT column holds 64 KiB on MySQL), whoever sent what.
const (
	maxDetailBytes = 16 << 10
	maxAuditString = 256
	maxAuditList   = 20
)

// fit fills e's detail and cuts its columns to their sizes.
func fit(e *models.AuditEntry, detail any) {
	e.Actor = cut(e.Actor, 100)
	e.Action = cut(e.Action, 64)
	e.EntityType = cut(e.EntityType, 64)
	e.EntityID = cut(e.EntityID, 128)
	e.Detail = bounded(detail)
}

// bounded is detail as JSON, at most maxDetailBytes: strings past
// maxAuditString bytes and lists past maxAuditList items are cut (saying
// how much was left out); a detail still too large keeps its keys only.
func bounded(detail any) string {
	// A detail of JSON's own Go types (a mutation's arguments are) is cut
	// as it is; any other goes through JSON first to get them.
	v, plain := shrunk(detail)
	var raw []byte
	if !plain {
		var err error
		if raw, err = json.Marshal(detail); err != nil {
			return `{}`
		}
		var generic any
		if json.Unmarshal(raw, &generic) != nil {
			return `{}`
		}
		v, _ = shrunk(generic)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return `{}`
	}
	if len(b) <= maxDetailBytes {
		return string(b)
	}
	if raw == nil {
		raw, _ = json.Marshal(detail)
	}
	keys := []string{}
	if m, ok := v.(map[string]any); ok {
		for k := range m {
			keys = append(keys, cut(k, 64))
		}
		sort.Strings(keys)
	}
	b, _ = json.Marshal(map[string]any{"truncated": fmt.Sprintf("a detail of %d bytes, past the %d an entry keeps", len(raw), maxDetailBytes), "keys": keys})
	return string(b)
}

// shrunk is v with strings past maxAuditString and lists past
// maxAuditList cut; plain is false when v holds a type other than JSON's
// own (string, bool, number, nil, []any, map[string]any).
func shrunk(v any) (out any, plain bool) {
	switch x := v.(type) {
	case string:
		return cut(x, maxAuditString), true
	case nil, bool, float64, float32, int, int32, int64, uint, uint32, uint64, json.Number:
		return x, true
	case []any:
		l := make([]any, 0, min(len(x), maxAuditList+1))
		plain = true
		for i, e := range x {
			if i == maxAuditList {
				l = append(l, fmt.Sprintf("... %d more", len(x)-maxAuditList))
				break
			}
			s, ok := shrunk(e)
			plain = plain && ok
			l = append(l, s)
		}
		return l, plain
	case map[string]any:
		m := make(map[string]any, len(x))
		plain = true
		for k, e := range x {
			s, ok := shrunk(e)
			plain = plain && ok
			m[cut(k, 64)] = s
		}
		return m, plain
	}
	return v, false
}

// cut keeps s's first n bytes (whole characters), saying how many it
// left out.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	tail := fmt.Sprintf("...(%d bytes)", len(s))
	keep := max(0, n-len(tail))
	for keep > 0 && !utf8.RuneStart(s[keep]) {
		keep--
	}
	return s[:keep] + tail
}

// AuditFilter narrows the audit log: empty fields match everything; Since
// and Until (zero: open) bound the entries' times, Since included, Until
// not.
type AuditFilter struct {
	Actor, EntityType, EntityID, Action string
	Since, Until                        time.Time
}

// List returns up to first entries, newest first, after the cursor, and
// whether there are more.
func (a *Auditor) List(ctx context.Context, f AuditFilter, first int, after string) ([]models.AuditEntry, bool, error) {
	var before *uint64
	if after != "" {
		id, err := models.DecodeCursor(after)
		if err != nil {
			return nil, false, models.FieldError(models.CodeInvalidInput, []string{"after"}, "invalid cursor")
		}
		before = &id
	}
	out, err := a.entries(ctx, f, before, first+1)
	if err != nil {
		return nil, false, models.Unavailable("auth.AuditLog", err)
	}
	more := len(out) > first
	if more {
		out = out[:first]
	}
	return out, more, nil
}
