package smartsessions

import (
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// userOperationJSON is viem's UserOperation for EntryPoint v0.7/v0.8 as a
// request carries it: quantities as decimal strings, 0x-hex strings or small
// numbers, bytes as 0x-hex. Fields viem has for other versions (initCode,
// paymasterAndData, authorization, paymasterSignature) are refused by the
// strict decoder rather than ignored, since each would change the hash.
type userOperationJSON struct {
	Sender               *Address       `json:"sender"`
	Nonce                *hexjson.Big   `json:"nonce"`
	Factory              *Address       `json:"factory"`
	FactoryData          *hexjson.Bytes `json:"factoryData"`
	CallData             *hexjson.Bytes `json:"callData"`
	CallGasLimit         *hexjson.Big   `json:"callGasLimit"`
	VerificationGasLimit *hexjson.Big   `json:"verificationGasLimit"`
	PreVerificationGas   *hexjson.Big   `json:"preVerificationGas"`
	MaxFeePerGas         *hexjson.Big   `json:"maxFeePerGas"`
	MaxPriorityFeePerGas *hexjson.Big   `json:"maxPriorityFeePerGas"`

	Paymaster                     *Address       `json:"paymaster"`
	PaymasterVerificationGasLimit *hexjson.Big   `json:"paymasterVerificationGasLimit"`
	PaymasterPostOpGasLimit       *hexjson.Big   `json:"paymasterPostOpGasLimit"`
	PaymasterData                 *hexjson.Bytes `json:"paymasterData"`

	// Signature is accepted because viem's objects carry one (often a
	// dummy); it is not part of the hash and is not used.
	Signature *hexjson.Bytes `json:"signature"`
}

// maxUserOpBytes bounds each byte field of a user operation, like callData.
const maxUserOpBytes = maxCallDataLen

// toUserOperation converts and checks the JSON form. Errors are
// *scheme.RequestError naming the field.
func (j *userOperationJSON) toUserOperation() (*UserOperation, error) {
	if j.Sender == nil {
		return nil, scheme.BadRequest("userOperation.sender", "is required")
	}
	if j.CallData == nil {
		return nil, scheme.BadRequest("userOperation.callData", "is required")
	}
	for _, b := range []struct {
		name string
		v    *hexjson.Bytes
	}{{"factoryData", j.FactoryData}, {"callData", j.CallData}, {"paymasterData", j.PaymasterData}, {"signature", j.Signature}} {
		if b.v != nil && len(*b.v) > maxUserOpBytes {
			return nil, scheme.BadRequest("userOperation."+b.name, "longer than %d bytes", maxUserOpBytes)
		}
	}
	op := &UserOperation{
		Sender:                        ethtypes.Address(*j.Sender),
		Nonce:                         bigOrNil(j.Nonce),
		Factory:                       addressOrNil(j.Factory),
		FactoryData:                   bytesOrNil(j.FactoryData),
		CallData:                      *j.CallData,
		CallGasLimit:                  bigOrNil(j.CallGasLimit),
		VerificationGasLimit:          bigOrNil(j.VerificationGasLimit),
		PreVerificationGas:            bigOrNil(j.PreVerificationGas),
		MaxFeePerGas:                  bigOrNil(j.MaxFeePerGas),
		MaxPriorityFeePerGas:          bigOrNil(j.MaxPriorityFeePerGas),
		Paymaster:                     addressOrNil(j.Paymaster),
		PaymasterVerificationGasLimit: bigOrNil(j.PaymasterVerificationGasLimit),
		PaymasterPostOpGasLimit:       bigOrNil(j.PaymasterPostOpGasLimit),
		PaymasterData:                 bytesOrNil(j.PaymasterData),
	}
	if err := op.check(); err != nil {
		return nil, scheme.BadRequest("userOperation", "%v", err)
	}
	return op, nil
}

func bigOrNil(b *hexjson.Big) *big.Int {
	if b == nil {
		return nil
	}
	return b.ToInt()
}

func addressOrNil(a *Address) *ethtypes.Address {
	if a == nil {
		return nil
	}
	v := ethtypes.Address(*a)
	return &v
}

func bytesOrNil(b *hexjson.Bytes) []byte {
	if b == nil {
		return nil
	}
	return *b
}
