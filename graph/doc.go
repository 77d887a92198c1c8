// Package graph holds the GraphQL layer: the schema (schema/*.graphqls), the
// code gqlgen generates from it, and what guards it: the @hasRole directive,
// complexity, depth and token limits, the error presenter that turns the
// domain error into the contract's codes, metrics and the audit of mutations;
// and each root field's scope, where the resolvers keep their dataloaders.
package graph

//go:generate go run github.com/99designs/gqlgen generate --config ../gqlgen.yml
