package main

import "github.com/sessionsigner/sessionsigner/keystore"

// casStore is the storage a server vault needs: a Store that adds and
// compares-and-swaps atomically (the Durable Object store, dostore.go).
//
// Many Worker instances serve one vault at once, each with its own
// session.Vault, so the vault's mutex orders nothing between them. The vault
// writes back every record it read as a keystore.Replacer swap from the
// bytes it read, and decides again when another request wrote first; that
// is what keeps a use limit from being spent twice across instances, and
// why the vault refuses to create counted sessions on a store that cannot
// swap (D1 from syumai/workers, with no transactions, could not).
type casStore interface {
	keystore.Store
	keystore.Adder
	keystore.Replacer
}
