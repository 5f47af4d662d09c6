package ethtypes

import (
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// go-ethereum's common package is the oracle: every text form, every
// accepted input and every refusal must be its own. Refusal messages name
// the Go type, so they are compared with ours renamed to go-ethereum's.

// EIP-55's own examples (the specification's test cases): all-uppercase,
// all-lowercase and mixed-case checksums.
var eip55Vectors = []string{
	"0x52908400098527886E0F7030069857D2E4169EE7",
	"0x8617E340B3D01FA5F11F306F4090FD50E238070D",
	"0xde709f2102306220921060314715629080e2fb77",
	"0x27b1fdb04752bbc536007a920d24acb045561c26",
	"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
	"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
	"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
	"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
}

func TestAddressHexEIP55(t *testing.T) {
	for _, want := range eip55Vectors {
		a := HexToAddress(strings.ToLower(want))
		if got := a.Hex(); got != want {
			t.Errorf("Hex() = %s, want %s", got, want)
		}
	}
}

// asOracle renames our types in a message to go-ethereum's.
func asOracle(err error) string {
	if err == nil {
		return "<nil>"
	}
	return strings.NewReplacer("ethtypes.Address", "common.Address", "ethtypes.Hash", "common.Hash").Replace(err.Error())
}

// formatVerbs are the fmt verbs and flags compared with the oracle's.
var formatVerbs = []string{"%v", "%s", "%q", "%x", "%X", "%#x", "%#X", "%d", "%+v", "%#v", "%y", "%10s", "%-50v"}

func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		switch r.IntN(4) {
		case 0: // zero bytes and small values make leading zeros and digits-only nibbles
			b[i] = 0
		case 1:
			b[i] = byte(r.IntN(10))
		default:
			b[i] = byte(r.Uint32())
		}
	}
	return b
}

func TestAddressFormsMatchGoEthereum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := randomBytes(r, AddressLength)
		compareForms(t, BytesToAddress(b), common.BytesToAddress(b))
	}
	compareForms(t, Address{}, common.Address{})
}

func TestHashFormsMatchGoEthereum(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		b := randomBytes(r, HashLength)
		compareForms(t, BytesToHash(b), common.BytesToHash(b))
	}
	compareForms(t, Hash{}, common.Hash{})
}

// value is what Address and Hash, ours and go-ethereum's, all write.
type value interface {
	Hex() string
	String() string
	MarshalText() ([]byte, error)
	Big() *big.Int
	Bytes() []byte
}

// compareForms compares every written form of ours and theirs.
func compareForms(t *testing.T, ours, theirs value) {
	t.Helper()
	if ours.Hex() != theirs.Hex() || ours.String() != theirs.String() {
		t.Fatalf("Hex %s / String %s, go-ethereum %s / %s", ours.Hex(), ours.String(), theirs.Hex(), theirs.String())
	}
	ot, _ := ours.MarshalText()
	tt, _ := theirs.MarshalText()
	if string(ot) != string(tt) {
		t.Fatalf("MarshalText %s, go-ethereum %s", ot, tt)
	}
	for _, verb := range formatVerbs {
		if o, g := fmt.Sprintf(verb, ours), fmt.Sprintf(verb, theirs); o != g {
			t.Fatalf("Sprintf(%q) = %q, go-ethereum %q", verb, o, g)
		}
	}
	if ours.Big().Cmp(theirs.Big()) != 0 || string(ours.Bytes()) != string(theirs.Bytes()) {
		t.Fatalf("Big or Bytes differ for %s", theirs.Hex())
	}
}

func TestCompareMatchesGoEthereum(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 500 {
		x, y := randomBytes(r, HashLength), randomBytes(r, HashLength)
		if r.IntN(4) == 0 {
			copy(y, x[:r.IntN(HashLength)])
		}
		if o, g := BytesToHash(x).Cmp(BytesToHash(y)), common.BytesToHash(x).Cmp(common.BytesToHash(y)); o != g {
			t.Fatalf("Hash.Cmp = %d, go-ethereum %d", o, g)
		}
		if o, g := BytesToAddress(x).Cmp(BytesToAddress(y)), common.BytesToAddress(x).Cmp(common.BytesToAddress(y)); o != g {
			t.Fatalf("Address.Cmp = %d, go-ethereum %d", o, g)
		}
	}
}

// Constructors from byte strings of every length around the sizes (longer
// ones keep their last bytes), and from integers.
func TestConstructorsMatchGoEthereum(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for n := range 70 {
		b := randomBytes(r, n)
		if BytesToAddress(b) != Address(common.BytesToAddress(b)) {
			t.Fatalf("BytesToAddress(%x)", b)
		}
		if BytesToHash(b) != Hash(common.BytesToHash(b)) {
			t.Fatalf("BytesToHash(%x)", b)
		}
		x := new(big.Int).SetBytes(b)
		if BigToAddress(x) != Address(common.BigToAddress(x)) {
			t.Fatalf("BigToAddress(%v)", x)
		}
	}
	// SetBytes over a value already set clears what the shorter input
	// does not cover.
	a := BytesToAddress(randomBytes(r, AddressLength))
	a.SetBytes([]byte{1, 2})
	if a != BytesToAddress([]byte{1, 2}) {
		t.Fatalf("SetBytes kept old bytes: %x", a[:])
	}
	h := BytesToHash(randomBytes(r, HashLength))
	h.SetBytes([]byte{3})
	if h != BytesToHash([]byte{3}) {
		t.Fatalf("SetBytes kept old bytes: %x", h[:])
	}
}

// hexStrings are inputs for the string readers: good ones in every case,
// and each way to be wrong.
var hexStrings = []string{
	"", "0x", "0X", "x", "0", "00", "0x0", "0x00", "0xg", "1", "123", "0x123",
	"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
	"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
	"0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED",
	"5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
	"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe",
	"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd",
	"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00",
	"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg",
	"0xg5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
	"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA d",
	"0x 5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
	"00x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
	"0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
	"0xC5D2460186F7233C927E7DB2DCC703C0E500B653CA82273B7BFAD8045D85A470",
	"c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
	"0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a47",
	"0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a4700",
	"0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a47z",
	"0x\u00e9c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a4",
	"0x1234zz5678",
	"12zz",
}

// jsonInputs are raw JSON values for UnmarshalJSON: every hex string
// quoted, and values that are not strings or not plain strings.
func jsonInputs() []string {
	in := []string{
		``, `"`, `""`, `null`, `true`, `0`, `1`, `{}`, `[]`, `"0x"`, `'0x00'`,
		`"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed`,
		`0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"`,
		`"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe\u0064"`,
		`"\u0030x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"`,
		` "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"`,
	}
	for _, s := range hexStrings {
		in = append(in, `"`+s+`"`)
	}
	return in
}

func TestAddressReadersMatchGoEthereum(t *testing.T) {
	for _, s := range hexStrings {
		compareAddressText(t, []byte(s))
		if IsHexAddress(s) != common.IsHexAddress(s) {
			t.Errorf("IsHexAddress(%q) = %v", s, IsHexAddress(s))
		}
		if HexToAddress(s) != Address(common.HexToAddress(s)) {
			t.Errorf("HexToAddress(%q) = %x, go-ethereum %x", s, HexToAddress(s), common.HexToAddress(s))
		}
	}
	for _, in := range jsonInputs() {
		compareAddressJSON(t, []byte(in))
	}
}

func TestHashReadersMatchGoEthereum(t *testing.T) {
	for _, s := range hexStrings {
		compareHashText(t, []byte(s))
	}
	for _, in := range jsonInputs() {
		compareHashJSON(t, []byte(in))
	}
}

// Each reader starts from a nonzero value, so a refusal that wrote part
// of it would show.
var (
	startAddress = Address{0xaa, 0xbb}
	startHash    = Hash{0xcc, 0xdd}
)

// reader is what Address and Hash, ours and go-ethereum's, read through.
type reader interface {
	UnmarshalText([]byte) error
	UnmarshalJSON([]byte) error
	Bytes() []byte
}

// compareRead runs one reader (read) on ours and theirs, from the same
// start, and compares what they hold afterwards and how they refused.
func compareRead(t *testing.T, what string, in []byte, ours, theirs reader, read func(reader, []byte) error) {
	t.Helper()
	oe, te := read(ours, in), read(theirs, in)
	if asOracle(oe) != asOracle(te) || string(ours.Bytes()) != string(theirs.Bytes()) {
		t.Errorf("%s(%q) = %x, %v; go-ethereum %x, %v", what, in, ours.Bytes(), oe, theirs.Bytes(), te)
	}
}

func readText(r reader, in []byte) error { return r.UnmarshalText(in) }
func readJSON(r reader, in []byte) error { return r.UnmarshalJSON(in) }

func compareAddressText(t *testing.T, in []byte) {
	t.Helper()
	ours, theirs := startAddress, common.Address(startAddress)
	compareRead(t, "Address.UnmarshalText", in, &ours, &theirs, readText)
}

func compareHashText(t *testing.T, in []byte) {
	t.Helper()
	ours, theirs := startHash, common.Hash(startHash)
	compareRead(t, "Hash.UnmarshalText", in, &ours, &theirs, readText)
}

func compareAddressJSON(t *testing.T, in []byte) {
	t.Helper()
	ours, theirs := startAddress, common.Address(startAddress)
	compareRead(t, "Address.UnmarshalJSON", in, &ours, &theirs, readJSON)
	// Inside a struct, through encoding/json: the field is named in the
	// error, and a document that is not JSON is refused before the reader.
	var os struct {
		A Address `json:"a"`
	}
	var ts struct {
		A common.Address `json:"a"`
	}
	doc := append(append([]byte(`{"a":`), in...), '}')
	oe, te := json.Unmarshal(doc, &os), json.Unmarshal(doc, &ts)
	if asOracle(oe) != asOracle(te) || os.A != Address(ts.A) {
		t.Errorf("json.Unmarshal(%s) = %x, %v; go-ethereum %x, %v", doc, os.A, oe, ts.A, te)
	}
	// As a map key: read through UnmarshalText after JSON unquoting.
	if len(in) > 0 && in[0] == '"' {
		var om map[Address]int
		var tm map[common.Address]int
		doc := append(append([]byte(`{`), in...), `:1}`...)
		oe, te = json.Unmarshal(doc, &om), json.Unmarshal(doc, &tm)
		if asOracle(oe) != asOracle(te) || len(om) != len(tm) {
			t.Errorf("json.Unmarshal(%s) as a map = %v, %v; go-ethereum %v, %v", doc, om, oe, tm, te)
		}
		for k, v := range tm {
			if om[Address(k)] != v {
				t.Errorf("json.Unmarshal(%s) as a map = %v; go-ethereum %v", doc, om, tm)
			}
		}
	}
}

func compareHashJSON(t *testing.T, in []byte) {
	t.Helper()
	ours, theirs := startHash, common.Hash(startHash)
	compareRead(t, "Hash.UnmarshalJSON", in, &ours, &theirs, readJSON)
	// As an element of a slice in a struct.
	var os struct {
		H []Hash `json:"h"`
	}
	var ts struct {
		H []common.Hash `json:"h"`
	}
	doc := append(append([]byte(`{"h":[`), in...), ']', '}')
	oe, te := json.Unmarshal(doc, &os), json.Unmarshal(doc, &ts)
	if asOracle(oe) != asOracle(te) || len(os.H) != len(ts.H) || len(os.H) == 1 && os.H[0] != Hash(ts.H[0]) {
		t.Errorf("json.Unmarshal(%s) = %x, %v; go-ethereum %x, %v", doc, os.H, oe, ts.H, te)
	}
}

// Writing through encoding/json, in a struct, a slice, a pointer and as a
// map key, gives go-ethereum's bytes.
func TestMarshalJSONMatchesGoEthereum(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 200 {
		a, h := randomBytes(r, AddressLength), randomBytes(r, HashLength)
		oa, ta := BytesToAddress(a), common.BytesToAddress(a)
		oh, th := BytesToHash(h), common.BytesToHash(h)
		type ourDoc struct {
			A  Address          `json:"a"`
			H  Hash             `json:"h"`
			P  *Address         `json:"p,omitempty"`
			S  []Hash           `json:"s"`
			M  map[Address]Hash `json:"m"`
			MH map[Hash]bool    `json:"mh"`
		}
		type theirDoc struct {
			A  common.Address                 `json:"a"`
			H  common.Hash                    `json:"h"`
			P  *common.Address                `json:"p,omitempty"`
			S  []common.Hash                  `json:"s"`
			M  map[common.Address]common.Hash `json:"m"`
			MH map[common.Hash]bool           `json:"mh"`
		}
		o, e1 := json.Marshal(ourDoc{oa, oh, &oa, []Hash{oh, {}}, map[Address]Hash{oa: oh}, map[Hash]bool{oh: true}})
		g, e2 := json.Marshal(theirDoc{ta, th, &ta, []common.Hash{th, {}}, map[common.Address]common.Hash{ta: th}, map[common.Hash]bool{th: true}})
		if e1 != nil || e2 != nil || string(o) != string(g) {
			t.Fatalf("json.Marshal = %s, %v; go-ethereum %s, %v", o, e1, g, e2)
		}
		var back ourDoc
		if err := json.Unmarshal(o, &back); err != nil || back.A != oa || back.H != oh || *back.P != oa || back.M[oa] != oh || !back.MH[oh] {
			t.Fatalf("reading back %s: %+v, %v", o, back, err)
		}
	}
}

// FuzzReadersMatchGoEthereum holds every reader to go-ethereum's on any
// input: the value read (or left alone on a refusal), the refusal's
// message, and for the string constructors the value made.
func FuzzReadersMatchGoEthereum(f *testing.F) {
	for _, s := range hexStrings {
		f.Add([]byte(s))
	}
	for _, s := range jsonInputs() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		compareAddressText(t, in)
		compareAddressJSON(t, in)
		compareHashText(t, in)
		compareHashJSON(t, in)
		s := string(in)
		if IsHexAddress(s) != common.IsHexAddress(s) {
			t.Errorf("IsHexAddress(%q) = %v", s, IsHexAddress(s))
		}
		if HexToAddress(s) != Address(common.HexToAddress(s)) {
			t.Errorf("HexToAddress(%q) = %x, go-ethereum %x", s, HexToAddress(s), common.HexToAddress(s))
		}
		// Any bytes as a value: the written forms.
		compareForms(t, BytesToAddress(in), common.BytesToAddress(in))
		compareForms(t, BytesToHash(in), common.BytesToHash(in))
	})
}
