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
    // The page's advice, where it has some, says what the vault's message
    // says in the user's words: one of the two, not both.
    return `${err.code}${err.rule ? ` (rule: ${err.rule})` : ''}: ${advice[err.code] ?? sentence(err.message)}`
  }
  return `Unexpected error: ${sentence(String(err?.message ?? err))}`
}

/** Ends a message with a full stop unless it already ends a sentence. */
function sentence(text) {
  const t = text.trim()
  return /[.!?]$/.test(t) ? t : `${t}.`
}

export { SessionSignerError }
