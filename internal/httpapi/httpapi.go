// Package httpapi is coupond's HTTP edge outside GraphQL itself: the
// middleware that turns credentials into a principal in the context
// (session cookie, API key, shopper token), the session cookie, and the
// CSV downloads of codes and statistics. The domain packages it calls
// return data and errors; status codes, headers, role checks and the
// audit of downloads are decided here.
package httpapi

import (
	"context"

	"github.com/coupond/coupond/models"
)

// Auditor records downloads (*auth.Auditor).
type Auditor interface {
	Write(ctx context.Context, e *models.AuditEntry, detail any) error
}
