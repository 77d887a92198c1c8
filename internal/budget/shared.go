package budget

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/coalesce"
	"github.com/coupond/coupond/models"
)

// Keeper reserves the charges of uses in flight together, as claims share
// their stock statement (internal/coalesce: no timer, a lone use goes at
// once): reservations of the same budgets on the same day that arrive
// while one is out go in one transaction that spends their sum, so that a
// popular campaign's counter rows are updated once per round trip rather
// than once per use. When the sum does not fit, each is tried alone, in
// arrival order: every use gets its own answer, and the cap holds exactly.
type Keeper struct {
	db *gorm.DB
	g  *coalesce.Group[string, *reserveCall]
}

type reserveCall struct {
	ctx     context.Context
	charges []Charge
	day     string
	err     error
}

var errUnanswered = errors.New("budget: shared reservation gave no answer")

// NewKeeper returns a Keeper of the counters in db (the meta database).
func NewKeeper(db *gorm.DB) *Keeper {
	k := &Keeper{db: db}
	k.g = coalesce.New(coalesce.Options{InFlight: 1, MaxBatch: 128, Observe: coalesce.Observe("budget")}, k.run)
	return k
}

// Reserve is the package's Reserve, shared with the reservations of the
// same budgets in flight. charges must be Merge'd.
func (k *Keeper) Reserve(ctx context.Context, charges []Charge, day string) error {
	if len(charges) == 0 {
		return nil
	}
	owners := make([]string, len(charges))
	for i, c := range charges {
		owners[i] = c.Owner
	}
	call := &reserveCall{ctx: ctx, charges: charges, day: day, err: errUnanswered}
	k.g.Do(day+"|"+strings.Join(owners, "|"), call)
	return call.err
}

func (k *Keeper) run(_ string, calls []*reserveCall) {
	if len(calls) == 1 {
		calls[0].err = Reserve(calls[0].ctx, k.db, calls[0].charges, calls[0].day)
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(calls[0].ctx), 10*time.Second)
	defer cancel()
	sum := make([]Charge, len(calls[0].charges))
	copy(sum, calls[0].charges)
	for _, c := range calls[1:] {
		for i := range sum {
			sum[i].Amount, sum[i].Uses = sum[i].Amount.Add(c.charges[i].Amount), sum[i].Uses+c.charges[i].Uses
		}
	}
	err := Reserve(ctx, k.db, sum, calls[0].day)
	if models.ErrorCode(err) != models.CodeBudgetExhausted {
		for _, c := range calls {
			c.err = err
		}
		return
	}
	// Not all of them fit: each alone, in arrival order.
	for _, c := range calls {
		c.err = Reserve(ctx, k.db, c.charges, c.day)
	}
}
