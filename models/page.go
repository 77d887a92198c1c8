package models

import (
	"encoding/base64"
	"strconv"
)

// Paging limits of the contract: lists are Relay connections, first <= 200.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// PageSize checks a connection's `first` argument. Returns INVALID_INPUT
// outside 1..200.
func PageSize(first *int) (int, error) {
	if first == nil {
		return DefaultPageSize, nil
	}
	if *first < 1 || *first > MaxPageSize {
		return 0, FieldError(CodeInvalidInput, []string{"first"}, "first must be between 1 and %d", MaxPageSize)
	}
	return *first, nil
}

// EncodeCursor makes an opaque cursor of a row id.
func EncodeCursor(id uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("id:" + strconv.FormatUint(id, 10)))
}

// DecodeCursor reads a cursor made by EncodeCursor. Returns INVALID_INPUT
// (on field "after") for anything else.
func DecodeCursor(c string) (uint64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil && len(b) > 3 && string(b[:3]) == "id:" {
		if id, err := strconv.ParseUint(string(b[3:]), 10, 64); err == nil {
			return id, nil
		}
	}
	return 0, FieldError(CodeInvalidInput, []string{"after"}, "invalid cursor")
}

// EncodeKeyCursor makes an opaque cursor of a string key.
func EncodeKeyCursor(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("k:" + key))
}

// DecodeKeyCursor reads a cursor made by EncodeKeyCursor. Returns
// INVALID_INPUT (on field "after") for anything else.
func DecodeKeyCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil && len(b) > 2 && string(b[:2]) == "k:" {
		return string(b[2:]), nil
	}
	return "", FieldError(CodeInvalidInput, []string{"after"}, "invalid cursor")
}
