package ethcrypto

import (
	"sync"
	"sync/atomic"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// The base-point multiply k*G is the cost of every signature (the nonce
// point) and of every key's address. decred makes it fast with a table of
// 8,160 precomputed points that it ships inside the binary as a compressed
// string: 0.55 MB of the module that brotli cannot shrink. The module is
// built with decred's `tinygo` tag, which leaves that table out (and makes
// decred's own k*G three times slower); this file computes the same kind of
// table in memory instead, from decred's exported point arithmetic, the
// first time a key signs (or ahead of time: PrepareBaseTable, or
// BuildBaseTableInSteps, which never makes a signature wait for it),
// and the signer, the address and the recovery below use it.
//
// The table holds, for every byte position w of a big-endian scalar (w = 0
// is the least significant byte) and every nonzero byte value b, the affine
// point b * 256^w * G. k*G is then the sum of at most 32 table points, one
// per nonzero byte of k: 32 mixed additions, no doublings.

// baseWindows is the number of 8-bit windows of a 256-bit scalar.
const baseWindows = 32

// baseTable[w][b-1] = b * 256^w * G, affine (Z = 1), normalized.
type baseTable [baseWindows][255]secp256k1.JacobianPoint

// The generator G of secp256k1 (SEC 2, section 2.4.1), affine.
var (
	generatorX = [32]byte{
		0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce, 0x87, 0x0b, 0x07,
		0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17, 0x98,
	}
	generatorY = [32]byte{
		0x48, 0x3a, 0xda, 0x77, 0x26, 0xa3, 0xc4, 0x65, 0x5d, 0xa4, 0xfb, 0xfc, 0x0e, 0x11, 0x08, 0xa8,
		0xfd, 0x17, 0xb4, 0x48, 0xa6, 0x85, 0x54, 0x19, 0x9c, 0x47, 0xd0, 0x8f, 0xfb, 0x10, 0xd4, 0xb8,
	}
)

var (
	// baseTableReady is the built table, nil until one is.
	baseTableReady atomic.Pointer[baseTable]
	baseTableOnce  sync.Once
	// baseTableInSteps is set once BuildBaseTableInSteps has begun: from
	// then on k*G never waits for the table (baseMult).
	baseTableInSteps atomic.Bool
)

// PrepareBaseTable builds the base-point table now instead of at the first
// signature (BenchmarkBuildBaseTable: 38 ms natively, 90 ms in WebAssembly
// under Node on a busy 2-core machine; once per process).
func PrepareBaseTable() {
	baseTableOnce.Do(func() {
		if baseTableReady.Load() == nil {
			baseTableReady.CompareAndSwap(nil, buildBaseTable(nil))
		}
	})
}

// BuildBaseTableInSteps builds the table one window at a time (32 steps of
// 1 to 3 ms in WebAssembly), calling pause before each. From the moment it
// begins, k*G does not wait for the table: until the table is ready, it
// takes decred's own multiply (table-free in the module's build, a fraction
// of a millisecond per key or signature; BenchmarkBaseMultWithoutTable), so
// a request that comes while the table is built is answered at once.
//
// The module runs it on a goroutine once a vault is open (wasm/prepare.go).
// There Go and JavaScript share the worker's one thread and a goroutine is
// never preempted: built in one piece, the table held back every message
// for tens of milliseconds, the open handshake's own reply and the first
// unlock included. pause (a short sleep) is where the worker takes its
// messages and Go serves their requests. A second call, or a call once the
// table exists, does nothing.
func BuildBaseTableInSteps(pause func()) {
	if baseTableReady.Load() != nil || !baseTableInSteps.CompareAndSwap(false, true) {
		return
	}
	t := buildBaseTable(pause)
	baseTableReady.CompareAndSwap(nil, t)
}

func baseTableGet() *baseTable {
	PrepareBaseTable()
	return baseTableReady.Load()
}

// buildBaseTable fills the table window by window: the window's step
// 256^w * G is the previous window's entry 128 doubled, each entry is the
// one before plus the step (a mixed addition, the step being affine), and a
// window's 255 points are made affine with one field inversion
// (normalizeBatch). pause, if not nil, runs before each window.
func buildBaseTable(pause func()) *baseTable {
	t := new(baseTable)
	var step secp256k1.JacobianPoint
	step.X.SetByteSlice(generatorX[:]) // 256^0 * G = G
	step.Y.SetByteSlice(generatorY[:])
	step.Z.SetInt(1)
	for w := range baseWindows {
		if pause != nil {
			pause()
		}
		if w > 0 {
			secp256k1.DoubleNonConst(&t[w-1][127], &step)
			step.ToAffine()
		}
		row := &t[w]
		row[0].Set(&step)
		for b := 1; b < len(row); b++ {
			secp256k1.AddNonConst(&row[b-1], &step, &row[b])
		}
		normalizeBatch(row[:])
	}
	return t
}

// normalizeBatch makes every point of ps affine with a single inversion
// (Montgomery's trick): with prefix products z_0 … z_i, one inverse of the
// whole product yields each 1/z_i by two multiplications walking back.
// No point may be the point at infinity (none in the table is: b * 256^w is
// never a multiple of the group order).
func normalizeBatch(ps []secp256k1.JacobianPoint) {
	prefix := make([]secp256k1.FieldVal, len(ps))
	var acc secp256k1.FieldVal
	acc.SetInt(1)
	for i := range ps {
		prefix[i].Set(&acc)
		acc.Mul(&ps[i].Z)
	}
	acc.Inverse() // 1 / (z_0 … z_{n-1})
	var zInv, zInv2 secp256k1.FieldVal
	for i := len(ps) - 1; i >= 0; i-- {
		p := &ps[i]
		zInv.Mul2(&acc, &prefix[i]) // 1 / z_i
		acc.Mul(&p.Z)               // 1 / (z_0 … z_{i-1})
		zInv2.SquareVal(&zInv)
		p.X.Mul(&zInv2).Normalize()
		p.Y.Mul(zInv2.Mul(&zInv)).Normalize()
		p.Z.SetInt(1)
	}
}

// baseMult sets result to k*G (normalized Jacobian; the point at infinity,
// all zero, for k = 0). Not constant time, like decred's own k*G that the
// signer used before: the nonce's bytes pick the table entries.
func baseMult(k *secp256k1.ModNScalar, result *secp256k1.JacobianPoint) {
	t := baseTableReady.Load()
	if t == nil {
		if baseTableInSteps.Load() {
			// Being built in steps: decred's k*G now rather than waiting.
			secp256k1.ScalarBaseMultNonConst(k, result)
			return
		}
		t = baseTableGet()
	}
	result.X.Zero()
	result.Y.Zero()
	result.Z.Zero()
	kb := k.Bytes()
	for i, b := range kb {
		if b == 0 {
			continue
		}
		secp256k1.AddNonConst(result, &t[baseWindows-1-i][b-1], result)
	}
	clear(kb[:])
}
