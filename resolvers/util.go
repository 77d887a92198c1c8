package resolvers

import "strconv"

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func idString(id uint64) string { return strconv.FormatUint(id, 10) }
