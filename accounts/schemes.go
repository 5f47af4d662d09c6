// Package accounts lists the session schemes every host registers besides
// the vault's built-in "local" one, so the browser module and the server
// host offer the same schemes.
package accounts

import (
	"github.com/sessionsigner/sessionsigner/accounts/abstract"
	"github.com/sessionsigner/sessionsigner/accounts/smartsessions"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Schemes returns a fresh instance of each account scheme.
func Schemes() []scheme.Scheme {
	return []scheme.Scheme{
		abstract.New(),
		smartsessions.New(),
	}
}
