package codes

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/httpx"
	"github.com/coupond/coupond/models"
)

// ExportTTL is how long an export link works.
const ExportTTL = 5 * time.Minute

// ExportPath is where export links point.
const ExportPath = "/export/codes/"

// ExportRoles may download codes.
var ExportRoles = []models.Role{models.RoleOperator, models.RoleAdmin}

// ExportURL returns a link to the CSV of a batch's codes for the caller in
// ctx, valid for ExportTTL and for that caller only; "" when the caller may
// not export or the batch is not fully generated.
func (s *Service) ExportURL(ctx context.Context, b *models.CodeBatch) string {
	p := auth.FromContext(ctx)
	if s.keys == nil || b.Status != models.JobCompleted || !p.Has(ExportRoles...) {
		return ""
	}
	exp := strconv.FormatInt(s.o.Now().Add(ExportTTL).Unix(), 10)
	id := strconv.FormatUint(b.ID, 10)
	q := url.Values{"exp": {exp}, "sig": {s.sign(id, exp, p.Key())}}
	return ExportPath + id + "?" + q.Encode()
}

// sign binds a link to a batch, an expiry and a principal (auth.Principal.Key).
func (s *Service) sign(id, exp, principal string) string {
	m := hmac.New(sha256.New, s.keys.export)
	fmt.Fprintf(m, "%s\n%s\n%s", id, exp, principal)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Auditor records downloads.
type Auditor interface {
	Write(ctx context.Context, e *models.AuditEntry, detail any) error
}

// ExportHandler serves ExportPath{id}: the batch's codes as CSV (UTF-8 with
// a BOM, so spreadsheets read it right), streamed in sequence order. The
// caller must be authenticated (auth.Middleware runs first), hold an
// export role, and be the one the link was signed for, before it expires.
// Every download is audited before the first byte.
func (s *Service) ExportHandler(audit Auditor) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id := strings.TrimPrefix(r.URL.Path, ExportPath)
		exp := r.URL.Query().Get("exp")
		p := auth.FromContext(ctx)
		switch {
		case s.keys == nil:
			http.Error(w, "codes are not configured on this server", http.StatusServiceUnavailable)
			return
		case p == nil:
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		case !p.Has(ExportRoles...):
			http.Error(w, "exporting codes needs the OPERATOR or ADMIN role", http.StatusForbidden)
			return
		}
		unix, err := strconv.ParseInt(exp, 10, 64)
		if err != nil || !hmac.Equal([]byte(r.URL.Query().Get("sig")), []byte(s.sign(id, exp, p.Key()))) {
			http.Error(w, "this export link is not valid for you", http.StatusForbidden)
			return
		}
		if s.o.Now().Unix() > unix {
			http.Error(w, "this export link has expired: ask for a new one", http.StatusGone)
			return
		}
		b, err := s.Batch(ctx, id)
		if err != nil {
			http.Error(w, "no such code batch", http.StatusNotFound)
			return
		}
		c, err := s.engine.Get(ctx, idStr(b.CouponID))
		if err != nil {
			http.Error(w, "the batch's coupon cannot be read now", http.StatusServiceUnavailable)
			return
		}
		if audit != nil {
			if err := audit.Write(ctx, &models.AuditEntry{At: s.o.Now().UTC(), Actor: p.Actor(), Action: "exportCodes",
				EntityType: "CodeBatch", EntityID: id}, map[string]any{"count": b.Generated}); err != nil {
				http.Error(w, "the audit log cannot be written now", http.StatusServiceUnavailable)
				return
			}
		}
		out := httpx.NewCSV(w, fmt.Sprintf("codes-%s-batch-%s.csv", idStr(b.CouponID), id), "code", "coupon_id", "coupon_name", "batch_id", "redeemed")
		_ = s.writeCSV(ctx, out, b, c)
	})
}

// exportPage is how many codes one query reads.
const exportPage = 5000

func (s *Service) writeCSV(ctx context.Context, out *httpx.CSV, b *models.CodeBatch, c *models.Coupon) error {
	coder := s.keys.Coder()
	couponID, batchID := idStr(c.ID), idStr(b.ID)
	after := int64(-1)
	for {
		var rows []models.RedeemCode
		if err := s.primary(ctx).Select("seq, sealed, redeemed_by").Where("batch_id = ? AND seq > ?", b.ID, after).
			Order("seq").Limit(exportPage).Find(&rows).Error; err != nil {
			return err
		}
		for _, rc := range rows {
			redeemed := "no"
			if rc.RedeemedBy != nil {
				redeemed = "yes"
			}
			out.Row(coder.Open(b.Prefix, b.Length, rc.Sealed), couponID, c.Name, batchID, redeemed)
		}
		if err := out.Flush(); err != nil {
			return err
		}
		if len(rows) < exportPage {
			return nil
		}
		after = rows[len(rows)-1].Seq
	}
}
