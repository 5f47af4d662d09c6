package keystore

// Progress steps: each Argon2id slice a header operation runs calls the
// secret's Step once (KDFParams.Steps per derivation). A caller that shows
// progress fixes the total before the first derivation with the functions
// below, counts Step calls, and reports the total when the operation
// returns (it may finish early: the first of several candidate slots opens).

// OpenSteps is the most steps Open(s, now) can take: one derivation per
// slot it may try, as Open chooses them.
func (h *Header) OpenSteps(s Secret, now int64) int {
	n := 0
	for i := range h.Slots {
		if sl := &h.Slots[i]; sl.matches(s) && !sl.Expired(now) {
			n += sl.steps()
		}
	}
	if h.Rekey != nil && h.Rekey.Slot.matches(s) {
		n += h.Rekey.Slot.steps()
	}
	return n
}

// ReplaceSteps is the most steps replacing the slot old opens with one for
// next takes (ReplaceSlot after Open, or BeginRekey): opening with old, then
// deriving next's key at params raised to the replaced slot's costs.
func (h *Header) ReplaceSteps(old, next Secret, params KDFParams, now int64) int {
	most := 0
	for i := range h.Slots {
		if sl := &h.Slots[i]; sl.matches(old) && !sl.Expired(now) {
			most = max(most, next.Steps(sl.notWeaker(params)))
		}
	}
	return h.OpenSteps(old, now) + most
}

// Steps is how many steps creating a slot for s at params takes: a
// passphrase's Argon2id slices, none for a full-entropy secret.
func (s Secret) Steps(params KDFParams) int {
	if s.Kind != SlotPassphrase {
		return 0
	}
	return params.Steps()
}

// steps is how many steps opening this slot takes.
func (s *Slot) steps() int {
	if s.KDF == nil {
		return 0
	}
	return s.KDF.Steps()
}
