// The published type declarations (dist/*.d.ts) describe the API an app
// uses: a consumer file that exercises it, including two uses that must NOT
// type-check (@ts-expect-error), compiles with tsc --strict.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const tsc = join(here, '../../../node_modules/.bin/tsc')

test('an app written against the declarations type-checks', async () => {
  const run = promisify(execFile)
  try {
    await run(tsc, ['-p', join(here, 'fixtures/tsconfig.json')])
  } catch (err) {
    assert.fail(`tsc found errors:\n${err.stdout}${err.stderr}`)
  }
})
