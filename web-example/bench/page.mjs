// Loading one benchmark page, for run.mjs and rows.mjs.

/**
 * Loads url in a fresh browser context (empty caches) and returns what the
 * page reported in window.__bench. Its "bench: " console lines and errors
 * go to say, after label.
 */
export async function runPage(browser, url, label, timeout, say) {
  const context = await browser.newContext()
  const page = await context.newPage()
  page.on('console', (m) => {
    const text = m.text()
    if (text.startsWith('bench: ')) say(`  ${label}: ${text.slice(7)}`)
    else if (m.type() === 'error') say(`  ${label}: console error: ${text}`)
  })
  page.on('pageerror', (e) => say(`  ${label}: page error: ${e.message}`))
  try {
    await page.goto(url)
    await page.waitForFunction(() => globalThis.__bench?.done, null, { timeout, polling: 100 })
    const out = await page.evaluate(() => globalThis.__bench)
    if (out.error) throw new Error(`${label}: ${out.error}`)
    return out.results
  } finally {
    await context.close()
  }
}
