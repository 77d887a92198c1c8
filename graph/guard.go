package graph

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/httpx"
	"github.com/coupond/coupond/models"
)

// uploadRoles may send multipart requests: the only mutations that take a
// file (importUserTags, createIssuanceJob with a file audience) are
// OPERATOR's.
var uploadRoles = []models.Role{models.RoleOperator}

// guard bounds what a request may send before gqlgen reads any of it:
//
//   - a JSON body is read here, up to BodyBytes, and must be a JSON
//     object: larger is 413, anything else (an array, a string) 400, both
//     BAD_USER_INPUT, and neither is echoed or logged;
//   - a multipart body (an upload) is refused unread, 401 or 403, when the
//     caller may not use an upload mutation, and 413 when its declared
//     length passes UploadBytes (gqlgen's transport stops reading a
//     chunked one there; files past 1 MiB are spooled to temporary files,
//     not held in memory).
func guard(next http.Handler, l Limits) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt == "multipart/form-data" {
			if err := auth.Require(r.Context(), uploadRoles...); err != nil {
				status, msg := http.StatusForbidden, "uploads need the OPERATOR role"
				if models.ErrorCode(err) == models.CodeUnauthenticated {
					status, msg = http.StatusUnauthorized, "authentication required: uploads need the OPERATOR role"
				}
				httpx.WriteError(w, status, string(models.ErrorCode(err)), msg)
				return
			}
			if r.ContentLength > l.UploadBytes {
				tooLarge(w, "an upload", l.UploadBytes)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > l.BodyBytes {
			tooLarge(w, "a request body", l.BodyBytes)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, l.BodyBytes+1))
		if err != nil {
			httpx.WriteError(w, http.StatusBadRequest, string(models.CodeBadUserInput), "the request body could not be read")
			return
		}
		if int64(len(body)) > l.BodyBytes {
			tooLarge(w, "a request body", l.BodyBytes)
			return
		}
		if mt == "application/json" {
			if t := bytes.TrimLeft(body, " \t\r\n"); len(t) == 0 || t[0] != '{' {
				httpx.WriteError(w, http.StatusBadRequest, string(models.CodeBadUserInput),
					`the request body must be a JSON object: {"query": "...", "variables": {...}}`)
				return
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

func tooLarge(w http.ResponseWriter, what string, limit int64) {
	httpx.WriteError(w, http.StatusRequestEntityTooLarge, string(models.CodeBadUserInput),
		fmt.Sprintf("%s may be at most %s", what, sizeText(limit)))
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
