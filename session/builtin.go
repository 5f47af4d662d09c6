package session

import (
	"github.com/sessionsigner/sessionsigner/accounts/local"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// builtinSchemes are registered in every vault: the local scheme needs no
// on-chain module, so a vault can always make a plain burner session.
func builtinSchemes() []scheme.Scheme { return []scheme.Scheme{local.New()} }
