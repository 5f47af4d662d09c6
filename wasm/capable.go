package main

import "github.com/sessionsigner/sessionsigner/keystore"

// storeCore is a store that has every optional method; whether the vault
// may use Add and Replace is decided by capable, from what the JavaScript
// adapter (or the store under a cache) really offers. GetMany is always
// there: without the adapter's getMany it reads a key at a time.
type storeCore interface {
	keystore.Store
	keystore.Adder
	keystore.Replacer
	keystore.ManyGetter
}

// manyStore is what the vault always sees: a store that reads in batches.
type manyStore interface {
	keystore.Store
	keystore.ManyGetter
}

// capable returns s as the vault must see it: a keystore.Adder only if add,
// a keystore.Replacer only if replace. The vault asks store.(keystore.Adder)
// and store.(keystore.Replacer), and must get "no" for a capability the
// adapter lacks (localStorage cannot add atomically; an app's adapter may
// have no replace, and then counted limits are refused).
func capable(s storeCore, add, replace bool) keystore.Store {
	switch {
	case add && replace:
		return s
	case add:
		return struct {
			manyStore
			keystore.Adder
		}{s, s}
	case replace:
		return struct {
			manyStore
			keystore.Replacer
		}{s, s}
	}
	return struct{ manyStore }{s}
}

func isAdder(s keystore.Store) bool {
	_, ok := s.(keystore.Adder)
	return ok
}

func isReplacer(s keystore.Store) bool {
	_, ok := s.(keystore.Replacer)
	return ok
}
