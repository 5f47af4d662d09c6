package keystore

// Progress steps: each Argon2id slice a header operation runs calls the
// secret's Step once (KDFParams.Steps per derivation). A caller that shows
// progress fixes the total before the first derivation with Header.Steps or
// Secret.Steps, counts Step calls, and reports the total when the operation
// returns (it may finish early: the first of several candidate slots opens).

// Steps is the most steps opening h with open takes (one derivation per
// slot Open may try, as Open chooses them), plus, if next is not nil, the
// most that deriving next's key takes when it replaces the slot that opens
// (ReplaceSlot after Open, or BeginRekey: params raised to that slot's
// costs).
func (h *Header) Steps(open Secret, next *Secret, params KDFParams, now int64) int {
	n, most := 0, 0
	for i := range h.Slots {
		if sl := &h.Slots[i]; sl.matches(open) && !sl.Expired(now) {
			n += sl.steps()
			if next != nil {
				most = max(most, next.Steps(sl.notWeaker(params)))
			}
		}
	}
	if r := h.Rekey; r != nil && r.Slot.matches(open) {
		n += r.Slot.steps()
	}
	return n + most
}

// Steps is how many steps creating a slot for s at params takes: a
// passphrase's Argon2id slices, none for a full-entropy secret.
func (s *Secret) Steps(params KDFParams) int {
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
