// Small helpers the presets share.

/** Unix seconds `hours` from now. */
export function expiresIn(hours) {
  const h = Number(hours)
  if (!Number.isFinite(h) || h <= 0) throw new Error('the lifetime must be a positive number of hours')
  return Math.floor(Date.now() / 1000 + h * 3600)
}

/** A fixed, readable recipient for the presets (the second of the well-known local test accounts). */
export const demoRecipient = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

/** A stand-in smart account address, to be replaced by a real one (or by the connected wallet). */
export const demoAccount = '0x5A0b54D5dc17e0AadC383d2db43B0a0D3E029c4c'
