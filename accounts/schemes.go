// Package accounts lists the session schemes this module offers, so that
// every host (the browser module, the server host) registers the same ones.
// The vault itself knows no scheme by name: it offers exactly what its host
// registers in session.Options.Schemes.
package accounts

import (
	"github.com/sessionsigner/sessionsigner/accounts/abstract"
	"github.com/sessionsigner/sessionsigner/accounts/local"
	"github.com/sessionsigner/sessionsigner/accounts/smartsessions"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Schemes returns a fresh instance of each scheme: local (a burner whose
// policy lives only in the vault), abstract and smartsessions.
func Schemes() []scheme.Scheme {
	return []scheme.Scheme{
		local.New(),
		abstract.New(),
		smartsessions.New(),
	}
}
