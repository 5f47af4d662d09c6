package session_test

import (
	"strings"
	"testing"
)

// More review cases: quantities in smart-session policies, Abstract limits
// and periods, and use limits at their edges.

func TestBadInputReviewPolicies(t *testing.T) {
	two48 := "281474976710656"
	two128 := "340282366920938463463374607431768211456"
	over256 := "115792089237316195423570985008687907853269984665640564039457584007913129639936"
	smartWith := func(policy string) string {
		return strings.Replace(tblSmart(`"1000"`), `{"type":"spending-limits"`, policy+`,{"type":"spending-limits"`, 1)
	}
	smartSession := func(policy string) string {
		return strings.Replace(tblSmart(`"1000"`), `"actions":`, `"policies":[`+policy+`],"actions":`, 1)
	}
	abstractLimit := func(l string) string {
		return strings.Replace(tblAbstract(""), `"feeLimit":{"limitType":"Lifetime","limit":"10000000000000000","period":"0"}`, `"feeLimit":`+l, 1)
	}
	cases := []tblCase{
		createCase("smartsessions time-frame validUntil 2^48", smartSession(`{"type":"time-frame","validUntil":"`+two48+`","validAfter":"0"}`), cBadConfig),
		createCase("smartsessions time-frame validAfter 0x-1", smartSession(`{"type":"time-frame","validUntil":"1900000000","validAfter":"0x-1"}`), cBadConfig),
		createCase("smartsessions time-frame validUntil in ms", smartSession(`{"type":"time-frame","validUntil":"1800000100000","validAfter":"0"}`), cBadConfig),
		createCase("smartsessions time-frame validUntil 1.9e9", smartSession(`{"type":"time-frame","validUntil":1.9e9,"validAfter":"0"}`), cBadConfig),
		createCase("smartsessions usage-limit 2^128", smartWith(`{"type":"usage-limit","limit":"`+two128+`"}`), cBadConfig),
		createCase("smartsessions usage-limit -1", smartWith(`{"type":"usage-limit","limit":"-1"}`), cBadConfig),
		createCase("smartsessions usage-limit 0", smartWith(`{"type":"usage-limit","limit":"0"}`), cBadConfig),
		createCase("smartsessions value-limit 0x-1", smartWith(`{"type":"value-limit","limit":"0x-1"}`), cBadConfig),
		createCase("smartsessions value-limit 2^256", smartWith(`{"type":"value-limit","limit":"`+over256+`"}`), cBadConfig),
		createCase("smartsessions rule usageLimit -5", strings.Replace(tblSmart(`"1000"`), `"referenceValue"`, `"usageLimit":"-5","referenceValue"`, 1), cBadConfig),
		createCase("smartsessions calldataOffset 2^64", strings.Replace(tblSmart(`"1000"`), `"calldataOffset":"0"`, `"calldataOffset":"18446744073709551616"`, 1), cBadConfig),
		createCase("smartsessions nonce -1", strings.Replace(tblSmart(`"1000"`), `"actions":`, `"nonce":"-1","actions":`, 1), cBadConfig),
		createCase("smartsessions valueLimitPerUse 0x-1", strings.Replace(tblSmart(`"1000"`), `{"type":"universal-action",`, `{"type":"universal-action","valueLimitPerUse":"0x-1",`, 1), cBadConfig),
		createCase("abstract Allowance with period 0", abstractLimit(`{"limitType":"Allowance","limit":"1","period":"0"}`), cBadConfig),
		createCase("abstract fee limit 2^256", abstractLimit(`{"limitType":"Lifetime","limit":"`+over256+`","period":"0"}`), cBadConfig),
		createCase("abstract period 2^256", abstractLimit(`{"limitType":"Allowance","limit":"1","period":"`+over256+`"}`), cBadConfig),
		createCase("abstract limitType lifetime twice", abstractLimit(`{"limitType":"Unlimited","limitType":"Lifetime","limit":"1","period":"0"}`), cBadConfig),
		createCase("abstract maxValuePerUse 2^256", strings.Replace(tblAbstract(""), `"maxValuePerUse":"0"`, `"maxValuePerUse":"`+over256+`"`, 1), cBadConfig),
		createCase("abstract maxValuePerUse -0", strings.Replace(tblAbstract(""), `"maxValuePerUse":"0"`, `"maxValuePerUse":"-0"`, 1), cBadConfig),
		createCase("local maxUses 0", strings.Replace(tblLocal, `"maxTotalValue"`, `"maxUses":0,"maxTotalValue"`, 1), cBadConfig),
		createCase("local maxUses 2^53", strings.Replace(tblLocal, `"maxTotalValue"`, `"maxUses":"9007199254740993","maxTotalValue"`, 1), cBadConfig),
		createCase("local maxTotalValue -0", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":"-0"`, 1), cBadConfig),
		createCase("local maxTotalValue 0x-0", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":"0x-0"`, 1), cBadConfig),
		createCase("local maxTotalValue \"\"", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":""`, 1), cBadConfig),
		createCase("local maxTotalValue full-width digits", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":"１"`, 1), cBadConfig),
		createCase("local maxTotalValue with a NUL", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":"1\u0000"`, 1), cBadConfig),
		createCase("local maxTotalValue 1_000", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":"1_000"`, 1), cBadConfig),
		createCase("local maxTotalValue 0b1", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":"0b1"`, 1), cBadConfig),
		createCase("local maxTotalValue 0o7", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":"0o7"`, 1), cBadConfig),
		createCase("local maxTotalValue 65 hex digits", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":"0x0`+strings.Repeat("f", 64)+`"`, 1), cBadConfig),
		signCase("local tx value 0x-0", "local", localTx(`,"to":"`+tblFriend+`","value":"0x-0"`), cBadRequest, ""),
		signCase("local tx value -0 as a JSON number", "local", localTx(`,"to":"`+tblFriend+`","value":-0`), cBadRequest, ""),
		signCase("local tx nonce 2^64-1+1 in hex", "local", strings.Replace(localTx(`,"to":"`+tblFriend+`"`), `"nonce":1`, `"nonce":"0x10000000000000000"`, 1), cBadRequest, ""),
		signCase("local tx gas true", "local", strings.Replace(localTx(`,"to":"`+tblFriend+`"`), `"gas":"100000"`, `"gas":true`, 1), cBadRequest, ""),
		signCase("local tx maxFeePerGas an array", "local", strings.Replace(localTx(`,"to":"`+tblFriend+`"`), `"maxFeePerGas":"100"`, `"maxFeePerGas":["100"]`, 1), cBadRequest, ""),
		signCase("abstract tx value -0", "abstract", abstractTx(`,"value":"-0"`), cBadRequest, ""),
		signCase("abstract typed data value 0x-0", "abstract", abstractTyped(`"0x-0"`), cBadRequest, ""),
	}
	runTable(t, cases)
}
