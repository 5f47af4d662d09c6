// How the page shows an error. SessionSignerError carries a stable code and,
// for a policy refusal, the rule that failed; anything else is a bug in the
// page and says so.
import { SessionSignerError } from 'sessionsigner'

const advice = {
  WRONG_SECRET: 'That is not this vault’s secret. Nothing was changed.',
  LOCKED: 'Unlock the vault first.',
  STORAGE_UNAVAILABLE: 'This browser refuses storage here (a private window?).',
}

export function describeError(err) {
  if (err instanceof SessionSignerError) {
    const tip = advice[err.code] ? ` ${advice[err.code]}` : ''
    return `${err.code}${err.rule ? ` (rule: ${err.rule})` : ''}: ${err.message}${tip}`
  }
  return `Unexpected error: ${err?.message ?? err}`
}

export { SessionSignerError }
