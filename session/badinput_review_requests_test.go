package session_test

import (
	"strings"
	"testing"
)

// Review cases for the shape of local requests: the request type's
// spelling, members that would make the transaction another kind (EIP-7702
// delegation, legacy fees), data and input that disagree, and the content
// rules a burner key relies on.
func TestBadInputReviewRequests(t *testing.T) {
	toFriend := localTx(`,"to":"` + tblFriend + `"`)
	mint := `,"to":"` + tblNFT + `","data":"` + tblMint + `"`
	transfer := "0xa9059cbb" + strings.Repeat("0", 24) + strings.ToLower(tdThief[2:]) + strings.Repeat("f", 64)
	cases := []tblCase{
		signCase("type Transaction", "local", strings.Replace(toFriend, `"type":"transaction"`, `"type":"Transaction"`, 1), cBadRequest, ""),
		signCase("type with a trailing space", "local", strings.Replace(toFriend, `"type":"transaction"`, `"type":"transaction "`, 1), cBadRequest, ""),
		signCase("type twice (message, then transaction)", "local", strings.Replace(toFriend, `"type":"transaction"`, `"type":"message","type":"transaction"`, 1), cBadRequest, ""),
		signCase("userOperation to a burner", "local", smartOp(tblShop, "1"), cBadRequest, ""),
		signCase("EIP-7702 authorizationList", "local", localTx(`,"to":"`+tblFriend+`","authorizationList":[{"address":"`+tdThief+`","chainId":11124,"nonce":0}]`), cBadRequest, ""),
		signCase("legacy gasPrice", "local", localTx(`,"to":"`+tblFriend+`","gasPrice":"100"`), cBadRequest, ""),
		signCase("blob fee", "local", localTx(`,"to":"`+tblFriend+`","maxFeePerBlobGas":"1"`), cBadRequest, ""),
		signCase("an existing signature r", "local", localTx(`,"to":"`+tblFriend+`","r":"0x01"`), cBadRequest, ""),
		signCase("data is mint, input is transfer(thief)", "local", localTx(mint+`,"input":"`+transfer+`"`), cBadRequest, ""),
		signCase("input alone carrying transfer(thief) to the NFT", "local", localTx(`,"to":"`+tblNFT+`","input":"`+transfer+`"`), cPolicy, "selector"),
		signCase("calldata of 3 bytes", "local", localTx(`,"to":"`+tblNFT+`","data":"0x40c10f"`), cPolicy, "selector"),
		signCase("mint with value", "local", localTx(mint+`,"value":"1"`), cPolicy, "valuePerUse"),
		signCase("contract creation (to null)", "local", localTx(`,"to":null,"data":"0x6000"`), cPolicy, "target"),
		signCase("to with a bad checksum", "local", localTx(`,"to":"0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed"`), cBadRequest, ""),
		signCase("transaction on another chain", "local", strings.Replace(toFriend, `"chainId":11124`, `"chainId":1`, 1), cPolicy, "chainId"),
		signCase("transaction without chainId", "local", strings.Replace(toFriend, `"chainId":11124,`, ``, 1), cBadRequest, ""),
		signCase("type eip2930", "local", localTx(`,"to":"`+tblFriend+`","type":"eip2930"`), cBadRequest, ""),
		signCase("raw hash not allowed", "local", `{"type":"hash","hash":"0x`+strings.Repeat("ab", 32)+`"}`, cPolicy, "rawHash"),
		{name: "personal message (messages defaults to true) changes only its own record", do: func(e *tblEnv) error {
			return e.sign("local", `{"type":"message","message":"hello"}`)
		}, changed: "local"},
		{name: "to in lower case is the same friend", do: func(e *tblEnv) error {
			return e.sign("local", localTx(`,"to":"`+strings.ToLower(tblFriend)+`","value":"1"`))
		}, changed: "local"},
	}
	runTable(t, cases)
}
