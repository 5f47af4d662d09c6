package keystore

import "fmt"

// Format v1, written by earlier versions, read so their vaults keep opening:
//
//	{
//	  "v": 1,
//	  "createdAt": 1767225600,
//	  "slot": {
//	    "keyId": "<16 hex>",               // names the vault key
//	    "alg": "argon2id",
//	    "kdf": {"memoryKiB": 65536, "time": 3, "threads": 4},
//	    "salt": "<base64, 16 bytes>",
//	    "wrappedKey": "<base64>"           // AD: keyId, alg, kdf, salt
//	  },
//	  "rekey": { ...slot fields..., "oldUnderNew": "<base64>", "newUnderOld": "<base64>" }
//	}
//
// It is read into the v2 shape: one passphrase slot whose id is the v1
// keyId, marked legacy so it opens with v1's associated data. The next
// unlock rewraps it (Upgrade) in the same single header write that v2 needs
// anyway, so a crash leaves either the v1 or the v2 header, both whole.

type slotV1 struct {
	KeyID      string    `json:"keyId"`
	Alg        string    `json:"alg"`
	KDF        KDFParams `json:"kdf"`
	Salt       []byte    `json:"salt"`
	WrappedKey []byte    `json:"wrappedKey"`
}

type rekeyV1 struct {
	slotV1
	OldUnderNew []byte `json:"oldUnderNew"`
	NewUnderOld []byte `json:"newUnderOld"`
}

type headerV1 struct {
	Version   int      `json:"v"`
	CreatedAt int64    `json:"createdAt"`
	Slot      slotV1   `json:"slot"`
	Rekey     *rekeyV1 `json:"rekey,omitempty"`
}

func (s *slotV1) toV2(where string, createdAt int64) (Slot, error) {
	if s.Alg != algArgon2id {
		return Slot{}, fmt.Errorf("%w: vault header: %s.alg %q is not %q", ErrUnsafeKDF, where, s.Alg, algArgon2id)
	}
	kdf := s.KDF
	sl := Slot{ID: s.KeyID, Kind: SlotPassphrase, CreatedAt: createdAt, KDF: &kdf, Salt: s.Salt, WrappedKey: s.WrappedKey, legacy: true}
	if err := sl.check(where); err != nil {
		return Slot{}, err
	}
	return sl, nil
}

func parseHeaderV1(data []byte) (*Header, error) {
	var v1 headerV1
	if err := decodeStrict(data, &v1); err != nil {
		return nil, fmt.Errorf("%w: vault header: %v", ErrCorruptRecord, err)
	}
	slot, err := v1.Slot.toV2("slot", v1.CreatedAt)
	if err != nil {
		return nil, err
	}
	h := &Header{Version: 1, CreatedAt: v1.CreatedAt, KeyID: v1.Slot.KeyID, Slots: []Slot{slot}}
	if r := v1.Rekey; r != nil {
		rs, err := r.slotV1.toV2("rekey", v1.CreatedAt)
		if err != nil {
			return nil, err
		}
		h.Rekey = &RekeySlot{KeyID: r.KeyID, Slot: rs, OldUnderNew: r.OldUnderNew, NewUnderOld: r.NewUnderOld}
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	return h, nil
}
