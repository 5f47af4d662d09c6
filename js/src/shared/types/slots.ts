/** The ways a vault can be unlocked; each is a key slot in the vault header. */
export type SlotKind = 'passphrase' | 'passkey' | 'wallet' | 'device' | 'server'

/** One unlock method of a vault, as listed by vault.slots() (never a secret). */
export interface SlotInfo {
  id: string
  kind: SlotKind
  name?: string
  /** Unix seconds. */
  createdAt: number
  /** Unix seconds; remembered devices always expire. */
  expiresAt?: number
  /** Passkey slots: the WebAuthn credential id (base64url) and the PRF input (base64url). */
  credentialId?: string
  prfSalt?: string
  /** Wallet slots: the account that signs. */
  address?: string
  expired?: boolean
}

/** Public fields of a new slot, as the worker takes them. */
export interface SlotParams {
  name?: string
  expiresAt?: number
  credentialId?: Uint8Array
  prfSalt?: Uint8Array
  address?: string
}

/** What vault.unlock accepts besides a passphrase. */
export type UnlockMethod =
  | { passkey: true | string }
  | { wallet: WalletLike; address?: string }
  | { server: Uint8Array; slotId?: string }

/**
 * An existing unlock method, proven by its secret: what vault.unlock takes,
 * or `{ device: true }` for this browser's remembered-device key.
 */
export type ProvenMethod = string | Uint8Array | UnlockMethod | { device: true }

/** A new unlock method for vault.replaceSlot. */
export type NewSlot =
  | { passphrase: string | Uint8Array; name?: string }
  | { passkey: true | AddPasskeyOptions }
  | AddWalletOptions
  | { server: Uint8Array; name?: string }

/** An EIP-1193 provider (window.ethereum) or a viem wallet client. */
export interface WalletLike {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>
  account?: { address: string }
}

/** Options of vault.addPasskey. */
export interface AddPasskeyOptions {
  /** Shown by the authenticator; defaults to the page's host name. */
  rpName?: string
  /** The account name stored with the passkey; defaults to the vault's namespace. */
  userName?: string
  /** The slot's display name in vault.slots(). */
  name?: string
}

/** Options of vault.addWallet. */
export interface AddWalletOptions {
  wallet: WalletLike
  /** Which account signs; defaults to the wallet's first account. */
  address?: string
  name?: string
}

/** Options of vault.rememberDevice. */
export interface RememberDeviceOptions {
  /** Seconds the device stays remembered: default 12 h, at most 30 days. */
  for?: number
}
