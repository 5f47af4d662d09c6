package abstract

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/internal/abienc"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// On Abstract mainnet, agw-client refuses to send a createSession whose
// policies the Session Key Policy Registry does not list as Allowed. The
// vault cannot read the chain, so it lists the same view calls
// (registryChecks, in agw-client's order) for the app, and when the host
// offers it, asks the host to run them (HostCall "abstract.registryCheck":
// params = the checks, answer = one status per check, 0 Unset, 1 Allowed,
// 2 Denied).

// RegistryMethod is the HostCall method that runs the registry checks.
const RegistryMethod = "abstract.registryCheck"

// ErrRegistryAnswer means the host answered the registry check with
// something other than one status per check.
var ErrRegistryAnswer = fmt.Errorf("%w: malformed abstract registry check answer", scheme.ErrHost)

// RegistryCheck is one view call on the policy registry.
type RegistryCheck struct {
	// PolicyType is "Call", "Transfer" or "ApprovalTarget" (the registry's
	// PolicyType enum).
	PolicyType string `json:"policyType"`
	// Target is the address agw-client names in its error: the policy's
	// target, or for ApprovalTarget the spender pinned by the constraint.
	Target   string `json:"target"`
	Token    string `json:"token,omitempty"`    // ApprovalTarget: the token (the policy's target)
	Selector string `json:"selector,omitempty"` // Call and ApprovalTarget: the policy's selector
	// To and Data are the eth_call: the registry and the calldata of
	// getCallPolicyStatus / getTransferPolicyStatus / getApprovalTargetStatus.
	To   string        `json:"to"`
	Data hexjson.Bytes `json:"data"`
}

// registryChecks is the list agw-client's assertSessionKeyPolicies builds:
// per call policy in order, a getApprovalTargetStatus for each pinned
// spender of a restricted selector, else a getCallPolicyStatus; then a
// getTransferPolicyStatus per transfer policy. Empty off mainnet, where
// agw-client checks nothing.
func registryChecks(c *Config, chainID *big.Int) []RegistryCheck {
	checks := []RegistryCheck{}
	if chainID.Cmp(big.NewInt(ChainAbstract)) != 0 {
		return checks
	}
	to := RegistryAddress.Hex()
	for _, p := range c.CallPolicies {
		sel := hexString(p.Selector[:])
		if restrictedSelectors[p.Selector] {
			for _, k := range destinationConstraints(p) {
				// agw-client decodes refValue as an address: its last 20 bytes.
				spender := ethtypes.BytesToAddress(k.RefValue[12:])
				checks = append(checks, RegistryCheck{
					PolicyType: "ApprovalTarget", Target: spender.Hex(), Token: p.Target.Hex(), Selector: sel, To: to,
					Data: abienc.Call(selGetApprovalTargetStatus, abienc.Address(p.Target), abienc.Address(spender)),
				})
			}
			continue
		}
		checks = append(checks, RegistryCheck{
			PolicyType: "Call", Target: p.Target.Hex(), Selector: sel, To: to,
			Data: abienc.Call(selGetCallPolicyStatus, abienc.Address(p.Target), abienc.Bytes4(p.Selector)),
		})
	}
	for _, p := range c.TransferPolicies {
		checks = append(checks, RegistryCheck{
			PolicyType: "Transfer", Target: p.Target.Hex(), To: to,
			Data: abienc.Call(selGetTransferPolicyStatus, abienc.Address(p.Target)),
		})
	}
	return checks
}

// registryStatusNames are agw-client's (the contract says Blocked for 2).
var registryStatusNames = []string{"Unset", "Allowed", "Denied"}

// askRegistry runs the checks through the host and refuses the session,
// in agw-client's words, at the first status that is not Allowed.
func askRegistry(ctx context.Context, host scheme.HostCall, checks []RegistryCheck) error {
	if host == nil || len(checks) == 0 {
		return nil
	}
	params, err := json.Marshal(checks)
	if err != nil {
		return err
	}
	answer, err := host(ctx, RegistryMethod, params)
	if err != nil {
		return fmt.Errorf("%w: abstract registry check: %w", scheme.ErrHost, err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(answer, &raw); err != nil || len(raw) != len(checks) {
		return fmt.Errorf("%w: want a JSON array of %d statuses", ErrRegistryAnswer, len(checks))
	}
	for i, r := range raw {
		status, err := hexjson.ParseBig(r)
		if err != nil {
			return fmt.Errorf("%w: status %d: %v", ErrRegistryAnswer, i, err)
		}
		if status.Cmp(big.NewInt(1)) != 0 {
			name := "undefined" // what agw-client prints for an unknown status
			if status.IsInt64() && status.Int64() < int64(len(registryStatusNames)) {
				name = registryStatusNames[status.Int64()]
			}
			return scheme.BadConfig("registry", "Session key policy violation. Target: %s; Status: %s", checks[i].Target, name)
		}
	}
	return nil
}
