// The line about code scanning: where the alerts are, or why they were not updated.
import type { SarifStep } from '../sarif/publish-sarif.js'
import { bold, link, md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'
import { heldBackSentence } from './left-alone.js'

/** The line, then the accounts left out of the upload when there are any (`label` names them). */
export function sarifLine(step: SarifStep, label: (account: string) => string = a => a): Md {
  const line = uploadLine(step)
  const held = heldBackSentence(step.heldBack, label)
  return held ? md`${line} ${held}` : line
}

function uploadLine(step: SarifStep): Md {
  const head = md`**Code scanning:**`
  const results = count(step.results, 'result')
  if (step.skipped)
    return md`${head} not uploaded: ${step.skipped} The SARIF file holds ${results} (see ${bold('Files')}).`
  const upload = step.upload
  if (!upload) return md`${head} nothing uploaded.`
  const see = step.alertsUrl ? md` ${link('See the alerts', step.alertsUrl)}.` : md``
  if (upload.status === 'complete')
    return md`${head} uploaded and processed, ${results} (one open alert each); alerts of fixed users close on their own.${see}`
  return md`${head} ⚠️ ${upload.warning}${see}`
}
