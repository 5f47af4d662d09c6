/**
 * sessionsigner/react: a provider and hooks shaped like wagmi's, for apps
 * that hold a vault in React. A separate entry so the main package never
 * imports react (an optional peer dependency).
 */
export { SessionSignerProvider, type SessionSignerProviderProps } from '../page/react/context.js'
export { useVault, useSessions, useCreateSession, useSign, useRevoke } from '../page/react/hooks.js'
export type { QueryResult, MutationState } from '../page/react/status.js'
