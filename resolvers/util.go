package resolvers

import "strconv"

// deref is *p, or T's zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func idString(id uint64) string { return strconv.FormatUint(id, 10) }
