package codes

import (
	"context"
	"errors"
	"time"

	"github.com/coupond/coupond/internal/coalesce"
)

// Redemptions in flight share their round trips to the meta database, as
// claims do (internal/coupon, shared_trips.go): the codes typed while an
// earlier lookup is out are looked up by one SELECT, and the marks of codes
// of one batch made while an earlier mark is out go in one transaction
// (one query on MySQL) with one count on the batch, whose row every
// redemption of the batch updates and would otherwise take in turn, one
// commit each. A lone redemption goes at once (coalesce.Group: no timer).
// Each keeps its own answer: a code someone else marked first loses alone.

// Round trips that may be out at once: lookups are reads and may overlap;
// the marks of one batch all update its row, so one at a time.
const (
	findsInFlight = 1
	marksInFlight = 1 // per batch
)

// errUnanswered is the outcome of a call its shared round trip never
// answered (it panicked).
var errUnanswered = errors.New("codes: shared round trip gave no answer")

// findCall is a redemption's lookup of the code it was given.
type findCall struct {
	ctx    context.Context
	lookup []byte
	found  *storedCode
	err    error
}

// markCall is a redemption's mark of its code.
type markCall struct {
	ctx context.Context
	rc  *storedCode
	r   RedeemRequest
	now time.Time
	won bool
	err error
}

func (s *Service) shareTrips() {
	s.finds = coalesce.New(coalesce.Options{InFlight: findsInFlight, Observe: coalesce.Observe("code-find")}, s.findGroup)
	s.marks = coalesce.New(coalesce.Options{InFlight: marksInFlight, MaxBatch: 128, Observe: coalesce.Observe("code-mark")}, s.markGroup)
}

// codeByLookup returns the stored code of lookup with its batch's coupon
// and state, or nil when there is none, in one SELECT with the other
// lookups in flight.
func (s *Service) codeByLookup(ctx context.Context, lookup []byte) (*storedCode, error) {
	call := &findCall{ctx: ctx, lookup: lookup, err: errUnanswered}
	s.finds.Do(struct{}{}, call)
	return call.found, call.err
}

func (s *Service) findGroup(_ struct{}, calls []*findCall) {
	lookups := make([][]byte, len(calls))
	for i, c := range calls {
		lookups[i] = c.lookup
	}
	ctx, cancel := sharedCtx(calls[0].ctx)
	defer cancel()
	found, err := s.codesByLookup(ctx, lookups)
	for _, c := range calls {
		c.found, c.err = found[string(c.lookup)], err
	}
}

// markRedeemed records (user, requestId) on rc if it is unredeemed and
// counts it on its batch, in one transaction with the other marks of the
// batch in flight; won is false when rc was redeemed already.
func (s *Service) markRedeemed(ctx context.Context, rc *storedCode, r RedeemRequest, now time.Time) (won bool, err error) {
	call := &markCall{ctx: ctx, rc: rc, r: r, now: now, err: errUnanswered}
	s.marks.Do(rc.BatchID, call)
	return call.won, call.err
}

func (s *Service) markGroup(batchID uint64, calls []*markCall) {
	ctx, cancel := sharedCtx(calls[0].ctx)
	defer cancel()
	won, err := s.markCodes(ctx, batchID, calls)
	for i, c := range calls {
		c.err = err
		if err == nil {
			c.won = won[i]
		}
	}
}

// sharedCtx is the context of a shared round trip: the values of its first
// caller's, without its end (the others wait on the trip too), bounded.
func sharedCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), sharedTripTimeout)
}

// sharedTripTimeout bounds a shared round trip whose callers have all
// given up waiting.
const sharedTripTimeout = 10 * time.Second
