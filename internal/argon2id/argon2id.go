package argon2id

import (
	"encoding/binary"

	"golang.org/x/crypto/blake2b"
)

const (
	// SyncPoints is the number of slices per pass (RFC 9106's SL): lanes
	// wait for each other at the end of each, and progress is reported there.
	SyncPoints = 4
	version    = 0x13 // the version this package computes (§3.1)
	typeID     = 2    // y = 2 is Argon2id
)

// Key derives keyLen bytes from password and salt with Argon2id: time
// passes over memory KiB, in threads lanes (RFC 9106's t, m and p). For the
// same inputs it returns what golang.org/x/crypto/argon2.IDKey returns.
//
// progress, if not nil, is called after each slice with done = slices
// finished so far and total = SyncPoints*time: once per slice, with done
// counting up to total. It runs on Key's goroutine, between slices, so the
// work waits for it: it should be quick.
//
// Key panics if time or threads is 0 or keyLen is below 4; memory below
// 8*threads KiB is raised to it, as in x/crypto.
func Key(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32, progress func(done, total int)) []byte {
	return deriveKey(password, salt, nil, nil, time, memory, threads, keyLen, progress)
}

// deriveKey is Key with RFC 9106's optional secret K and associated data X
// (the RFC's test vector sets both; the vault uses neither).
func deriveKey(password, salt, secret, data []byte, time, memory uint32, threads uint8, keyLen uint32, progress func(done, total int)) []byte {
	if time < 1 || threads < 1 || keyLen < 4 {
		panic("argon2id: time and threads must be at least 1 and keyLen at least 4")
	}
	m := newMatrix(memory, uint32(threads), time)
	defer m.wipe()
	return m.derive(password, salt, secret, data, memory, keyLen, progress)
}

// derive fills m from the inputs and returns the tag. It leaves the blocks
// filled; deriveKey wipes them. memory is the requested size that H0 hashes,
// not m's rounded one.
func (m *matrix) derive(password, salt, secret, data []byte, memory, keyLen uint32, progress func(done, total int)) []byte {
	time := m.passes
	h0 := initialHash(password, salt, secret, data, time, memory, m.lanes, keyLen)
	defer clear(h0[:])
	m.fillFirstBlocks(&h0)
	done, total := 0, SyncPoints*int(time)
	for pass := uint32(0); pass < time; pass++ {
		for slice := uint32(0); slice < SyncPoints; slice++ {
			m.fillSlice(pass, slice)
			done++
			if progress != nil {
				progress(done, total)
			}
		}
	}
	return m.tag(keyLen)
}

// initialHash is H0 (§3.2): BLAKE2b-512 over every parameter and input,
// each input preceded by its length.
func initialHash(password, salt, secret, data []byte, time, memory, lanes, keyLen uint32) [blake2b.Size + 8]byte {
	h, _ := blake2b.New512(nil)
	var le [4]byte
	for _, v := range [...]uint32{lanes, keyLen, memory, time, version, typeID} {
		binary.LittleEndian.PutUint32(le[:], v)
		h.Write(le[:])
	}
	for _, in := range [...][]byte{password, salt, secret, data} {
		binary.LittleEndian.PutUint32(le[:], uint32(len(in)))
		h.Write(le[:])
		h.Write(in)
	}
	// Eight spare bytes carry the column and lane numbers that the first
	// blocks of each lane append to H0.
	var out [blake2b.Size + 8]byte
	h.Sum(out[:0])
	return out
}

// matrix is the memory: lanes rows of laneLen blocks, each lane cut into
// SyncPoints segments of segLen blocks.
type matrix struct {
	blocks  []block
	lanes   uint32
	laneLen uint32
	segLen  uint32
	passes  uint32
}

func newMatrix(memory, lanes, passes uint32) *matrix {
	// m' (§3.2): memory rounded down to a multiple of 4*lanes blocks, and
	// at least 8 blocks per lane.
	blocks := memory / (SyncPoints * lanes) * (SyncPoints * lanes)
	if blocks < 2*SyncPoints*lanes {
		blocks = 2 * SyncPoints * lanes
	}
	return &matrix{
		blocks:  make([]block, blocks),
		lanes:   lanes,
		laneLen: blocks / lanes,
		segLen:  blocks / lanes / SyncPoints,
		passes:  passes,
	}
}

// fillFirstBlocks computes the first two blocks of each lane from H0
// (§3.2 steps 3 and 4): H'^1024(H0 || LE32(column) || LE32(lane)).
func (m *matrix) fillFirstBlocks(h0 *[blake2b.Size + 8]byte) {
	var buf [1024]byte
	for lane := uint32(0); lane < m.lanes; lane++ {
		for col := uint32(0); col < 2; col++ {
			binary.LittleEndian.PutUint32(h0[blake2b.Size:], col)
			binary.LittleEndian.PutUint32(h0[blake2b.Size+4:], lane)
			variableHash(buf[:], h0[:])
			b := &m.blocks[lane*m.laneLen+col]
			for i := range b {
				b[i] = binary.LittleEndian.Uint64(buf[8*i:])
			}
		}
	}
}

// tag XORs the last block of every lane and hashes it to keyLen bytes with
// H' (§3.2 steps 7 and 8).
func (m *matrix) tag(keyLen uint32) []byte {
	last := m.blocks[m.laneLen-1]
	for lane := uint32(1); lane < m.lanes; lane++ {
		b := &m.blocks[lane*m.laneLen+m.laneLen-1]
		for i := range last {
			last[i] ^= b[i]
		}
	}
	var buf [1024]byte
	for i, w := range last {
		binary.LittleEndian.PutUint64(buf[8*i:], w)
	}
	out := make([]byte, keyLen)
	variableHash(out, buf[:])
	clear(last[:])
	clear(buf[:])
	return out
}

// wipe zeroes the memory. Its blocks hold everything needed to recompute the
// tag, that is the vault's wrapping key, so they must not stay in the heap
// (in WebAssembly, the module's linear memory) after the key is derived: Go
// reuses freed memory but never clears it on its own.
func (m *matrix) wipe() {
	clear(m.blocks)
}
