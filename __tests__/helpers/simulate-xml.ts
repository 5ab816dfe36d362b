// Test fixture: iam:SimulatePrincipalPolicy answers and IAM errors in AWS's XML, element for element
// as the API reference's examples show them (SimulatePrincipalPolicy, "Example: Simulating a Policy").
import type { SimDecision } from '../../src/policy/simulation.js'

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/'

export interface Evaluated {
  readonly action: string
  readonly decision: SimDecision
  /** The policy whose statement decided (allow or explicit deny); none for an implicit deny. */
  readonly policy: string | undefined
  readonly missingContext: readonly string[]
}

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function matched(policy: string | undefined): string {
  if (policy === undefined) return '        <MatchedStatements/>\n'
  return (
    '        <MatchedStatements>\n' +
    '          <member>\n' +
    `            <SourcePolicyId>${escapeXml(policy)}</SourcePolicyId>\n` +
    '            <EndPosition>\n              <Column>6</Column>\n              <Line>11</Line>\n            </EndPosition>\n' +
    '            <StartPosition>\n              <Column>17</Column>\n              <Line>3</Line>\n            </StartPosition>\n' +
    '          </member>\n' +
    '        </MatchedStatements>\n'
  )
}

function missing(keys: readonly string[]): string {
  if (keys.length === 0) return '        <MissingContextValues/>\n'
  const members = keys.map(k => `          <member>${escapeXml(k)}</member>\n`).join('')
  return `        <MissingContextValues>\n${members}        </MissingContextValues>\n`
}

/** A page of results; `marker` when more follow (`IsTruncated` true). */
export function simulationXml(
  results: readonly Evaluated[],
  marker: string | undefined,
  requestId: string
): string {
  const members = results
    .map(
      r =>
        '      <member>\n' +
        matched(r.policy) +
        missing(r.missingContext) +
        '        <EvalResourceName>*</EvalResourceName>\n' +
        `        <EvalDecision>${r.decision}</EvalDecision>\n` +
        `        <EvalActionName>${escapeXml(r.action)}</EvalActionName>\n` +
        '      </member>\n'
    )
    .join('')
  return (
    `<SimulatePrincipalPolicyResponse xmlns="${XMLNS}">\n` +
    '  <SimulatePrincipalPolicyResult>\n' +
    `    <IsTruncated>${marker === undefined ? 'false' : 'true'}</IsTruncated>\n` +
    `    <EvaluationResults>\n${members}    </EvaluationResults>\n` +
    (marker === undefined ? '' : `    <Marker>${escapeXml(marker)}</Marker>\n`) +
    '  </SimulatePrincipalPolicyResult>\n' +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
    '</SimulatePrincipalPolicyResponse>\n'
  )
}

/** IAM's error document: Sender errors for 4xx answers. */
export function errorXml(code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${XMLNS}">\n  <Error>\n    <Type>Sender</Type>\n` +
    `    <Code>${escapeXml(code)}</Code>\n    <Message>${escapeXml(message)}</Message>\n` +
    `  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`
  )
}
