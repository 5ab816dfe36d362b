// Test fixture: checks that Markdown the action wrote reads cleanly once GitHub renders it, and
// reads the SARIF text people see in a code scanning alert.
import { expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { renderProblems, visibleText } from '../../scripts/lib/render-markdown.mjs'

/** Text a careless or hostile person might put in a reason or a tag: it must stay words. */
export const HOSTILE = {
  reason: 'sealed *creds* <img src=x onerror=alert(1)> [docs](https://evil.example) @octocat #12',
  tag: 'approved by @security-team in #7 ~~see~~ `rm -rf`'
}

/** Links the action itself makes: the run, the workflow, issues, alerts; nothing else. */
export function allowedLink(href: string): boolean {
  return /^https:\/\/github\.com\/acme\/[\w.-]+\/(actions|issues|security)\b/.test(href)
}

/** What a reader sees (the invisible word joiners that stop GitHub's autolinks taken out). */
export function seen(markdown: string): string {
  return visibleText(markdown).replace(/\u2060/g, '')
}

/** Fails with every problem a reader would see: markup artefacts, bad plurals, links or mentions from data. */
export function expectReadable(markdown: string, data: readonly string[]): void {
  expect(renderProblems(markdown, { allowedLinks: allowedLink, data })).toEqual([])
}

interface SarifLog {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; help: { markdown: string; text: string } }> } }
    results: Array<{ message: { text: string } }>
  }>
}

/** The rule help (Markdown) and result messages (plain text) of a SARIF file. */
export function sarifTexts(file: string): {
  help: string[]
  helpByRule: Record<string, string>
  messages: string[]
} {
  const log = JSON.parse(readFileSync(file, 'utf8')) as SarifLog
  const rules = log.runs.flatMap(r => r.tool.driver.rules)
  return {
    help: rules.map(r => r.help.markdown),
    helpByRule: Object.fromEntries(rules.map(r => [r.id, r.help.markdown])),
    messages: log.runs.flatMap(r => r.results.map(x => x.message.text))
  }
}

/** A comment the action posted, without the hidden marker line that ends it. */
export const said = (comment: string): string =>
  comment.replace(/\n\n<!-- posturio-iam-mfa:comment [^>]*-->$/, '')
