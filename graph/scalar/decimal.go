// Package scalar holds the GraphQL scalars that gqlgen does not provide.
package scalar

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/models"
)

// MarshalDecimal writes an exact decimal as a JSON string, e.g. "19.99",
// keeping the decimals it carries ("10.00" stays "10.00").
func MarshalDecimal(d decimal.Decimal) graphql.Marshaler {
	s := d.String()
	if exp := d.Exponent(); exp < 0 {
		s = d.StringFixed(-exp)
	}
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(s)) })
}

// UnmarshalDecimal accepts a JSON string ("19.99") or an integer literal. A
// float in JSON is refused: money never travels as a float.
func UnmarshalDecimal(v any) (decimal.Decimal, error) {
	switch x := v.(type) {
	case string:
		d, err := decimal.NewFromString(x)
		if err != nil {
			return decimal.Decimal{}, bad("Decimal: %q is not a decimal number", x)
		}
		return d, nil
	case float64, float32:
		return decimal.Decimal{}, bad("Decimal: pass money as a string such as \"19.99\", never as a float")
	case json.Number:
		if _, err := x.Int64(); err != nil {
			return decimal.Decimal{}, bad("Decimal: pass %s as a string, e.g. \"%s\"", x, x)
		}
		return decimal.NewFromString(string(x))
	case int:
		return decimal.NewFromInt(int64(x)), nil
	case int64:
		return decimal.NewFromInt(x), nil
	default:
		return decimal.Decimal{}, bad("Decimal: want a string such as \"19.99\"; a float would lose cents")
	}
}

// bad is a malformed scalar: the request fails with BAD_USER_INPUT.
func bad(format string, args ...any) error {
	return &models.Error{Code: models.CodeBadUserInput, Message: fmt.Sprintf(format, args...)}
}
