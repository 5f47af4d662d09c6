package session_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// Local typed data is an allow-list: the table's cases for it.

const (
	tdUSDC   = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
	tdForwd  = "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"
	tdThief  = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
	tdPermit = `"Permit":[{"name":"owner","type":"address"},{"name":"spender","type":"address"},{"name":"value","type":"uint256"},{"name":"nonce","type":"uint256"},{"name":"deadline","type":"uint256"}]`
)

// tdLocalConfig lists an EIP-3009 transfer pinned to the friend, a forwarder
// request pinned to one calldata, and an Order on the NFT contract.
var tdLocalConfig = `{"scheme":"local","chainId":"11124","maxUses":"100","messages":false,"typedData":[
	{"verifyingContract":"` + tdUSDC + `","primaryType":"TransferWithAuthorization","match":{"to":"` + tblFriend + `","value":"1000"}},
	{"verifyingContract":"` + tdForwd + `","primaryType":"ForwardRequest","match":{"to":"` + tdUSDC + `","data":"0x"}},
	{"verifyingContract":"` + tblNFT + `","primaryType":"Order","match":{"amount":"0x10"}}]}`

func tdDoc(domain, types, primary, message string) string {
	return `{"type":"typedData","typedData":{"domain":` + domain + `,"types":{` + types + `},"primaryType":"` + primary + `","message":` + message + `}}`
}

func tdDomain(contract string, chain string) string {
	return `{"name":"x","version":"1","chainId":` + chain + `,"verifyingContract":"` + contract + `"}`
}

const tdAuthTypes = `"TransferWithAuthorization":[{"name":"from","type":"address"},{"name":"to","type":"address"},{"name":"value","type":"uint256"},{"name":"validAfter","type":"uint256"},{"name":"validBefore","type":"uint256"},{"name":"nonce","type":"bytes32"}]`

func tdAuth(to, value string) string {
	return tdDoc(tdDomain(tdUSDC, "11124"), tdAuthTypes, "TransferWithAuthorization",
		`{"from":"`+tblAccount+`","to":"`+to+`","value":"`+value+`","validAfter":"0","validBefore":"99999999999","nonce":"0x`+strings.Repeat("11", 32)+`"}`)
}

const tdFwdTypes = `"ForwardRequest":[{"name":"from","type":"address"},{"name":"to","type":"address"},{"name":"value","type":"uint256"},{"name":"gas","type":"uint256"},{"name":"nonce","type":"uint256"},{"name":"data","type":"bytes"}]`

func tdForward(data string) string {
	return tdDoc(tdDomain(tdForwd, "11124"), tdFwdTypes, "ForwardRequest",
		`{"from":"`+tblAccount+`","to":"`+tdUSDC+`","value":"0","gas":"100000","nonce":"1","data":"`+data+`"}`)
}

const tdOrderTypes = `"Order":[{"name":"maker","type":"address"},{"name":"amount","type":"uint256"}]`

func tdOrder(contract, chain, amount string) string {
	return tdDoc(tdDomain(contract, chain), tdOrderTypes, "Order", `{"maker":"`+tblAccount+`","amount":`+amount+`}`)
}

// withTD creates the typed-data session before the snapshot.
func withTD(e *tblEnv) {
	info, err := e.v.CreateSession(context.Background(), json.RawMessage(tdLocalConfig))
	if err != nil {
		e.t.Fatal(err)
	}
	e.ids["td"] = info.ID
}

func tdCase(name, req, code string) tblCase {
	c := tblCase{name: name, do: func(e *tblEnv) error { return e.sign("td", req) }, code: code, tamper: withTD}
	switch code {
	case cPolicy:
		c.rule = "typedData"
	case "":
		c.changed = "td"
	}
	return c
}

func TestBadInputLocalTypedData(t *testing.T) {
	transferCall := "0xa9059cbb" + strings.Repeat("0", 24) + strings.ToLower(tdThief[2:]) + strings.Repeat("f", 64)
	chainCase := func(name, req string) tblCase {
		c := tdCase(name, req, cPolicy)
		c.rule = "chainId"
		return c
	}
	permitIn := func(contract string) string {
		return tdDoc(tdDomain(contract, "11124"), tdPermit, "Permit",
			`{"owner":"`+tblAccount+`","spender":"`+tdThief+`","value":"1","nonce":"0","deadline":"1"}`)
	}
	cases := []tblCase{
		// signing
		tdCase("EIP-3009 listed and matching signs", tdAuth(tblFriend, "1000"), ""),
		tdCase("EIP-3009 to another payee", tdAuth(tdThief, "1000"), cPolicy),
		tdCase("EIP-3009 another amount", tdAuth(tblFriend, "1001"), cPolicy),
		tdCase("EIP-3009 amount 0x3e8 is the same value", tdAuth(tblFriend, "0x3e8"), ""),
		tdCase("meta-tx carrying transfer(thief) calldata", tdForward(transferCall), cPolicy),
		tdCase("meta-tx with the pinned (empty) calldata", tdForward("0x"), ""),
		tdCase("Order listed, amount matches as 16", tdOrder(tblNFT, "11124", "16"), ""),
		tdCase("Order amount mismatch", tdOrder(tblNFT, "11124", "17"), cPolicy),
		tdCase("Order for another verifyingContract", tdOrder(tdThief, "11124", "16"), cPolicy),
		chainCase("Order on another chain", tdOrder(tblNFT, "1", "16")),
		chainCase("Order with no chainId", tdDoc(`{"name":"x","verifyingContract":"`+tblNFT+`"}`, tdOrderTypes, "Order", `{"maker":"`+tblAccount+`","amount":16}`)),
		tdCase("Order with no verifyingContract", tdDoc(`{"name":"x","chainId":11124}`, tdOrderTypes, "Order", `{"maker":"`+tblAccount+`","amount":16}`), cPolicy),
		tdCase("unlisted primaryType on a listed contract", tdDoc(tdDomain(tblNFT, "11124"), `"Bid":[{"name":"amount","type":"uint256"}]`, "Bid", `{"amount":16}`), cPolicy),
		tdCase("EIP-2612 Permit on a listed contract", permitIn(tblNFT), cPolicy),
		tdCase("EIP-2612 Permit on the USDC contract", permitIn(tdUSDC), cPolicy),
		tdCase("DAI-style Permit", tdDoc(tdDomain(tblNFT, "11124"), `"Permit":[{"name":"holder","type":"address"},{"name":"spender","type":"address"},{"name":"nonce","type":"uint256"},{"name":"expiry","type":"uint256"},{"name":"allowed","type":"bool"}]`,
			"Permit", `{"holder":"`+tblAccount+`","spender":"`+tdThief+`","nonce":"0","expiry":"0","allowed":true}`), cPolicy),
		tdCase("Permit2 PermitSingle nested in a listed Order", tdDoc(tdDomain(tblNFT, "11124"),
			`"Order":[{"name":"maker","type":"address"},{"name":"amount","type":"uint256"},{"name":"permit","type":"PermitSingle"}],"PermitSingle":[{"name":"spender","type":"address"},{"name":"sigDeadline","type":"uint256"}]`,
			"Order", `{"maker":"`+tblAccount+`","amount":16,"permit":{"spender":"`+tdThief+`","sigDeadline":"1"}}`), cPolicy),
		tdCase("Permit2 TokenPermissions nested", tdDoc(tdDomain(tblNFT, "11124"),
			`"Order":[{"name":"maker","type":"address"},{"name":"amount","type":"uint256"},{"name":"p","type":"TokenPermissions"}],"TokenPermissions":[{"name":"token","type":"address"},{"name":"amount","type":"uint256"}]`,
			"Order", `{"maker":"`+tblAccount+`","amount":16,"p":{"token":"`+tdUSDC+`","amount":"1"}}`), cPolicy),
		tdCase("match path the message type does not declare", tdDoc(tdDomain(tblNFT, "11124"), `"Order":[{"name":"maker","type":"address"},{"name":"amt","type":"uint256"}]`, "Order", `{"maker":"`+tblAccount+`","amt":16}`), cPolicy),
		tdCase("typed data uint value 0x-10", tdOrder(tblNFT, "11124", `"0x-10"`), cBadRequest),
		{name: "base local session lists no typed data", do: func(e *tblEnv) error { return e.sign("local", tdOrder(tblNFT, "11124", "16")) }, code: cPolicy, rule: "typedData"},
		// creating
		createCase("typedData: true", `{"scheme":"local","chainId":"11124","typedData":true}`, cBadConfig),
		createCase("EIP-3009 listed without match", `{"scheme":"local","chainId":"11124","typedData":[{"verifyingContract":"`+tdUSDC+`","primaryType":"TransferWithAuthorization"}]}`, cBadConfig),
		createCase("EIP-3009 listed pinning only to", `{"scheme":"local","chainId":"11124","typedData":[{"verifyingContract":"`+tdUSDC+`","primaryType":"ReceiveWithAuthorization","match":{"to":"`+tblFriend+`"}}]}`, cBadConfig),
		createCase("Permit listed", `{"scheme":"local","chainId":"11124","typedData":[{"verifyingContract":"`+tdUSDC+`","primaryType":"Permit"}]}`, cBadConfig),
		createCase("PermitTransferFrom listed", `{"scheme":"local","chainId":"11124","typedData":[{"verifyingContract":"`+tdUSDC+`","primaryType":"PermitTransferFrom"}]}`, cBadConfig),
		createCase("PermitWitnessTransferFrom listed", `{"scheme":"local","chainId":"11124","typedData":[{"verifyingContract":"`+tdUSDC+`","primaryType":"PermitWitnessTransferFrom"}]}`, cBadConfig),
		createCase("match value an object", `{"scheme":"local","chainId":"11124","typedData":[{"verifyingContract":"`+tdUSDC+`","primaryType":"Order","match":{"a":{}}}]}`, cBadConfig),
		createCase("match path with spaces", `{"scheme":"local","chainId":"11124","typedData":[{"verifyingContract":"`+tdUSDC+`","primaryType":"Order","match":{"a b":"1"}}]}`, cBadConfig),
		createCase("typedData entry unknown member", `{"scheme":"local","chainId":"11124","typedData":[{"verifyingContract":"`+tdUSDC+`","primaryType":"Order","chainId":"1"}]}`, cBadConfig),
	}
	runTable(t, cases)
}
