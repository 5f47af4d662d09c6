// Package local is the "local" session scheme: the policy lives only
// in the vault, for apps whose account has no on-chain session module (a
// plain burner EOA, an EIP-7702 account that delegates to the session key).
//
// Use New to get the Scheme (accounts.Schemes lists it with the others) and
// register it with the vault (session.Options.Schemes). The app describes
// the session in CreateSession's params; the vault reads scheme, chainId and
// expiresAt and hands this scheme the rest:
//
//	{"scheme":"local","chainId":"1","expiresAt":1767225600,
//	 "allow":[{"target":"0x…","function":"mint(address,uint256)","maxValuePerUse":"10000000000000000"},
//	          {"target":"0x…","maxValuePerUse":"500000000000000000"}],
//	 "maxUses":100,"maxTotalValue":"1000000000000000000",
//	 "messages":true,"typedData":false,"rawHash":false}
//
// An allow entry with a function (or a 4-byte selector) permits calls of that
// function on the target; one without permits plain ETH transfers (empty
// calldata) to it. Because nothing on-chain enforces these rules, the checks
// here are the only ones: they are strict, and anything they do not
// understand is refused.
package local
