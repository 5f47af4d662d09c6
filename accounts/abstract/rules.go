package abstract

import "strconv"

// Rule names: what a refusal of this scheme says failed
// (scheme.PolicyError.Rule, session.Rule, the JavaScript error's rule).
// They are part of the API: apps branch on them.
const (
	RuleChainID     = "chainId"     // the request is for another chain than the session
	RuleFrom        = "from"        // the transaction is from another account than the session's
	RuleExpiry      = "expiry"      // the session has expired
	RulePaymaster   = "paymaster"   // an approval-based paymaster flow, which the validator refuses
	RuleTarget      = "target"      // no policy for the called or paid address (or a call to the account itself or the validator)
	RuleSelector    = "selector"    // the target has call policies, none for this function
	RuleValuePerUse = "valuePerUse" // more value than the policy allows per call or transfer
	RuleTotalValue  = "totalValue"  // the policy's lifetime or per-period value limit
	RuleFee         = "fee"         // the session's fee limit
	RuleTypedData   = "typedData"   // typed data that is not a zkSync transaction
)

// RuleConstraint names constraint i of the matched call policy.
func RuleConstraint(i int) string { return "constraint[" + strconv.Itoa(i) + "]" }
