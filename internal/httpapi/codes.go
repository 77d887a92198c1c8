package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/codes"
	"github.com/coupond/coupond/internal/httpx"
	"github.com/coupond/coupond/models"
)

// CodesExport serves codes.ExportPath{id}, the links of codes.ExportURL:
// the batch's codes as CSV (UTF-8 with a BOM, so spreadsheets read it
// right), streamed in sequence order. The caller must be authenticated
// (Authenticate runs first), hold one of codes.ExportRoles, and be the one
// the link was signed for, before it expires. Every download is written
// to audit (nil: none) before the first byte.
func CodesExport(svc *codes.Service, audit Auditor) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id := strings.TrimPrefix(r.URL.Path, codes.ExportPath)
		p := auth.FromContext(ctx)
		switch {
		case !svc.Enabled():
			http.Error(w, "codes are not configured on this server", http.StatusServiceUnavailable)
			return
		case p == nil:
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		case !p.Has(codes.ExportRoles...):
			http.Error(w, "exporting codes needs the OPERATOR or ADMIN role", http.StatusForbidden)
			return
		}
		switch err := svc.CheckExportLink(id, r.URL.Query(), p); {
		case errors.Is(err, codes.ErrLinkExpired):
			http.Error(w, "this export link has expired: ask for a new one", http.StatusGone)
			return
		case err != nil:
			http.Error(w, "this export link is not valid for you", http.StatusForbidden)
			return
		}
		b, err := svc.Batch(ctx, id)
		if err != nil {
			http.Error(w, "no such code batch", http.StatusNotFound)
			return
		}
		c, err := svc.BatchCoupon(ctx, b)
		if err != nil {
			http.Error(w, "the batch's coupon cannot be read now", http.StatusServiceUnavailable)
			return
		}
		if audit != nil {
			if err := audit.Write(ctx, &models.AuditEntry{At: time.Now().UTC(), Actor: p.Actor(), Action: "exportCodes",
				EntityType: "CodeBatch", EntityID: id}, map[string]any{"count": b.Generated}); err != nil {
				http.Error(w, "the audit log cannot be written now", http.StatusServiceUnavailable)
				return
			}
		}
		couponID := strconv.FormatUint(c.ID, 10)
		batchID := strconv.FormatUint(b.ID, 10)
		out := httpx.NewCSV(w, fmt.Sprintf("codes-%s-batch-%s.csv", strconv.FormatUint(b.CouponID, 10), id),
			"code", "coupon_id", "coupon_name", "batch_id", "redeemed")
		_ = svc.ExportCodes(ctx, b, func(page []codes.ExportedCode) error {
			for _, code := range page {
				redeemed := "no"
				if code.Redeemed {
					redeemed = "yes"
				}
				out.Row(code.Code, couponID, c.Name, batchID, redeemed)
			}
			return out.Flush()
		})
	})
}
