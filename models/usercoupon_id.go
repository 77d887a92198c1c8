package models

import (
	"encoding/base64"
	"strconv"
	"strings"
	"unicode"
)

// UserCouponID is the public id of a user coupon: it carries the user id so
// that the row can be found in its shard from the id alone
// ("uc_<row id>_<base64url(user id)>").
func UserCouponID(userID string, id uint64) string {
	return "uc_" + strconv.FormatUint(id, 10) + "_" + base64.RawURLEncoding.EncodeToString([]byte(userID))
}

// ParseUserCouponID reads an id made by UserCouponID. Returns NOT_FOUND for
// anything else.
func ParseUserCouponID(s string) (userID string, id uint64, err error) {
	rest, ok := strings.CutPrefix(s, "uc_")
	if ok {
		if num, enc, ok := strings.Cut(rest, "_"); ok {
			if n, err := strconv.ParseUint(num, 10, 64); err == nil {
				if u, err := base64.RawURLEncoding.DecodeString(enc); err == nil && len(u) > 0 {
					return string(u), n, nil
				}
			}
		}
	}
	return "", 0, Errorf(CodeNotFound, "user coupon %q not found", s)
}

// ValidUserID reports whether s can be a user id: 1 to 64 bytes of
// printable characters without spaces.
func ValidUserID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if r <= 0x20 || r == 0x7f || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
