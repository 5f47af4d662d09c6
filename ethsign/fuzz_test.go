package ethsign

import (
	"errors"
	"testing"
)

// FuzzParseTypedData: any input is either refused with ErrTypedData or
// parsed into a document whose digest is stable across a second parse.
func FuzzParseTypedData(f *testing.F) {
	f.Add([]byte(mailDoc))
	g := newGen(7)
	for _, c := range g.typedDataCases() {
		f.Add([]byte(c.TypedData))
	}
	f.Add([]byte(`{"types":{"N":[{"name":"n","type":"N[]"}]},"primaryType":"N","message":{"n":[{"n":[]}]}}`))
	f.Add([]byte(valueDoc("int8[2][]", `[[-1,"0x7f"]]`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		td, err := ParseTypedData(data)
		if err != nil {
			if !errors.Is(err, ErrTypedData) {
				t.Fatalf("error without identity: %v", err)
			}
			return
		}
		again, err := ParseTypedData(data)
		if err != nil || again.Hash() != td.Hash() {
			t.Fatalf("second parse differs: %v", err)
		}
	})
}

// FuzzParseTx1559: any input is refused with ErrTransaction or parses into a
// transaction that hashes and serializes without error.
func FuzzParseTx1559(f *testing.F) {
	g := newGen(8)
	for _, c := range g.transactionCases() {
		f.Add([]byte(c.Transaction))
	}
	f.Add([]byte(`{"chainId":1}`))
	f.Add([]byte(`{"chainId":"0x1","to":null,"input":"0x","type":2}`))
	sig := make([]byte, 65)
	sig[31], sig[63], sig[64] = 1, 1, 27
	f.Fuzz(func(t *testing.T, data []byte) {
		tx, err := ParseTx1559(data)
		if err != nil {
			if !errors.Is(err, ErrTransaction) {
				t.Fatalf("error without identity: %v", err)
			}
			return
		}
		if _, err := tx.SigningHash(); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Serialize(sig); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParseMessage: refused with ErrMessage or within the size bound.
func FuzzParseMessage(f *testing.F) {
	for _, s := range []string{`"hi"`, `{"raw":"0x00"}`, `""`, `{"raw":"0x"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMessage(data)
		if err != nil {
			if !errors.Is(err, ErrMessage) {
				t.Fatalf("error without identity: %v", err)
			}
			return
		}
		if len(m) > MaxMessageBytes {
			t.Fatalf("message of %d bytes passed", len(m))
		}
		_ = MessageHash(m)
	})
}
