//go:build js && wasm

package main

import (
	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// schemes are registered in every vault besides the built-in "local" one.
func schemes() []scheme.Scheme { return accounts.Schemes() }
