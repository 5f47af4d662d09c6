package local

// Rule names: what a refusal of this scheme says failed
// (scheme.PolicyError.Rule, session.Rule, the JavaScript error's rule).
// They are part of the API: apps branch on them.
const (
	RuleExpiry      = "expiry"      // the session has expired
	RuleChainID     = "chainId"     // a transaction or typed data for another chain (or none named)
	RuleTarget      = "target"      // no allow entry for the address (or a contract deployment)
	RuleSelector    = "selector"    // the address is allowed, not this function or a plain transfer
	RuleValuePerUse = "valuePerUse" // more ETH than the allow entry permits per transaction
	RuleTotalValue  = "totalValue"  // maxTotalValue over the session's life
	RuleUses        = "uses"        // maxUses signatures of any kind
	RuleMessages    = "messages"    // personal messages are off (messages: false)
	RuleTypedData   = "typedData"   // typed data no typedData entry allows, or a token permit
	RuleRawHash     = "rawHash"     // raw hashes are off (rawHash: true allows them)
)
