import { SessionSignerError } from '../../shared/errors.js'
import type { WalletLike } from '../../shared/types/slots.js'

/**
 * A wallet as an unlock method: the slot secret is the wallet's EIP-712
 * signature over a fixed, versioned message that names the app's namespace
 * and origin. A deterministic signer (an EOA with RFC 6979 nonces, which is
 * what wallets use) gives the same 65 bytes every time, so the signature
 * works like a key only that wallet can produce.
 *
 * Phishing caveat: any site can ask the wallet for this same signature by
 * showing the same message with your origin in it. The origin inside the
 * message is only as good as the user's attention: wallets display it, they
 * do not enforce it. A site that obtains the signature AND a copy of this
 * origin's storage can open the vault. Treat it like a password the wallet
 * types for you, and prefer passkeys where available.
 */

export const walletMessageVersion = '1'

/** The typed data the wallet signs; exported so apps can show or test it. */
export function walletUnlockTypedData(namespace: string, origin: string, address: string) {
  return {
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
      ],
      Unlock: [
        { name: 'purpose', type: 'string' },
        { name: 'namespace', type: 'string' },
        { name: 'origin', type: 'string' },
        { name: 'account', type: 'address' },
      ],
    },
    primaryType: 'Unlock' as const,
    domain: { name: 'sessionsigner vault unlock', version: walletMessageVersion },
    message: {
      purpose: `Unlock your session-key vault on ${origin}. Sign this only on ${origin}.`,
      namespace,
      origin,
      account: address,
    },
  }
}

/** The wallet's account: the one asked for, the client's, or the first it grants. */
export async function walletAddress(wallet: WalletLike, wanted?: string): Promise<string> {
  if (wanted) return checkAddress(wanted)
  if (wallet.account?.address) return checkAddress(wallet.account.address)
  const accounts = (await wallet.request({ method: 'eth_requestAccounts' })) as string[]
  if (!Array.isArray(accounts) || accounts.length === 0) {
    throw new SessionSignerError('CANCELED', 'the wallet shared no account; connect it and try again')
  }
  return checkAddress(accounts[0]!)
}

/** Asks the wallet for the unlock signature, as bytes (the caller transfers and wipes them). */
export async function walletSignature(wallet: WalletLike, namespace: string, address: string): Promise<Uint8Array<ArrayBuffer>> {
  const typed = walletUnlockTypedData(namespace, location.origin, address)
  let sig: unknown
  try {
    sig = await wallet.request({ method: 'eth_signTypedData_v4', params: [address, JSON.stringify(typed)] })
  } catch (err) {
    throw new SessionSignerError('CANCELED', `the wallet did not sign: ${(err as Error)?.message ?? err}`, { cause: err })
  }
  if (typeof sig !== 'string' || !/^0x([0-9a-fA-F]{2}){32,}$/.test(sig)) {
    throw new SessionSignerError('INVALID_REQUEST', 'the wallet returned something that is not a hex signature')
  }
  const out = new Uint8Array((sig.length - 2) / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(sig.slice(2 + 2 * i, 4 + 2 * i), 16)
  return out
}

function checkAddress(a: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw new SessionSignerError('INVALID_REQUEST', `"${a}" is not an address`)
  return a.toLowerCase()
}
