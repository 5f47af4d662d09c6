package keystore_test

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// A vault is created once, opened with the user's secret, and seals each
// session's key into that session's record; what is stored is only ever
// the header and the records.
func Example() {
	secret := []byte("the user's passphrase")

	// Create the vault. Real vaults use keystore.DefaultKDF; MinKDF keeps
	// this example fast.
	header, _, err := keystore.NewHeader(rand.Reader, secret, keystore.MinKDF, 1767225600)
	if err != nil {
		panic(err)
	}
	storedHeader, _ := header.Marshal()

	// Later: unlock.
	header, err = keystore.ParseHeader(storedHeader)
	if err != nil {
		panic(err)
	}
	opening, err := header.Open(keystore.Secret{Kind: keystore.SlotPassphrase, Bytes: secret}, time.Now().Unix())
	if err != nil {
		panic(err) // keystore.ErrWrongSecret for a mistyped secret
	}
	opening.Forget() // the slot's KEK; the vault keys stay
	keys := opening.Keys
	defer keys.Wipe()

	// A new session gets a fresh key, sealed into its record.
	sessionKey, _ := crypto.GenerateKey()
	id, _ := keystore.NewRecordID(rand.Reader)
	config := json.RawMessage(`{"note":"scheme-owned policy"}`)
	rec := &keystore.Record{
		Version:    keystore.RecordVersion,
		ID:         id,
		Scheme:     "local",
		ChainID:    "1",
		Address:    ethtypes.Address(crypto.PubkeyToAddress(sessionKey.PublicKey)),
		ConfigHash: ethtypes.Hash(crypto.Keccak256Hash(config)),
		CreatedAt:  1767225600,
		ExpiresAt:  1767225600 + 3600,
		Status:     keystore.StatusActive,
		Config:     config,
	}
	if err := rec.SealKey(rand.Reader, keys, crypto.FromECDSA(sessionKey)); err != nil {
		panic(err)
	}
	storedRecord, _ := rec.Marshal()

	// To sign: read the record back and open its key.
	rec, err = keystore.ParseRecord(keystore.RecordPrefix+id, storedRecord)
	if err != nil {
		panic(err)
	}
	priv, err := rec.OpenKey(keys)
	if err != nil {
		panic(err) // keystore.ErrCorruptRecord if the record was altered
	}
	defer keystore.Zero(priv)
	recovered, _ := crypto.ToECDSA(priv)
	fmt.Println("recovered the session key:", ethtypes.Address(crypto.PubkeyToAddress(recovered.PublicKey)) == rec.Address)
	// Output: recovered the session key: true
}
