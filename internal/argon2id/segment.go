package argon2id

// fillSegment computes the blocks of one lane in one slice (§3.4). Each new
// block compresses the block before it with a reference block chosen by two
// 32-bit numbers, J1 and J2: in the first half of the first pass they come
// from a stream of address blocks that depends only on the position
// (Argon2i's data-independent addressing, which resists side channels), and
// from then on from the previous block's first word (Argon2d's
// data-dependent addressing, which resists trade-off attacks).
func (m *matrix) fillSegment(pass, lane, slice uint32) {
	independent := pass == 0 && slice < SyncPoints/2
	var addr addresses
	if independent {
		addr.init(pass, lane, slice, uint32(len(m.blocks)), m.passes)
	}
	start := uint32(0)
	if pass == 0 && slice == 0 {
		start = 2 // the first two blocks of each lane come from H0
	}
	laneStart := lane * m.laneLen
	col := slice*m.segLen + start
	prev := laneStart + col - 1
	if col == 0 {
		prev = laneStart + m.laneLen - 1
	}
	for index := start; index < m.segLen; index, col, prev = index+1, col+1, laneStart+col {
		var rand uint64
		if independent {
			rand = addr.next(index)
		} else {
			rand = m.blocks[prev][0]
		}
		refLane := uint32(rand>>32) % m.lanes
		if pass == 0 && slice == 0 {
			refLane = lane // nothing of the other lanes exists yet
		}
		ref := refLane*m.laneLen + m.refColumn(pass, slice, index, uint32(rand), refLane == lane)
		compress(&m.blocks[laneStart+col], &m.blocks[prev], &m.blocks[ref], pass > 0)
	}
}

// refColumn maps J1 to a column of the reference lane (§3.4.1.2). The
// candidates are the blocks already finished that no lane is writing now:
// in the own lane everything computed so far but the previous block; in
// another lane, only whole finished segments, less their last block when
// the new block opens a segment. J1 picks among them with a quadratic bias
// toward recent blocks.
func (m *matrix) refColumn(pass, slice, index, j1 uint32, sameLane bool) uint32 {
	var area, start uint32
	if pass == 0 {
		area = slice * m.segLen
	} else {
		area = m.laneLen - m.segLen
		start = (slice + 1) * m.segLen % m.laneLen
	}
	switch {
	case sameLane:
		area += index - 1
	case index == 0:
		area--
	}
	x := uint64(j1) * uint64(j1) >> 32
	y := uint64(area) * x >> 32
	return (start + area - 1 - uint32(y)) % m.laneLen
}

// addresses is the data-independent source of J1 and J2: each address
// block is G(0, G(0, Z)) over an input block Z that holds the position
// (pass, lane, slice), the sizes, and a counter (§3.4.1.2), and yields 128
// pairs.
type addresses struct {
	input, block block
}

func (a *addresses) init(pass, lane, slice, blocks, passes uint32) {
	a.input[0] = uint64(pass)
	a.input[1] = uint64(lane)
	a.input[2] = uint64(slice)
	a.input[3] = uint64(blocks)
	a.input[4] = uint64(passes)
	a.input[5] = typeID
	a.input[6] = 0 // the counter, incremented before each address block
}

// next returns the pair (J2 << 32 | J1) for the block at index in its
// segment, computing the next address block every 128 blocks. The first
// block of the first pass's first segment starts at index 2, and still
// reads the first address block.
func (a *addresses) next(index uint32) uint64 {
	i := index % blockWords
	if i == 0 || a.input[6] == 0 {
		var zero, t block
		a.input[6]++
		compress(&t, &zero, &a.input, false)
		compress(&a.block, &zero, &t, false)
	}
	return a.block[i]
}
