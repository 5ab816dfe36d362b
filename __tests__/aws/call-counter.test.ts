// Counting an account's AWS calls: real SDK clients against a local IAM endpoint that answers in
// IAM's wire format, with pages and a throttled attempt.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { GetAccountSummaryCommand, IAMClient, paginateListMFADevices } from '@aws-sdk/client-iam'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { callCounter, counting } from '../../src/aws/call-counter.js'

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/'
const META = '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>'

let server: Server
let endpoint = ''
/** Requests the endpoint received, by action: retries show here, not in the counts. */
const received: string[] = []
let throttleNext = 0

function answer(action: string, body: URLSearchParams): { status: number; xml: string } {
  if (throttleNext > 0) {
    throttleNext--
    return {
      status: 400,
      xml: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`
    }
  }
  if (action === 'GetAccountSummary')
    return {
      status: 200,
      xml: `<GetAccountSummaryResponse xmlns="${NS}"><GetAccountSummaryResult><SummaryMap><entry><key>Users</key><value>3</value></entry></SummaryMap></GetAccountSummaryResult>${META}</GetAccountSummaryResponse>`
    }
  // ListMFADevices in two pages.
  const second = body.get('Marker') === 'page-2'
  return {
    status: 200,
    xml: `<ListMFADevicesResponse xmlns="${NS}"><ListMFADevicesResult><MFADevices/><IsTruncated>${second ? 'false' : 'true'}</IsTruncated>${second ? '' : '<Marker>page-2</Marker>'}</ListMFADevicesResult>${META}</ListMFADevicesResponse>`
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = ''
    req.on('data', chunk => (raw += String(chunk)))
    req.on('end', () => {
      const body = new URLSearchParams(raw)
      const action = body.get('Action') ?? ''
      received.push(action)
      const { status, xml } = answer(action, body)
      res.writeHead(status, { 'content-type': 'text/xml' })
      res.end(xml)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise(resolve => server.close(resolve))
})

const iamClient = (): IAMClient =>
  new IAMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 3,
    retryMode: 'standard'
  })

describe('callCounter', () => {
  it('counts each command sent, per operation, each page of a listing included, most first', async () => {
    const counter = callCounter()
    const iam = counting(iamClient, 'iam', counter)()
    await iam.send(new GetAccountSummaryCommand({}))
    for await (const page of paginateListMFADevices({ client: iam }, { UserName: 'alice' }))
      expect(page.MFADevices).toEqual([])
    expect(counter.counts()).toEqual([
      { operation: 'iam:ListMFADevices', calls: 2 },
      { operation: 'iam:GetAccountSummary', calls: 1 }
    ])
  })

  it('counts a call the SDK retried after throttling once: the evidence lists calls, not attempts', async () => {
    const counter = callCounter()
    const iam = counting(iamClient, 'iam', counter)()
    received.length = 0
    throttleNext = 1
    await iam.send(new GetAccountSummaryCommand({}))
    expect(received).toEqual(['GetAccountSummary', 'GetAccountSummary'])
    expect(counter.counts()).toEqual([{ operation: 'iam:GetAccountSummary', calls: 1 }])
  })

  it('keeps two accounts apart: each scan builds clients of its own', async () => {
    const first = callCounter()
    const second = callCounter()
    await counting(iamClient, 'iam', first)().send(new GetAccountSummaryCommand({}))
    const other = counting(iamClient, 'iam', second)()
    await other.send(new GetAccountSummaryCommand({}))
    await other.send(new GetAccountSummaryCommand({}))
    expect(first.counts()).toEqual([{ operation: 'iam:GetAccountSummary', calls: 1 }])
    expect(second.counts()).toEqual([{ operation: 'iam:GetAccountSummary', calls: 2 }])
  })

  it('lets two scans count through one shared client without a clash of middleware names', async () => {
    const shared = iamClient()
    const first = callCounter()
    const second = callCounter()
    counting(() => shared, 'iam', first)()
    counting(() => shared, 'iam', second)()
    await shared.send(new GetAccountSummaryCommand({}))
    expect(first.counts()).toEqual(second.counts())
    expect(second.counts()).toEqual([{ operation: 'iam:GetAccountSummary', calls: 1 }])
  })

  it('starts empty: an account scanned offline made no call', () => {
    expect(callCounter().counts()).toEqual([])
  })
})
