package graph

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/coupond/coupond/models"
)

// presentError turns any resolver error into a GraphQL error carrying the
// contract's extensions.code. Domain errors keep their caller-safe message;
// anything else is logged and shown as INTERNAL with nothing leaked.
func presentError(ctx context.Context, err error) *gqlerror.Error {
	var gerr *gqlerror.Error
	if errors.As(err, &gerr) && gerr.Extensions != nil && gerr.Extensions["code"] != nil && gerr.Err == nil {
		return gerr // already presented (e.g. a scalar's BAD_USER_INPUT)
	}
	out := graphql.DefaultErrorPresenter(ctx, err)
	var e *models.Error
	var es models.Errors
	switch {
	case errors.As(err, &e):
		out.Message = e.Message
		out.Extensions = map[string]any{"code": string(e.Code)}
		if len(e.Field) > 0 {
			out.Extensions["field"] = e.Field
		}
		if e.Code == models.CodeInternal || e.Code == models.CodeUnavailable {
			slog.ErrorContext(ctx, "request failed", "code", e.Code, "err", err, "path", out.Path.String())
		}
	case errors.As(err, &es):
		out.Message = es.Error()
		out.Extensions = map[string]any{"code": string(models.CodeInvalidInput)}
	case strings.Contains(err.Error(), "introspection disabled"):
		out.Message = "introspection is open to ADMIN only (or to everyone in dev mode)"
		out.Extensions = map[string]any{"code": string(models.CodeForbidden)}
	case isInputError(err):
		out.Extensions = map[string]any{"code": string(models.CodeBadUserInput)}
	case isBodyError(err):
		// gqlgen's message quotes the whole body (a password, megabytes):
		// neither answered nor logged.
		out.Message = "the request body is not a GraphQL request: want a JSON object such as {\"query\": \"...\", \"variables\": {...}}"
		out.Extensions = map[string]any{"code": string(models.CodeBadUserInput)}
	default:
		slog.ErrorContext(ctx, "unexpected error", "err", err, "path", out.Path.String())
		out.Message = "internal error"
		out.Extensions = map[string]any{"code": string(models.CodeInternal)}
	}
	return out
}

// isInputError recognises gqlgen's errors about malformed arguments (a bad
// scalar or enum value in a variable or literal): they wrap an unmarshal
// error on an argument path and have no code of their own.
func isInputError(err error) bool {
	var gerr *gqlerror.Error
	if !errors.As(err, &gerr) {
		return false
	}
	return gerr.Rule != "" || (gerr.Extensions != nil && gerr.Extensions["code"] == "GRAPHQL_VALIDATION_FAILED")
}

// isBodyError recognises the transports' errors about a body they could
// not read or decode.
func isBodyError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"json request body could not be decoded", "could not read request body", "could not get form body", "could not cleanup body"} {
		if strings.HasPrefix(msg, p) || strings.Contains(msg, ": "+p) {
			return true
		}
	}
	return false
}

// recoverPanic turns a panic into INTERNAL, logging the cause.
func recoverPanic(ctx context.Context, v any) error {
	slog.ErrorContext(ctx, "panic in resolver", "panic", v)
	return models.Internal("graph", errors.New("panic"))
}

// codes maps the codes gqlgen and gqlparser put on request-level errors to
// the contract's.
var codes = map[string]models.Code{
	"GRAPHQL_PARSE_FAILED":      models.CodeBadUserInput,
	"GRAPHQL_VALIDATION_FAILED": models.CodeBadUserInput,
	"COMPLEXITY_LIMIT_EXCEEDED": models.CodeQueryTooComplex,
	"PERSISTED_QUERY_NOT_FOUND": models.CodeBadUserInput,
	"BAD_REQUEST":               models.CodeBadUserInput,
}

// normaliseCodes rewrites request-level error codes that did not pass
// through the presenter (parse, validation, complexity) and gives every
// error a code. Outside dev mode it also drops the validator's "Did you
// mean ...?" hints (field, argument and enum names), which would map the
// schema for a caller who may not introspect it.
func normaliseCodes(errs gqlerror.List, dev bool) {
	for _, e := range errs {
		if !dev {
			if i := strings.Index(e.Message, " Did you mean"); i >= 0 {
				e.Message = e.Message[:i]
			}
		}
		if e.Extensions == nil {
			e.Extensions = map[string]any{}
		}
		c, _ := e.Extensions["code"].(string)
		if mapped, ok := codes[c]; ok {
			e.Extensions["code"] = string(mapped)
		} else if c == "" {
			e.Extensions["code"] = string(models.CodeBadUserInput)
		}
	}
}
