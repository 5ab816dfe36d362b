import { describe, expect, it } from '@jest/globals'
import type { IssueStep } from '../../src/issues/track-issues.js'
import { issueWarnings } from '../../src/render/issue-warnings.js'
import { md } from '../../src/text/markdown.js'
import { visibleText } from '../../scripts/lib/render-markdown.mjs'

const REPO = 'https://github.com/acme/security-findings'

function step(held: number): IssueStep {
  return {
    status: 'applied',
    repo: 'acme/security-findings',
    repoUrl: REPO,
    reason: undefined,
    applied: undefined,
    plan: {
      ops: [],
      waiting: 0,
      accepted: [],
      ignored: [],
      held: Array.from({ length: held }, (_, i) => ({
        number: i + 1,
        url: `${REPO}/issues/${i + 1}`,
        why: md`this run sees it fixed, but its credential report is old`,
        account: '123456789012',
        user: `user${i}`,
        liveWouldHelp: i === 0
      }))
    }
  }
}

const words = (s: IssueStep): string[] =>
  issueWarnings(s).map(w => visibleText(w.markdown).replace(/\u2060/g, ''))

describe('issueWarnings', () => {
  it('names each issue kept open, why, and when a live run would settle it', () => {
    expect(words(step(2))).toEqual([
      '#1 stays open: this run sees it fixed, but its credential report is old. A run with live AWS credentials checks the user directly.',
      '#2 stays open: this run sees it fixed, but its credential report is old.'
    ])
  })

  it('names ten issues at most, then counts the rest once', () => {
    const w = words(step(13))
    expect(w).toHaveLength(11)
    expect(w.at(-1)).toBe('3 more held issues, listed in the log.')
  })
})
