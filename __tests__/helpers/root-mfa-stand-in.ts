// Test fixture: a stand-in for what the AWS emulator cannot stage, a root user with MFA, as a
// rewrite of moto's answers for the AWS fault proxy. moto's credential report has no root row, its
// GetAccountSummary always says AccountMFAEnabled = 0, and its EnableMFADevice takes only an IAM
// user. So, in moto's own successful answers, the report gets AWS's `<root_account>` row (MFA
// active), AccountMFAEnabled becomes 1, and, while root's device is virtual, ListVirtualMFADevices
// lists root's device in AWS's XML shape (the VirtualMFADevice and User elements of the IAM API).
// Every request still reaches moto, which authorizes it: a denied or failed call is moto's answer.
import type { Rewrite } from './aws-fault-proxy.js'
import { reportCsv, rootRow } from './report-csv.js'

export interface RootMfaStandIn {
  /** For `startAwsFaultProxy(moto.endpoint, rewrite)`. */
  readonly rewrite: Rewrite
  /** Whether root's MFA device is virtual (listed by ListVirtualMFADevices) or hardware. */
  rootDevice(kind: 'virtual' | 'hardware'): void
}

/** Root's device as AWS lists it: the console's serial, the root user's ARN, no path or name. */
function rootDeviceXml(account: string): string {
  return (
    `<member><SerialNumber>arn:aws:iam::${account}:mfa/root-account-mfa-device</SerialNumber>` +
    `<User><UserId>${account}</UserId><Arn>arn:aws:iam::${account}:root</Arn>` +
    `<CreateDate>2015-04-26T19:45:54Z</CreateDate></User>` +
    `<EnableDate>2024-05-06T07:08:09Z</EnableDate></member>`
  )
}

/** moto's report with root's row after the header, as AWS lists root first. */
function withRootRow(xml: string, account: string): string {
  return xml.replace(/<Content>([^<]*)<\/Content>/, (_all, content: string) => {
    const [header, ...rest] = Buffer.from(content, 'base64').toString('utf8').split('\n')
    const root = reportCsv([rootRow({ mfa_active: 'true' }, account)]).split('\n')[1] ?? ''
    const csv = [header, root, ...rest].join('\n')
    return `<Content>${Buffer.from(csv, 'utf8').toString('base64')}</Content>`
  })
}

function withRootDevice(xml: string, account: string): string {
  const member = rootDeviceXml(account)
  return xml.includes('<VirtualMFADevices/>')
    ? xml.replace('<VirtualMFADevices/>', `<VirtualMFADevices>${member}</VirtualMFADevices>`)
    : xml.replace('<VirtualMFADevices>', `<VirtualMFADevices>${member}`)
}

/** Root with MFA in `account`; its device hardware until `rootDevice('virtual')`. */
export function rootMfaStandIn(account = '123456789012'): RootMfaStandIn {
  let kind: 'virtual' | 'hardware' = 'hardware'
  return {
    rewrite: (action, xml) => {
      if (action === 'GetCredentialReport') return withRootRow(xml, account)
      if (action === 'GetAccountSummary')
        return xml.replace(
          '<key>AccountMFAEnabled</key><value>0</value>',
          '<key>AccountMFAEnabled</key><value>1</value>'
        )
      if (action === 'ListVirtualMFADevices' && kind === 'virtual')
        return withRootDevice(xml, account)
      return xml
    },
    rootDevice: next => {
      kind = next
    }
  }
}
