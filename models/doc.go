// Package models holds coupond's domain: the gorm models of the meta database
// and of the user shards, their enums, the one error type that carries the
// contract's error codes, and the validation of operator input.
//
// It imports no transport and no store: internal/store persists these types,
// internal/coupon and friends apply the rules, resolvers/ maps them to GraphQL.
package models
