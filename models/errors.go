package models

import (
	"errors"
	"fmt"
	"strings"
)

// Code is an error code of the API contract (ErrorCode), plus the codes that
// only travel as GraphQL errors (UNAUTHENTICATED, UNAVAILABLE, ...).
type Code string

// Business codes: a mutation reports them as userErrors.
const (
	CodeInvalidInput    Code = "INVALID_INPUT"
	CodeNotFound        Code = "NOT_FOUND"
	CodeForbidden       Code = "FORBIDDEN"
	CodeConflict        Code = "CONFLICT"
	CodeInvalidState    Code = "INVALID_STATE"
	CodeNotStarted      Code = "NOT_STARTED"
	CodeEnded           Code = "ENDED"
	CodeInactive        Code = "INACTIVE"
	CodeChannelClosed   Code = "CHANNEL_CLOSED"
	CodeOutOfStock      Code = "OUT_OF_STOCK"
	CodeLimitReached    Code = "LIMIT_REACHED"
	CodeNotEligible     Code = "NOT_ELIGIBLE"
	CodeTooMany         Code = "TOO_MANY"
	CodeBusy            Code = "BUSY"
	CodeCodeInvalid     Code = "CODE_INVALID"
	CodeCodeUsed        Code = "CODE_USED"
	CodeCodeDisabled    Code = "CODE_DISABLED"
	CodeNotUsable       Code = "NOT_USABLE"
	CodeThresholdNotMet Code = "THRESHOLD_NOT_MET"
	CodeNoEligibleItems Code = "NO_ELIGIBLE_ITEMS"
	CodeCurrency        Code = "CURRENCY_MISMATCH"
	CodeRateLimited     Code = "RATE_LIMITED"
	CodeNotCombinable   Code = "NOT_COMBINABLE"
	CodeBudgetExhausted Code = "BUDGET_EXHAUSTED"
)

// Request-level codes: always a GraphQL error with extensions.code.
const (
	CodeUnauthenticated Code = "UNAUTHENTICATED"
	CodeQueryTooComplex Code = "QUERY_TOO_COMPLEX"
	CodeBadUserInput    Code = "BAD_USER_INPUT"
	CodeUnavailable     Code = "UNAVAILABLE"
	CodeInternal        Code = "INTERNAL"
)

// RequestLevel reports whether a code is never a userError: the whole field
// fails with a GraphQL error instead.
func (c Code) RequestLevel() bool {
	switch c {
	case CodeUnauthenticated, CodeQueryTooComplex, CodeBadUserInput, CodeUnavailable, CodeInternal, CodeRateLimited:
		return true
	}
	return false
}

// Error is coupond's one error type. Message is safe to show to the caller;
// Field, when set, is the path into the input that the error is about, e.g.
// ["input", "discount", "percentOff"]. Op names where it arose, for logs.
type Error struct {
	Code    Code
	Message string
	Field   []string
	Op      string
	Err     error // cause, logged, never shown
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(string(e.Code))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a formatted, caller-safe message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an *Error about one input field.
func FieldError(code Code, field []string, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected failure: the cause is logged, the caller sees
// only "internal error".
func Internal(op string, err error) *Error {
	return &Error{Code: CodeInternal, Message: "internal error", Op: op, Err: err}
}

// Unavailable wraps a failure of a backing store (database, Redis) that a
// retry may cure.
func Unavailable(op string, err error) *Error {
	return &Error{Code: CodeUnavailable, Message: "a backing service is unavailable; retry later", Op: op, Err: err}
}

// Errors is a list of field errors from validating one input; it is an error
// when not empty.
type Errors []*Error

func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = strings.Join(e.Field, ".") + ": " + e.Message
	}
	return string(CodeInvalidInput) + ": " + strings.Join(parts, "; ")
}

// Err returns es as an error, or nil when it is empty.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// ErrorCode returns the code of err: the code of an *Error or Errors in its
// chain, INTERNAL for anything else, "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var es Errors
	if errors.As(err, &es) {
		return CodeInvalidInput
	}
	return CodeInternal
}
