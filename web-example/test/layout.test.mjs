// The demo's layout at a phone width (390 px) and a desktop width (1440 px),
// with every panel filled and every <details> open: no element may stick out
// of its panel (bounding boxes compared), and the page must not scroll
// sideways. Screenshots go to test-output/demo/layout-*.png.
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { launchChromium } from '../../scripts/chromium.mjs'
import { startServer } from '../serve.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const webExample = join(here, '..')
const shots = join(webExample, '..', 'test-output', 'demo')

let server, browser, page

before(async () => {
  await build({ configFile: join(webExample, 'vite.config.js'), logLevel: 'warn' })
  await mkdir(shots, { recursive: true })
  server = await startServer({ root: join(webExample, 'dist') })
  browser = await launchChromium({ viewport: { width: 1440, height: 900 } })
  page = await browser.context.newPage()
  await page.goto(`${server.url}?kdf=min`)
  await page.waitForSelector('body[data-ready="true"]')
  await page.fill('#secret', 'layout test secret')
  await page.click('#unlock')
  await page.waitForSelector('#state[data-state="unlocked"]')
  // A session of each scheme: the Smart Sessions card is the widest content.
  for (const scheme of ['smartsessions', 'abstract', 'local']) {
    await page.click(`#presets button[data-preset="${scheme}"]`)
    await page.click('#create')
    await page.waitForSelector(`article.card[data-scheme="${scheme}"]`)
  }
  await page.waitForFunction(() => /Created: signer 0x/.test(document.querySelector('#create-message').textContent))
  const local = page.locator('article.card[data-scheme="local"]').first()
  await local.locator('button[data-action="sign"]').click()
  await page.waitForSelector('article.card[data-scheme="local"] .result[data-action="sign"]')
  await page.click('#refresh-stored')
  await page.waitForFunction(() => document.querySelector('#stored-summary').dataset.tried !== undefined)
  await page.waitForSelector('#stored-records > *')
}, { timeout: 120_000 })

after(async () => {
  await browser?.close()
  await server?.close()
})

/** Opens every <details> on the page (previews, stored records, inactive cards). */
const openAll = () => page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)))

/**
 * Every visible element that reaches outside its panel, or outside the
 * viewport. Content inside a scroll container (overflow-x auto/scroll/hidden
 * below the panel) is that container's to hold: the container itself is checked.
 */
const overflows = () =>
  page.evaluate(() => {
    const out = []
    const vw = document.documentElement.clientWidth
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`
    const scrolled = (el, panel) => {
      for (let a = el.parentElement; a && a !== panel; a = a.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true
      }
      return false
    }
    if (document.documentElement.scrollWidth > vw + 1) {
      out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`)
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect()
        if (r.right > vw + 1 && !scrolled(el, document.body)) out.push(`${name(el)} ends at ${Math.round(r.right)}`)
      }
    }
    for (const panel of document.querySelectorAll('.panel')) {
      const p = panel.getBoundingClientRect()
      if (p.left < -1 || p.right > vw + 1) out.push(`${name(panel)} [${p.left}, ${p.right}] outside the viewport (${vw})`)
      const outside = (r, what, text) => {
        if (r.width === 0 && r.height === 0) return
        if (r.left < p.left - 1 || r.right > p.right + 1) {
          out.push(`${what} in ${name(panel)}: [${Math.round(r.left)}, ${Math.round(r.right)}] outside [${Math.round(p.left)}, ${Math.round(p.right)}] "${text.trim().slice(0, 40)}"`)
        }
      }
      for (const el of panel.querySelectorAll('*')) {
        if (!scrolled(el, panel)) outside(el.getBoundingClientRect(), name(el), el.textContent ?? '')
      }
      // Text can spill out of a box that fits (a long unbreakable word): measure the text itself.
      const walk = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT)
      for (let t = walk.nextNode(); t; t = walk.nextNode()) {
        const el = t.parentElement
        if (scrolled(t, panel) || ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX)) continue
        const range = document.createRange()
        range.selectNodeContents(t)
        outside(range.getBoundingClientRect(), `text in ${name(el)}`, t.textContent)
      }
    }
    return out
  })

for (const width of [1440, 390]) {
  test(`at ${width} px, with every panel open, nothing is wider than its panel`, async () => {
    await page.setViewportSize({ width, height: 900 })
    await openAll()
    const found = await overflows()
    await page.screenshot({ path: join(shots, `layout-${width}.png`), fullPage: true })
    assert.deepEqual(found, [], `elements outside their panel at ${width} px:\n${found.join('\n')}`)
  })
}
