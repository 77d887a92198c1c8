package coupon

import (
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
)

// Filter narrows a coupon list.
type Filter struct {
	Status  []models.CouponStatus
	Channel models.Channel
	Search  string // name contains
	// Campaign, when set, keeps the coupons of that campaign (its id) only.
	Campaign string
	Order    Order // zero: newest first
}

// OrderField is what a coupon list is sorted by.
type OrderField string

const (
	OrderCreated    OrderField = ""            // by id: ids grow with creation
	OrderName       OrderField = "name"        // then id
	OrderStatus     OrderField = "status"      // then id
	OrderTotalStock OrderField = "total_stock" // then id
)

// Order sorts a coupon list; ties are broken by id in the same direction.
type Order struct {
	Field OrderField
	Asc   bool // false: descending
}

// Page is one page of coupons, in the filter's order (newest first by default).
type Page struct {
	Coupons    []models.Coupon
	Cursors    []string // the cursor of each coupon, for "after"
	HasNext    bool
	TotalCount int64
}

// sortValue is the coupon's value of the order's column (not for OrderCreated).
func (o Order) sortValue(c *models.Coupon) string {
	switch o.Field {
	case OrderName:
		return c.Name
	case OrderStatus:
		return string(c.Status)
	case OrderTotalStock:
		return strconv.FormatInt(c.TotalStock, 10)
	}
	return ""
}

// cursor: the plain id cursor when ordered by creation, else the column,
// the value and the id (a cursor of another order is refused).
func (o Order) cursor(c *models.Coupon) string {
	if o.Field == OrderCreated {
		return models.EncodeCursor(c.ID)
	}
	return models.EncodeKeyCursor(string(o.Field) + ":" + strconv.FormatUint(c.ID, 10) + ":" + o.sortValue(c))
}

func (o Order) parseCursor(after string) (value any, id uint64, err error) {
	if o.Field == OrderCreated {
		id, err := models.DecodeCursor(after)
		return nil, id, err
	}
	bad := models.FieldError(models.CodeInvalidInput, []string{"after"}, "invalid cursor")
	key, err := models.DecodeKeyCursor(after)
	if err != nil {
		return nil, 0, err
	}
	parts := strings.SplitN(key, ":", 3)
	if len(parts) != 3 || parts[0] != string(o.Field) {
		return nil, 0, bad
	}
	if id, err = strconv.ParseUint(parts[1], 10, 64); err != nil {
		return nil, 0, bad
	}
	if o.Field == OrderTotalStock {
		n, err := strconv.ParseInt(parts[2], 10, 64)
		if err != nil {
			return nil, 0, bad
		}
		return n, id, nil
	}
	return parts[2], id, nil
}

// List returns up to first coupons after the cursor, in the filter's order
// (newest first by default), with the total matching the filter. Reads go to a replica where there is one.
// Returns INVALID_INPUT for a bad cursor or campaign id.
func (s *Service) List(ctx context.Context, f Filter, first int, after string) (*Page, error) {
	q := s.store.Meta.WithContext(ctx).Model(&models.Coupon{})
	if len(f.Status) > 0 {
		q = q.Where("status IN ?", f.Status)
	}
	if f.Channel != "" {
		q = q.Where("channels LIKE ?", `%"`+string(f.Channel)+`"%`)
	}
	if term := strings.TrimSpace(f.Search); term != "" {
		q = q.Where("LOWER(name) LIKE ? ESCAPE '!'", "%"+escapeLike(strings.ToLower(term))+"%")
	}
	if f.Campaign != "" {
		id, err := strconv.ParseUint(f.Campaign, 10, 64)
		if err != nil {
			return nil, models.FieldError(models.CodeInvalidInput, []string{"filter", "campaignId"}, "invalid campaign id %q", f.Campaign)
		}
		q = q.Where("campaign_id = ?", id)
	}
	var p Page
	if err := q.Session(&gorm.Session{}).Count(&p.TotalCount).Error; err != nil {
		return nil, models.Unavailable("coupon.List", err)
	}
	o := f.Order
	switch o.Field {
	case OrderCreated, OrderName, OrderStatus, OrderTotalStock:
	default:
		return nil, models.FieldError(models.CodeInvalidInput, []string{"orderBy", "field"}, "cannot sort by %q", o.Field)
	}
	cmp, dir := "<", "DESC"
	if o.Asc {
		cmp, dir = ">", "ASC"
	}
	if after != "" {
		v, id, err := o.parseCursor(after)
		if err != nil {
			return nil, err
		}
		if o.Field == OrderCreated {
			q = q.Where("id "+cmp+" ?", id)
		} else {
			col := string(o.Field) // one of the constants: never user text
			q = q.Where("("+col+" "+cmp+" ? OR ("+col+" = ? AND id "+cmp+" ?))", v, v, id)
		}
	}
	if o.Field != OrderCreated {
		q = q.Order(string(o.Field) + " " + dir)
	}
	if err := q.Order("id " + dir).Limit(first + 1).Find(&p.Coupons).Error; err != nil {
		return nil, models.Unavailable("coupon.List", err)
	}
	if len(p.Coupons) > first {
		p.HasNext = true
		p.Coupons = p.Coupons[:first]
	}
	p.Cursors = make([]string, len(p.Coupons))
	for i := range p.Coupons {
		p.Cursors[i] = o.cursor(&p.Coupons[i])
	}
	return &p, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}
