//go:build tools

// Package main pins the code generator's version in go.mod.
package main

import _ "github.com/99designs/gqlgen"
