package abienc

import (
	"bytes"
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// The reference is go-ethereum's reflection-based packer (accounts/abi),
// which this package replaces in the module; test code may still use it.

// shape is an ABI type: a leaf kind, an array of elem, or a tuple.
type shape struct {
	kind    string // uint256, uint64, address, bool, bytes32, bytes4, bytes, string, array, tuple
	elem    *shape
	members []shape
}

var leafKinds = []string{"uint256", "uint64", "address", "bool", "bytes32", "bytes4", "bytes", "string"}

func randomShape(r *rand.Rand, depth int) shape {
	n := len(leafKinds)
	if depth < 3 {
		n += 2
	}
	switch k := r.IntN(n); {
	case k < len(leafKinds):
		return shape{kind: leafKinds[k]}
	case k == len(leafKinds):
		e := randomShape(r, depth+1)
		return shape{kind: "array", elem: &e}
	default:
		s := shape{kind: "tuple"}
		for range 1 + r.IntN(4) {
			s.members = append(s.members, randomShape(r, depth+1))
		}
		return s
	}
}

// marshaling is the shape as go-ethereum's type description.
func (s shape) marshaling(name string) abi.ArgumentMarshaling {
	switch s.kind {
	case "array":
		m := s.elem.marshaling(name)
		m.Type += "[]"
		return m
	case "tuple":
		m := abi.ArgumentMarshaling{Name: name, Type: "tuple"}
		for i, c := range s.members {
			m.Components = append(m.Components, c.marshaling(fmt.Sprintf("m%d", i)))
		}
		return m
	}
	return abi.ArgumentMarshaling{Name: name, Type: s.kind}
}

// value draws a random value of shape s, as this package's Value and as the
// reflect.Value go-ethereum packs for type t.
func (s shape) value(r *rand.Rand, t abi.Type) (Value, reflect.Value) {
	switch s.kind {
	case "uint256":
		x := new(big.Int).SetBytes(randomBytes(r, r.IntN(33)))
		return Uint(x), reflect.ValueOf(x)
	case "uint64":
		x := r.Uint64()
		return Uint64(x), reflect.ValueOf(x)
	case "address":
		a := ethtypes.BytesToAddress(randomBytes(r, 20))
		return Address(a), reflect.ValueOf(common.Address(a)) // go-ethereum packs its own type
	case "bool":
		b := r.IntN(2) == 1
		return Bool(b), reflect.ValueOf(b)
	case "bytes32":
		w := [32]byte(randomBytes(r, 32))
		return Bytes32(w), reflect.ValueOf(w)
	case "bytes4":
		w := [4]byte(randomBytes(r, 4))
		return Bytes4(w), reflect.ValueOf(w)
	case "bytes":
		b := randomBytes(r, r.IntN(100))
		return Bytes(b), reflect.ValueOf(b)
	case "string":
		str := string(bytes.Repeat([]byte("ü"), r.IntN(40)))
		return String(str), reflect.ValueOf(str)
	case "array":
		n := r.IntN(4)
		ref := reflect.MakeSlice(t.GetType(), n, n)
		var mine []Value
		for i := range n {
			m, v := s.elem.value(r, *t.Elem)
			mine = append(mine, m)
			ref.Index(i).Set(v)
		}
		return Array(mine...), ref
	}
	ref := reflect.New(t.TupleType).Elem()
	var mine []Value
	for i, c := range s.members {
		m, v := c.value(r, *t.TupleElems[i])
		mine = append(mine, m)
		ref.Field(i).Set(v)
	}
	return Tuple(mine...), ref
}

func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// TestEncodeMatchesGoEthereum: 500 random argument lists, nested up to four
// levels, encode exactly as go-ethereum packs them.
func TestEncodeMatchesGoEthereum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		var args abi.Arguments
		var refs []any
		var mine []Value
		for j := range 1 + r.IntN(4) {
			s := randomShape(r, 0)
			m := s.marshaling(fmt.Sprintf("a%d", j))
			typ, err := abi.NewType(m.Type, "", m.Components)
			if err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
			v, ref := s.value(r, typ)
			args = append(args, abi.Argument{Type: typ})
			refs = append(refs, ref.Interface())
			mine = append(mine, v)
		}
		want, err := args.Pack(refs...)
		if err != nil {
			t.Fatalf("case %d: go-ethereum: %v", i, err)
		}
		if got := Encode(mine...); !bytes.Equal(got, want) {
			t.Fatalf("case %d: encoding differs\n got  %x\n want %x", i, got, want)
		}
		if got := Call([4]byte{1, 2, 3, 4}, mine...); !bytes.Equal(got[4:], want) || !bytes.Equal(got[:4], []byte{1, 2, 3, 4}) {
			t.Fatalf("case %d: Call is not selector ‖ encoding", i)
		}
	}
}
