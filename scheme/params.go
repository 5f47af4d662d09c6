package scheme

import (
	"encoding/json"
	"fmt"

	"github.com/sessionsigner/sessionsigner/internal/strictjson"
)

// VaultFields are the members of a create request that the vault reads
// itself: which scheme, the chain, the expiry. The vault takes them off
// before a scheme sees the request (CreateInput.Params), so no scheme has
// to know or tolerate them, and one written again inside a scheme's part is
// an unknown field there like any other.
var VaultFields = []string{"scheme", "chainId", "expiresAt"}

// ParamsOf returns the scheme's part of a create request: the request
// without VaultFields, the other members kept in order and as written.
// The request must be one JSON object.
func ParamsOf(request json.RawMessage) (json.RawMessage, error) {
	part, err := strictjson.Without(request, VaultFields...)
	if err != nil {
		return nil, fmt.Errorf("%w: the request must be one JSON object: %v", ErrInvalidConfig, err)
	}
	return part, nil
}
