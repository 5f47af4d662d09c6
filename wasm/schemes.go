//go:build js && wasm

package main

import (
	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// schemes are registered in every vault: all of this module's (the vault
// itself knows none by name).
func schemes() []scheme.Scheme { return accounts.Schemes() }
