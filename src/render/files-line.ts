// The line about the run's files (report file and SARIF): the artifact that keeps them, or how to keep them.
import { link, md, prose, type Md } from '../text/markdown.js'

export type FilesStep =
  | { readonly status: 'uploaded'; readonly name: string; readonly url: string | undefined }
  | { readonly status: 'off' }
  | { readonly status: 'skipped' | 'failed'; readonly reason: string }

const KEEP = md`To keep them, upload the \`report-file\` and \`sarif-file\` outputs with \`actions/upload-artifact\`.`

export function filesLine(step: FilesStep): Md {
  const head = md`**Files:**`
  switch (step.status) {
    case 'uploaded': {
      const name = step.url ? link(step.name, step.url) : md`${step.name}`
      return md`${head} the report file (every finding with its evidence) and the SARIF are in the artifact ${name}${step.url ? md`` : md` (under *Artifacts* on this run's page)`}.`
    }
    case 'off':
      return md`${head} the report file and the SARIF stay on the runner and are gone when the job ends (\`upload-artifact: false\`). ${KEEP}`
    case 'skipped':
      return md`${head} no artifact: ${prose(step.reason)}`
    case 'failed':
      return md`${head} ⚠️ the artifact could not be uploaded (${prose(step.reason)}), so the report file and the SARIF are gone when the job ends. ${KEEP}`
  }
}
