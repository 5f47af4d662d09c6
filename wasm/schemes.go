//go:build js && wasm

package main

import (
	"github.com/sessionsigner/sessionsigner/accounts/abstract"
	"github.com/sessionsigner/sessionsigner/accounts/smartsessions"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// schemes are registered in every vault besides the built-in "local" one.
func schemes() []scheme.Scheme {
	return []scheme.Scheme{
		abstract.New(),
		smartsessions.New(),
	}
}
