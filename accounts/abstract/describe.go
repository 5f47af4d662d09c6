package abstract

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/internal/ethunit"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// details is what Describe merges into the session's info.
type details struct {
	// SessionHash is getSessionHash(config): the session's key on-chain.
	SessionHash ethtypes.Hash `json:"sessionHash"`
	// EnableCall is the call the wallet's owner sends to start the session.
	EnableCall contractCall `json:"enableCall"`
	// StatusCall is the eth_call that reads the session's status.
	StatusCall contractCall `json:"statusCall"`
	// RegistryChecks are the registry view calls agw-client would make
	// before enabling the session (empty off mainnet).
	RegistryChecks []RegistryCheck `json:"registryChecks"`
	Account        string          `json:"account"`
}

type contractCall struct {
	To    string        `json:"to"`
	Data  hexjson.Bytes `json:"data"`
	Value string        `json:"value,omitempty"`
}

// enableCall is agw-client's prepareCreateSessionCall: addModule on the
// account if the validator module is not installed yet, else createSession
// on the validator.
func (c *Config) enableCall() contractCall {
	if c.ModuleInstalled {
		return contractCall{To: ValidatorAddress.Hex(), Data: c.createSessionCalldata(), Value: "0"}
	}
	return contractCall{To: c.Account.Hex(), Data: c.addModuleCalldata(), Value: "0"}
}

func (c *Config) details(chainID *big.Int) ([]byte, error) {
	hash := c.Hash()
	return json.Marshal(details{
		SessionHash:    hash,
		EnableCall:     c.enableCall(),
		StatusCall:     contractCall{To: ValidatorAddress.Hex(), Data: sessionStatusCalldata(c.Account, hash)},
		RegistryChecks: registryChecks(c, chainID),
		Account:        c.Account.Hex(),
	})
}

// permissions says in words what the session may do, one sentence each.
func (c *Config) permissions(chainID *big.Int) []string {
	out := []string{fmt.Sprintf("acts for the Abstract Global Wallet %s on %s", c.Account.Hex(), chainWords(chainID))}
	for _, p := range c.CallPolicies {
		s := fmt.Sprintf("may call %s on %s, %s", functionWords(p), p.Target.Hex(), valueWords(p.MaxValuePerUse, p.ValueLimit, "call"))
		var where []string
		for _, k := range p.Constraints {
			where = append(where, constraintWords(k))
		}
		if len(where) > 0 {
			s += ", where " + strings.Join(where, "; ")
		}
		out = append(out, s)
	}
	for _, p := range c.TransferPolicies {
		if v := valueWords(p.MaxValuePerUse, p.ValueLimit, "transfer"); v != noValue {
			out = append(out, fmt.Sprintf("may send ETH to %s, %s", p.Target.Hex(), v))
		} else {
			out = append(out, fmt.Sprintf("may send only zero-value transfers to %s", p.Target.Hex()))
		}
	}
	if len(c.CallPolicies) == 0 && len(c.TransferPolicies) == 0 {
		out = append(out, "may not call or pay anything (no policies)")
	}
	fee := limitWords(c.FeeLimit, ethunit.FormatEther)
	out = append(out, "fees: "+strings.Replace(fee, "up to", "at most", 1)+" (fees a paymaster pays are not counted)")
	out = append(out, "expires at "+time.Unix(int64(c.ExpiresAt), 0).UTC().Format(time.RFC3339))
	if c.RegistryUnchecked {
		out = append(out, "created with registryCheck: false: its policies were NOT checked against the Session Key Policy Registry")
	}
	return out
}
