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

// LegacyUserCouponID is the public id of a row of the monolith's user
// coupon table, as read during a migration ("ucl_<legacy id>_<base64url(user
// id)>"); it stays valid once the row is in coupond.
func LegacyUserCouponID(userID string, legacyID int64) string {
	return "ucl_" + strconv.FormatInt(legacyID, 10) + "_" + base64.RawURLEncoding.EncodeToString([]byte(userID))
}

// UserCouponRef is a parsed public user coupon id: a coupond row (ID) or a
// row of the monolith's table (LegacyID, when Legacy).
type UserCouponRef struct {
	UserID   string
	ID       uint64
	LegacyID int64
	Legacy   bool
}

// ParseUserCouponRef reads an id made by UserCouponID or
// LegacyUserCouponID. Returns NOT_FOUND for anything else.
func ParseUserCouponRef(s string) (UserCouponRef, error) {
	if rest, ok := strings.CutPrefix(s, "ucl_"); ok {
		if num, enc, ok := strings.Cut(rest, "_"); ok {
			if n, err := strconv.ParseInt(num, 10, 64); err == nil && n > 0 {
				if u, err := base64.RawURLEncoding.DecodeString(enc); err == nil && len(u) > 0 {
					return UserCouponRef{UserID: string(u), LegacyID: n, Legacy: true}, nil
				}
			}
		}
		return UserCouponRef{}, Errorf(CodeNotFound, "user coupon %q not found", s)
	}
	u, id, err := ParseUserCouponID(s)
	return UserCouponRef{UserID: u, ID: id}, err
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
