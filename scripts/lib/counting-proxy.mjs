// A loopback HTTP proxy in front of the AWS emulator that counts the AWS API calls passing through,
// by action (the `Action` of the query protocol). Used by the benchmark and the call-budget test.
// With `freezeReport()`, it answers GetCredentialReport with the last report it saw, the way AWS
// hands back its cached report for up to 4 hours (the emulator always builds a fresh one).
import { createServer, request } from 'node:http'

export async function startCountingProxy(target) {
  const counts = new Map()
  let frozen = false
  let lastReport

  const upstream = new URL(target)
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const action =
        new URLSearchParams(body.toString('utf8')).get('Action') ?? `${req.method} ${req.url}`
      counts.set(action, (counts.get(action) ?? 0) + 1)
      const isReport = action === 'GetCredentialReport'
      if (isReport && frozen && lastReport) {
        res.writeHead(200, lastReport.headers).end(lastReport.body)
        return
      }
      const forward = request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers
        },
        reply => {
          const parts = []
          reply.on('data', c => parts.push(c))
          reply.on('end', () => {
            const replyBody = Buffer.concat(parts)
            if (isReport && reply.statusCode === 200) {
              lastReport = { headers: reply.headers, body: replyBody }
            }
            res.writeHead(reply.statusCode ?? 502, reply.headers).end(replyBody)
          })
        }
      )
      forward.on('error', () => res.writeHead(502).end())
      forward.end(body)
    })
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => Object.fromEntries([...counts.entries()].sort()),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    freezeReport: (on = true) => {
      frozen = on
    },
    stop: () => new Promise(resolve => server.close(() => resolve()))
  }
}
