import { createContext, createElement, useContext, type ReactNode } from 'react'
import type { Vault } from '../vault.js'
import { SessionSignerError } from '../../shared/errors.js'

const VaultContext = createContext<Vault | null>(null)

/** Props of SessionSignerProvider: the vault from openVault, opened once by the app. */
export interface SessionSignerProviderProps {
  vault: Vault
  children?: ReactNode
}

/**
 * Makes a vault available to the hooks below it, as WagmiProvider does for a
 * wagmi config. The app opens the vault (openVault is async, and where the
 * worker and storage come from is the app's choice) and closes it when done.
 */
export function SessionSignerProvider({ vault, children }: SessionSignerProviderProps): ReactNode {
  return createElement(VaultContext.Provider, { value: vault }, children)
}

/** The provider's vault; a hook used outside a provider says so. */
export function useVaultContext(hook: string): Vault {
  const vault = useContext(VaultContext)
  if (!vault) {
    throw new SessionSignerError('INVALID_REQUEST', `${hook} must be used inside <SessionSignerProvider vault={vault}>: wrap your app in it`)
  }
  return vault
}
