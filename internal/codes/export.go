package codes

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/models"
)

// ExportTTL is how long an export link works.
const ExportTTL = 5 * time.Minute

// ExportPath is where export links point (internal/httpapi serves it).
const ExportPath = "/export/codes/"

// ExportRoles may download codes.
var ExportRoles = []models.Role{models.RoleOperator, models.RoleAdmin}

// Why CheckExportLink refuses a link.
var (
	ErrLinkInvalid = errors.New("codes: the export link is not valid for this caller")
	ErrLinkExpired = errors.New("codes: the export link has expired")
)

// Enabled reports whether codes are configured (a code secret is set).
func (s *Service) Enabled() bool { return s.keys != nil }

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

// CheckExportLink checks the query of an ExportURL link to batch id, for p:
// ErrLinkInvalid unless it was signed for that batch, expiry and principal;
// ErrLinkExpired past its expiry; ErrNoSecret when codes are not
// configured.
func (s *Service) CheckExportLink(id string, q url.Values, p *auth.Principal) error {
	if s.keys == nil {
		return ErrNoSecret
	}
	exp := q.Get("exp")
	unix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || !hmac.Equal([]byte(q.Get("sig")), []byte(s.sign(id, exp, p.Key()))) {
		return ErrLinkInvalid
	}
	if s.o.Now().Unix() > unix {
		return ErrLinkExpired
	}
	return nil
}

// sign binds a link to a batch, an expiry and a principal (auth.Principal.Key).
func (s *Service) sign(id, exp, principal string) string {
	m := hmac.New(sha256.New, s.keys.export)
	fmt.Fprintf(m, "%s\n%s\n%s", id, exp, principal)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// BatchCoupon returns the coupon batch b belongs to.
func (s *Service) BatchCoupon(ctx context.Context, b *models.CodeBatch) (*models.Coupon, error) {
	return s.engine.Get(ctx, idStr(b.CouponID))
}

// ExportedCode is one code of a batch, in clear.
type ExportedCode struct {
	Code     string
	Redeemed bool
}

// exportPage is how many codes one query reads.
const exportPage = 5000

// ExportCodes calls page with batch b's codes in sequence order, a page of
// up to a few thousand at a time, until they are all read, page fails or a
// read does. Codes must be configured (Enabled).
func (s *Service) ExportCodes(ctx context.Context, b *models.CodeBatch, page func([]ExportedCode) error) error {
	coder := s.keys.Coder()
	out := make([]ExportedCode, 0, exportPage)
	after := int64(-1)
	for {
		rows, err := s.codesAfter(ctx, b.ID, after, exportPage)
		if err != nil {
			return err
		}
		out = out[:0]
		for _, rc := range rows {
			out = append(out, ExportedCode{Code: coder.Open(b.Prefix, b.Length, rc.Sealed), Redeemed: rc.RedeemedBy != nil})
		}
		if err := page(out); err != nil {
			return err
		}
		if len(rows) < exportPage {
			return nil
		}
		after = rows[len(rows)-1].Seq
	}
}
