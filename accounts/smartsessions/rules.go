package smartsessions

import "strconv"

// Rule names: what a refusal of this scheme says failed
// (scheme.PolicyError.Rule, session.Rule, the JavaScript error's rule).
// They are part of the API: apps branch on them.
const (
	RuleSender               = "sender"                      // the user operation is from another account than the session's
	RulePaymaster            = "paymaster"                   // a paymaster the session does not permit
	RuleSelfCall             = "self-call"                   // a nested execute on the account
	RuleFallbackTarget       = "fallback-target"             // a call to address(1), SmartSession's fallback flag
	RuleSmartSessionCall     = "smartsession-call"           // a call to SmartSession itself
	RuleAction               = "action"                      // no action policy for the call's target and selector
	RuleTimeFrame            = "time-frame"                  // outside the time-frame policy's window
	RuleUsageLimit           = "usage-limit"                 // the usage-limit policy's count
	RuleValueLimit           = "value-limit"                 // the value-limit policy's total
	RulePolicy               = "policy"                      // a policy this signer cannot check
	RuleUniActionValuePerUse = "uni-action.valueLimitPerUse" // the universal-action policy's value per call
	RuleSpendingLimit        = "spending-limit"              // the spending-limits policy's token totals
	RuleExecuteUserOp        = "executeUserOp"               // callData that is executeUserOp, which sessions cannot use
	RuleDelegatecall         = "delegatecall"                // a delegatecall execution
	RuleCallType             = "calltype"                    // an execution call type other than single or batch
	RuleExecType             = "exectype"                    // try mode: an exec type other than the default
	RuleExecuteMode          = "execute-mode"                // a mode selector or payload that is not zero
	RuleEmptyBatch           = "empty-batch"                 // a batch without executions
)

// RuleUniAction names rule i of a universal-action policy.
func RuleUniAction(i int) string { return "uni-action.rule[" + strconv.Itoa(i) + "]" }
