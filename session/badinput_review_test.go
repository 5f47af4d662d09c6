package session_test

import (
	"strings"
	"testing"
)

// Cases added by the adversarial review of issue 9: member names in another
// case inside requests, typed-data domain spellings, and quantities in the
// fields the first tables did not reach.

func TestBadInputReview(t *testing.T) {
	orderIn := func(domain, msg string) string { return tdDoc(domain, tdOrderTypes, "Order", msg) }
	order16 := `{"maker":"` + tblAccount + `","amount":16}`
	dom := func(chain string) string { return tdDomain(tblNFT, chain) }
	withDomainType := func(fields string) string {
		return tdDoc(dom("11124"), `"EIP712Domain":[`+fields+`],`+tdOrderTypes, "Order", order16)
	}
	noChain := func(name, req string) tblCase {
		c := tdCase(name, req, cPolicy)
		c.rule = "chainId"
		return c
	}
	cases := []tblCase{
		// members in another case in requests (issue 9: "SLOT" for "slot")
		signCase("abstract tx envelope Transaction", "abstract", strings.Replace(abstractTx(""), `"transaction":`, `"Transaction":`, 1), cBadRequest, ""),
		signCase("abstract typed data envelope TypedData", "abstract", strings.Replace(abstractTyped(`"0"`), `"typedData":`, `"TypedData":`, 1), cBadRequest, ""),
		signCase("abstract typed data PrimaryType", "abstract", strings.Replace(abstractTyped(`"0"`), `"primaryType":`, `"PrimaryType":`, 1), cBadRequest, ""),
		signCase("abstract typed data Message", "abstract", strings.Replace(abstractTyped(`"0"`), `"message":`, `"Message":`, 1), cBadRequest, ""),
		signCase("abstract tx ValidationHooks", "abstract", strings.Replace(abstractTx(""), `"type":"transaction",`, `"type":"transaction","ValidationHooks":[],`, 1), cBadRequest, ""),
		signCase("abstract tx VALUE inside the transaction", "abstract", abstractTx(`,"VALUE":"1"`), cBadRequest, ""),
		signCase("local typed data PrimaryType", "local", strings.Replace(tdOrder(tblNFT, "11124", "16"), `"primaryType":`, `"PrimaryType":`, 1), cBadRequest, ""),
		signCase("smartsessions CallData", "smartsessions", strings.Replace(smartOp(tblShop, "1"), `"callData":`, `"CallData":`, 1), cBadRequest, ""),
		createCase("abstract create Account", strings.Replace(tblAbstract(""), `"account":`, `"Account":`, 1), cBadConfig),
		createCase("abstract create FeeLimit", strings.Replace(tblAbstract(""), `"feeLimit":`, `"FeeLimit":`, 1), cBadConfig),
		createCase("abstract create CallPolicies besides callPolicies", strings.Replace(tblAbstract(""), `"transferPolicies"`, `"CallPolicies":[],"transferPolicies"`, 1), cBadConfig),
		createCase("abstract mainnet RegistryCheck: false", strings.Replace(strings.Replace(tblAbstract(""), `"chainId":11124`, `"chainId":2741`, 1), `"transferPolicies"`, `"RegistryCheck":false,"transferPolicies"`, 1), cBadConfig),
		createCase("local create MaxTotalValue", strings.Replace(tblLocal, `"maxTotalValue"`, `"MaxTotalValue"`, 1), cBadConfig),
		createCase("local create Allow besides allow", strings.Replace(tblLocal, `"allow"`, `"Allow":[],"allow"`, 1), cBadConfig),
		createCase("local create typedData entry PrimaryType", `{"scheme":"local","chainId":"11124","typedData":[{"verifyingContract":"`+tdUSDC+`","PrimaryType":"Order"}]}`, cBadConfig),
		createCase("smartsessions create Actions besides actions", strings.Replace(tblSmart(`"1000"`), `"actions"`, `"Actions":[],"actions"`, 1), cBadConfig),
		// local typed data: domain spellings
		tdCase("domain chainId as hex string signs", orderIn(dom(`"0x2b74"`), order16), ""),
		tdCase("domain chainId as decimal string signs", orderIn(dom(`"11124"`), order16), ""),
		tdCase("domain chainId 0x-2b74", orderIn(dom(`"0x-2b74"`), order16), cBadRequest),
		tdCase("domain chainId -11124", orderIn(dom(`-11124`), order16), cBadRequest),
		tdCase("domain chainId 011124", orderIn(dom(`"011124"`), order16), cBadRequest),
		tdCase("domain chainId 11124.0", orderIn(dom(`11124.0`), order16), cBadRequest),
		tdCase("domain chainId 1.1124e4", orderIn(dom(`1.1124e4`), order16), cBadRequest),
		tdCase("domain chainId with a space", orderIn(dom(`" 11124"`), order16), cBadRequest),
		tdCase("domain chainId 2^256+11124", orderIn(dom(`"0x10000000000000000000000000000000000000000000000000000000000002b74"`), order16), cBadRequest),
		noChain("domain chainId null", orderIn(`{"name":"x","chainId":null,"verifyingContract":"`+tblNFT+`"}`, order16)),
		tdCase("domain extra undeclared member", orderIn(`{"name":"x","chainId":11124,"verifyingContract":"`+tblNFT+`","chain":1}`, order16), cBadRequest),
		tdCase("domain verifyingContract lower case signs", orderIn(tdDomain(strings.ToLower(tblNFT), "11124"), order16), ""),
		tdCase("domain verifyingContract bad checksum", orderIn(tdDomain("0xc4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA", "11124"), order16), cBadRequest),
		tdCase("domain with a declared salt still needs the rule", orderIn(`{"chainId":11124,"verifyingContract":"`+tdThief+`","salt":"0x`+strings.Repeat("00", 32)+`"}`, order16), cPolicy),
		tdCase("EIP712Domain chainId typed string", withDomainType(`{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"string"},{"name":"verifyingContract","type":"address"}`), cBadRequest),
		tdCase("EIP712Domain without chainId while domain has one", withDomainType(`{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"verifyingContract","type":"address"}`), cBadRequest),
		noChain("EIP712Domain chainid in another case", tdDoc(`{"chainid":11124,"verifyingContract":"`+tblNFT+`"}`, `"EIP712Domain":[{"name":"chainid","type":"uint256"},{"name":"verifyingContract","type":"address"}],`+tdOrderTypes, "Order", order16)),
		tdCase("EIP712Domain VerifyingContract in another case", tdDoc(`{"chainId":11124,"VerifyingContract":"`+tblNFT+`"}`, `"EIP712Domain":[{"name":"chainId","type":"uint256"},{"name":"VerifyingContract","type":"address"}],`+tdOrderTypes, "Order", order16), cPolicy),
		tdCase("EIP712Domain declared twice in another case", tdDoc(dom("11124"), `"EIP712DOMAIN":[{"name":"chainId","type":"uint256"}],`+tdOrderTypes, "Order", order16), ""),
		tdCase("primaryType not in types", tdDoc(dom("11124"), tdOrderTypes, "Bid", order16), cBadRequest),
		tdCase("primaryType order in another case", tdDoc(dom("11124"), tdOrderTypes+`,"order":[{"name":"maker","type":"address"},{"name":"amount","type":"uint256"}]`, "order", order16), cPolicy),
		tdCase("primaryType EIP712Domain", tdDoc(dom("11124"), tdOrderTypes, "EIP712Domain", order16), cPolicy),
		tdCase("Permit reached through an array", tdDoc(dom("11124"), `"Order":[{"name":"maker","type":"address"},{"name":"amount","type":"uint256"},{"name":"p","type":"Permit[]"}],`+tdPermit,
			"Order", `{"maker":"`+tblAccount+`","amount":16,"p":[]}`), cPolicy),
		tdCase("Permit declared but unused", tdDoc(dom("11124"), tdOrderTypes+`,`+tdPermit, "Order", order16), cPolicy),
		tdCase("message amount twice (16, then 17)", orderIn(dom("11124"), `{"maker":"`+tblAccount+`","amount":16,"amount":17}`), cBadRequest),
		tdCase("message amount 0x-10", orderIn(dom("11124"), `{"maker":"`+tblAccount+`","amount":"-0x10"}`), cBadRequest),
		tdCase("message amount 16.0", orderIn(dom("11124"), `{"maker":"`+tblAccount+`","amount":16.0}`), cBadRequest),
		tdCase("message amount 2^256+16", orderIn(dom("11124"), `{"maker":"`+tblAccount+`","amount":"0x10000000000000000000000000000000000000000000000000000000000000010"}`), cBadRequest),
		tdCase("EIP-3009 value 1000 as a JSON number signs", strings.Replace(tdAuth(tblFriend, "1000"), `"value":"1000"`, `"value":1000`, 1), ""),
		tdCase("EIP-3009 value 2^256+1000", tdAuth(tblFriend, "0x100000000000000000000000000000000000000000000000000000000000003e8"), cBadRequest),
		tdCase("EIP-3009 to in lower case signs", tdAuth(strings.ToLower(tblFriend), "1000"), ""),
		tdCase("EIP-3009 with value typed int256", strings.Replace(tdAuth(tblFriend, "1000"), `{"name":"value","type":"uint256"}`, `{"name":"value","type":"int256"}`, 1), ""),
		// quantities in fields the first table did not reach
		signCase("local tx chainId 0x-2b74", "local", strings.Replace(localTx(`,"to":"`+tblFriend+`"`), `"chainId":11124`, `"chainId":"0x-2b74"`, 1), cBadRequest, ""),
		signCase("local tx chainId 2^256+11124", "local", strings.Replace(localTx(`,"to":"`+tblFriend+`"`), `"chainId":11124`, `"chainId":"0x10000000000000000000000000000000000000000000000000000000000002b74"`, 1), cBadRequest, ""),
		signCase("local tx value 1e18 as a JSON number", "local", localTx(`,"to":"`+tblFriend+`","value":1e18`), cBadRequest, ""),
		signCase("local tx value 0.5", "local", localTx(`,"to":"`+tblFriend+`","value":0.5`), cBadRequest, ""),
		signCase("local tx maxPriorityFeePerGas -1", "local", strings.Replace(localTx(`,"to":"`+tblFriend+`"`), `"maxPriorityFeePerGas":"1"`, `"maxPriorityFeePerGas":-1`, 1), cBadRequest, ""),
		signCase("local tx gas 0x-1", "local", strings.Replace(localTx(`,"to":"`+tblFriend+`"`), `"gas":"100000"`, `"gas":"0x-1"`, 1), cBadRequest, ""),
		signCase("abstract typed data maxFeePerGas -1", "abstract", strings.Replace(abstractTyped(`"0"`), `"maxFeePerGas":"25000000"`, `"maxFeePerGas":"-1"`, 1), cBadRequest, ""),
		signCase("abstract typed data nonce 0x-1", "abstract", strings.Replace(abstractTyped(`"0"`), `"nonce":1`, `"nonce":"0x-1"`, 1), cBadRequest, ""),
		signCase("abstract typed data gasLimit 2^256", "abstract", strings.Replace(abstractTyped(`"0"`), `"gasLimit":"100000"`, `"gasLimit":"0x10000000000000000000000000000000000000000000000000000000000000000"`, 1), cBadRequest, ""),
		signCase("abstract typed data domain chainId 0x-2b74", "abstract", strings.Replace(abstractTyped(`"0"`), `"chainId":11124`, `"chainId":"0x-2b74"`, 1), cBadRequest, ""),
		signCase("abstract typed data paymaster negative", "abstract", strings.Replace(abstractTyped(`"0"`), `"paymaster":"0"`, `"paymaster":"-1"`, 1), cBadRequest, ""),
		signCase("abstract typed data value 1e18 as a JSON number", "abstract", abstractTyped(`1e18`), cBadRequest, ""),
		signCase("abstract tx chainId 0x-2b74", "abstract", abstractTx(`,"chainId":"0x-2b74"`), cBadRequest, ""),
		signCase("abstract tx maxFeePerGas 0X17D7840", "abstract", strings.Replace(abstractTx(""), `"maxFeePerGas":"25000000"`, `"maxFeePerGas":"0X17D7840"`, 1), cBadRequest, ""),
		createCase("local maxUses -1", strings.Replace(tblLocal, `"maxTotalValue"`, `"maxUses":"-1","maxTotalValue"`, 1), cBadConfig),
		createCase("local maxUses 0x-1", strings.Replace(tblLocal, `"maxTotalValue"`, `"maxUses":"0x-1","maxTotalValue"`, 1), cBadConfig),
		createCase("local maxUses 2^64", strings.Replace(tblLocal, `"maxTotalValue"`, `"maxUses":"18446744073709551616","maxTotalValue"`, 1), cBadConfig),
		createCase("abstract period -3600", strings.Replace(tblAbstract(""), `"limitType":"Lifetime","limit":"10000000000000000","period":"0"`, `"limitType":"Allowance","limit":"1","period":"-3600"`, 1), cBadConfig),
		createCase("abstract valueLimit limit 0x-1", strings.Replace(tblAbstract(""), `"valueLimit":{"limitType":"Unlimited","limit":"0"`, `"valueLimit":{"limitType":"Lifetime","limit":"0x-1"`, 1), cBadConfig),
		createCase("abstract chainId 0x-2b74", strings.Replace(tblAbstract(""), `"chainId":11124`, `"chainId":"0x-2b74"`, 1), cBadConfig),
		createCase("abstract constraint index -1", strings.Replace(tblAbstract(""), `"constraints":[]`, `"constraints":[{"index":"-1","condition":"Equal","refValue":"0x`+strings.Repeat("00", 32)+`","limit":{"limitType":"Unlimited","limit":"0","period":"0"}}]`, 1), cBadConfig),
		createCase("smartsessions chainId -8453", strings.Replace(tblSmart(`"1000"`), `"chainId":8453`, `"chainId":-8453`, 1), cBadConfig),
		createCase("smartsessions calldataOffset 0x-20", strings.Replace(tblSmart(`"1000"`), `"calldataOffset":"0"`, `"calldataOffset":"0x-20"`, 1), cBadConfig),
		createCase("smartsessions spending limit 0x+10", tblSmart(`"0x+10"`), cBadConfig),
		createCase("smartsessions spending limit \" 10\"", tblSmart(`" 10"`), cBadConfig),
		// expiry
		createCase("expiresAt 1e10", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","expiresAt":1e10`, 1), cBadConfig),
		createCase("expiresAt Infinity string", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","expiresAt":"Infinity"`, 1), cBadConfig),
		createCase("expiresAt in the past", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","expiresAt":1700000000`, 1), cBadConfig),
		createCase("expiresAt null", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","expiresAt":null`, 1), cBadConfig),
		createCase("expiresAt twice (soon, then far)", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","expiresAt":1800000100,"expiresAt":1900000000`, 1), cBadConfig),
		createCase("ExpiresAt in another case", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","ExpiresAt":1800000100`, 1), cBadConfig),
		createCase("expiresAt 2^64 seconds", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","expiresAt":"18446744073709551616"`, 1), cBadConfig),
	}
	runTable(t, cases)
}
