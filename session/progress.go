package session

// deriveMeter reports the "derive-key" stage of one operation as Argon2id
// slices done of a total fixed before the first derivation (keystore's
// Header.Steps and Secret.Steps): 0 of total first, one report per
// slice, and total when the operation succeeds, even if it stopped short of
// the announced most (the first of several candidate slots opened). Done
// never goes back, so a page can draw it as a bar. An operation without
// Argon2id (full-entropy secrets) reports nothing.
type deriveMeter struct {
	v           *Vault
	done, total int
}

// deriving starts a meter of total steps (reporting 0 of total).
func (v *Vault) deriving(total int) *deriveMeter {
	m := &deriveMeter{v: v, total: total}
	if total > 0 {
		v.progress("derive-key", 0, total)
	}
	return m
}

// with returns s reporting its Argon2id slices to m.
func (m *deriveMeter) with(s Secret) Secret {
	if m.total > 0 {
		s.Step = m.step
	}
	return s
}

func (m *deriveMeter) step() {
	if m.done < m.total {
		m.done++
		m.v.progress("derive-key", m.done, m.total)
	}
}

// finish reports the total once the derivations are over.
func (m *deriveMeter) finish() {
	if m.done < m.total {
		m.done = m.total
		m.v.progress("derive-key", m.done, m.total)
	}
}
