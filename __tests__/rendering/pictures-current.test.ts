// The README's pictures show the action's real output: when that output changes, the pictures must
// be made again (`npm run screenshots`), and this test says so.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { captureSampleOutput, digestOf, shotSources } from '../../scripts/lib/sample-output.mjs'
import { REPO_ROOT } from '../helpers/moto.js'
import { expectReadable } from '../helpers/readable.js'

describe('the pictures in docs/images', () => {
  it('show what the action writes today, and that reads cleanly', async () => {
    const captured = await captureSampleOutput(
      REPO_ROOT,
      mkdtempSync(join(tmpdir(), 'posturio-pics-'))
    )
    const sources = shotSources(captured)
    for (const markdown of Object.values(sources)) expectReadable(markdown, captured.users)
    const now = Object.fromEntries(
      Object.entries(sources).map(([name, markdown]) => [name, digestOf(markdown)])
    )
    const pictured = JSON.parse(
      readFileSync(join(REPO_ROOT, 'docs', 'images', 'sources.json'), 'utf8')
    ) as Record<string, string>
    // When this fails, the output changed: run `npm run screenshots` and commit docs/images.
    expect(now).toEqual(pictured)
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    for (const name of Object.keys(sources)) expect(readme).toContain(`docs/images/${name}.png`)
  }, 120_000)
})
