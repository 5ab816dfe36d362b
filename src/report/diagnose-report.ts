// Recognising what a saved file is when it is not a credential report CSV, to say what went wrong.
import { REQUIRED_COLUMNS } from './parse-report.js'
import { excerpt, NO_SPREADSHEET } from './report-source.js'

export interface Diagnosis {
  /** What is wrong, in plain words. */
  readonly problem: string
  /** Advice for this mistake, said before the commands to run. */
  readonly advice?: string
}

function firstLine(text: string): string {
  return text.trimStart().split(/\r?\n|\r/, 1)[0] ?? ''
}

/** How many of the needed columns the first line names when split on `delimiter`. */
function headerHits(text: string, delimiter: string): number {
  const fields = firstLine(text)
    .split(delimiter)
    .map(f => f.trim().replace(/^"(.*)"$/, '$1'))
  return REQUIRED_COLUMNS.filter(c => fields.includes(c)).length
}

/** True when the first line is a comma-separated header with some of the report's columns. */
export function looksLikeReport(text: string): boolean {
  return headerHits(text, ',') >= 2
}

const DELIMITERS = [
  {
    char: ';',
    name: 'semicolons',
    how: 'as a spreadsheet program writes a CSV in locales that use a decimal comma'
  },
  {
    char: '\t',
    name: 'tabs',
    how: 'as a spreadsheet program\'s "Text (Tab delimited)" or "Unicode Text" save writes it, or a copy and paste from one'
  }
] as const

function cliError(text: string): Diagnosis | undefined {
  const aws = /An error occurred \(([\w.]+)\) when calling the (\w+) operation/.exec(text)
  const what = aws
    ? `${aws[1]} from ${aws[2]}`
    : /Unable to locate credentials/.test(text)
      ? 'no credentials'
      : ''
  if (!what) return undefined
  return {
    problem: `it holds an AWS CLI error (${what}), not a report: the command failed and its error went into the file.`,
    ...(/AccessDenied|credentials/.test(what)
      ? {
          advice:
            'Run it with credentials that allow `iam:GenerateCredentialReport` and `iam:GetCredentialReport`.'
        }
      : {})
  }
}

function markup(text: string, start: string): Diagnosis | undefined {
  if (!start.startsWith('<')) return undefined
  if (/GetCredentialReport(Response|Result)/.test(text)) {
    return {
      problem:
        'it is the XML response of the IAM API (GetCredentialReportResponse), not what the AWS CLI saves.'
    }
  }
  const page = /<(!doctype html|html|head|body)[\s>]/i.test(text)
  return {
    problem:
      `it is ${page ? 'an HTML page' : 'XML or HTML markup'} (it begins ${excerpt(text)}), not a ` +
      `credential report${page ? ': perhaps a sign-in or error page saved in place of the report' : ''}.`
  }
}

function cliPrint(text: string, start: string): Diagnosis | undefined {
  if (/^-{3,}\s*$/.test(start) && /\|\s*GetCredentialReport\s*\|/.test(text)) {
    return {
      problem:
        'it is the `--output table` print of `aws iam get-credential-report`, which the action cannot read.'
    }
  }
  if (/^Content:\s*\S/m.test(text) && /^(ReportFormat|GeneratedTime):/m.test(text)) {
    return {
      problem:
        'it is the `--output yaml` print of `aws iam get-credential-report`; the action reads its JSON instead.'
    }
  }
  if (start === '---' || /^[\w.-]+:(\s|$)/.test(start)) {
    return { problem: `it looks like YAML (it begins ${excerpt(text)}), not a credential report.` }
  }
  return undefined
}

/** Says what `text`, which does not look like a report, is instead. */
export function diagnoseNotReport(text: string): Diagnosis {
  const start = firstLine(text).trim()
  for (const d of DELIMITERS) {
    if (headerHits(text, d.char) >= 2) {
      return {
        problem:
          `it separates fields with ${d.name} where a credential report uses commas, ${d.how}; ` +
          'its dates and names may have been rewritten too.',
        advice: NO_SPREADSHEET
      }
    }
  }
  const known = cliError(text) ?? markup(text, start) ?? cliPrint(text, start)
  if (known) return known
  return {
    problem:
      'it is not a credential report: a report starts with the header ' +
      `user,arn,user_creation_time,password_enabled,... but this file begins ${excerpt(text)}.`
  }
}
