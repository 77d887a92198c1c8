package resolvers

import (
	"errors"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/models"
)

// userErrors splits a service error: business refusals become userErrors
// for the payload; request-level failures (UNAVAILABLE, INTERNAL, ...) are
// returned as the GraphQL error.
func userErrors(err error) ([]*gqlmodel.UserError, error) {
	if err == nil {
		return []*gqlmodel.UserError{}, nil
	}
	var es models.Errors
	if errors.As(err, &es) {
		out := make([]*gqlmodel.UserError, len(es))
		for i, e := range es {
			out[i] = toUserError(e)
		}
		return out, nil
	}
	var e *models.Error
	if errors.As(err, &e) && !e.Code.RequestLevel() && e.Code != models.CodeUnauthenticated {
		return []*gqlmodel.UserError{toUserError(e)}, nil
	}
	return nil, err
}

func toUserError(e *models.Error) *gqlmodel.UserError {
	return &gqlmodel.UserError{Field: e.Field, Message: e.Message, Code: gqlmodel.ErrorCode(e.Code)}
}

// notYet answers a contract field whose capability is not built yet.
func notYet(field string) error {
	return &models.Error{Code: models.CodeUnavailable, Message: field + " is not available in this version of coupond yet"}
}

// claimRefused answers a refused claim: a business refusal as a userError
// in the payload, anything else as the GraphQL error.
func claimRefused(err error) (*gqlmodel.ClaimPayload, error) {
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	return &gqlmodel.ClaimPayload{UserErrors: ues}, nil
}
