// Starts Debian's headless Chromium (never a downloaded browser) the way
// every browser test and benchmark here does: the flags below and a fresh
// user-data-dir that is deleted afterwards.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium'

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Launches Chromium with a fresh profile. Resolves to { context, close }:
 * the persistent context of that profile, and a close() that also removes
 * the profile directory.
 */
export async function launchChromium({ viewport = { width: 1280, height: 900 } } = {}) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: install Debian's chromium (make deps does it when run as root)`)
  }
  const profile = await mkdtemp(join(tmpdir(), 'sessionsigner-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport,
  })
  return {
    context,
    async close() {
      await context.close().catch(() => {})
      await rm(profile, { recursive: true, force: true })
    },
  }
}

/**
 * Launches one Chromium (Playwright gives it a temporary profile) for
 * callers that open several fresh contexts in it, each with an empty cache,
 * like the benchmark's cold runs.
 */
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: install Debian's chromium (make deps does it when run as root)`)
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs })
}

/** "Chromium 156.0.8078.79 built on Debian …", for the benchmark's machine line. */
export function chromiumVersion() {
  try {
    return execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return 'unknown'
  }
}

/**
 * Adds a platform-like virtual authenticator (CDP) to a tab, with the
 * WebAuthn PRF extension unless hasPrf is false; resolves to a function
 * that removes it. WebAuthn needs the page served from a domain (localhost).
 */
export async function addVirtualAuthenticator(context, page, { hasPrf = true } = {}) {
  const cdp = await context.newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      hasPrf,
    },
  })
  return async () => {
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId })
    await cdp.detach()
  }
}
