package session

import "github.com/sessionsigner/sessionsigner/scheme"

// builtinSchemes are registered in every vault. TEMPORARY until accounts/local lands.
func builtinSchemes() []scheme.Scheme { return nil }
