package session_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/session"
)

// Duplicate and case-mismatched members, in stored bytes and in requests.

// dupFirst repeats a document's first member (`{"v":1,…` → `{"v":1,"v":1,…`).
func dupFirst(b []byte) []byte {
	i := bytes.IndexByte(b, ',')
	return append(append(append([]byte{}, b[:i+1]...), b[1:i+1]...), b[i+1:]...)
}

func tamperRecord(schemeName string, edit func([]byte) []byte) func(e *tblEnv) {
	return func(e *tblEnv) { e.tamper(keystore.RecordPrefix+e.ids[schemeName], edit) }
}

func replaceOnce(old, new string) func([]byte) []byte {
	return func(b []byte) []byte {
		if !bytes.Contains(b, []byte(old)) {
			panic("tamper: " + old + " not in " + string(b))
		}
		return bytes.Replace(b, []byte(old), []byte(new), 1)
	}
}

func storedCase(name, schemeName string, edit func([]byte) []byte) tblCase {
	return tblCase{name: name, tamper: tamperRecord(schemeName, edit), code: cCorrupt,
		do: func(e *tblEnv) error { return e.sign(schemeName, hashReqFor(schemeName)) }}
}

// hashReqFor is a request each scheme would otherwise get to (the record is
// read before the request type is looked at).
func hashReqFor(string) string {
	return `{"type":"hash","hash":"0x` + strings.Repeat("ab", 32) + `"}`
}

func TestBadInputStrictJSON(t *testing.T) {
	reopen := func(e *tblEnv) error {
		v, err := session.Open(context.Background(), session.Options{Store: e.store, KDF: keystore.MinKDF,
			Schemes: accounts.Schemes(), Now: tblNowFunc})
		if err != nil {
			return err
		}
		return v.Unlock(context.Background(), tblSecret)
	}
	cases := []tblCase{
		// stored records and header
		storedCase("record: first member twice", "local", dupFirst),
		storedCase("record: status twice (revoked, then active)", "local", replaceOnce(`"status":"active"`, `"status":"revoked","status":"active"`)),
		storedCase("record: STATUS in another case", "abstract", replaceOnce(`"status":`, `"STATUS":`)),
		storedCase("record: chainId in another case", "smartsessions", replaceOnce(`"chainId":`, `"ChainId":`)),
		storedCase("record: config member twice", "local", replaceOnce(`"config":{`, `"config":{"messages":true,`)),
		storedCase("record: abstract config member in another case", "abstract", replaceOnce(`"feeLimit"`, `"FeeLimit"`)),
		storedCase("record: smartsessions config member twice", "smartsessions", replaceOnce(`"config":{`, `"config":{"account":"0x2222222222222222222222222222222222222222",`)),
		storedCase("record: chainId 011124", "local", replaceOnce(`"chainId":"11124"`, `"chainId":"011124"`)),
		{name: "header: first member twice", tamper: func(e *tblEnv) { e.tamper(keystore.HeaderKey, dupFirst) }, do: reopen, code: cCorrupt},
		{name: "header: member in another case", tamper: func(e *tblEnv) { e.tamper(keystore.HeaderKey, replaceOnce(`"v":`, `"V":`)) }, do: reopen, code: cCorrupt},
		// create requests
		createCase("create: maxTotalValue twice (small, then huge)", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":"1","maxTotalValue":"1000000000000000000"`, 1), cBadConfig),
		createCase("create: SCHEME", strings.Replace(tblLocal, `"scheme"`, `"SCHEME"`, 1), cBadConfig),
		createCase("create: chainId twice", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"1","chainId":"11124"`, 1), cBadConfig),
		createCase("create: abstract MaxValuePerUse", strings.Replace(tblAbstract(""), `"maxValuePerUse"`, `"MaxValuePerUse"`, 1), cBadConfig),
		createCase("create: abstract limit twice", strings.Replace(tblAbstract(""), `"limit":"10000000000000000"`, `"limit":"1","limit":"10000000000000000"`, 1), cBadConfig),
		createCase("create: smartsessions Amount", strings.Replace(tblSmart(`"1000"`), `"amount"`, `"Amount"`, 1), cBadConfig),
		createCase("create: abstract unknown top-level field", strings.Replace(tblAbstract(""), `"account":`, `"acount":"0x1",`+`"account":`, 1), cBadConfig),
		createCase("create: local vault field inside an allow entry", strings.Replace(tblLocal, `"allow":[{`, `"allow":[{"chainId":"1",`, 1), cBadConfig),
		createCase("create: smartsessions scheme inside an action", strings.Replace(tblSmart(`"1000"`), `"actions":[{`, `"actions":[{"scheme":"local",`, 1), cBadConfig),
		createCase("create: smartsessions condition twice", strings.Replace(tblSmart(`"1000"`), `"condition":"equal"`, `"condition":"greaterThan","condition":"equal"`, 1), cBadConfig),
		// sign requests
		signCase("sign: TYPE", "local", `{"TYPE":"hash","hash":"0x`+strings.Repeat("ab", 32)+`"}`, cBadRequest, ""),
		signCase("sign: local value twice (0, then 1 ETH)", "local", localTx(`,"to":"`+tblFriend+`","value":"0","value":"1000000000000000000"`), cBadRequest, ""),
		signCase("sign: abstract to twice", "abstract", abstractTx(`,"to":"`+tblFriend+`"`), cBadRequest, ""),
		signCase("sign: abstract typed data message value twice", "abstract", strings.Replace(abstractTyped(`"0"`), `"value":"0"`, `"value":"0","value":"1000000000000000000"`, 1), cBadRequest, ""),
		signCase("sign: smartsessions callData twice", "smartsessions", strings.Replace(smartOp(tblShop, "1"), `"callData"`, `"callData":"0x","callData"`, 1), cBadRequest, ""),
		signCase("sign: typed data domain chainId twice", "local", tdOrder(tblNFT, "1,\"chainId\":11124", "16"), cBadRequest, ""),
	}
	runTable(t, cases)
}
