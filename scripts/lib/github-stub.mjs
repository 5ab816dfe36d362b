// A minimal in-memory GitHub issues API on 127.0.0.1 for the benchmark and the screenshots: counts
// reads and writes, and keeps the issues and the comments posted on them.
// (The tests use the stricter fixture in __tests__/helpers, which checks requests against GitHub's
// OpenAPI description.)
import { createServer } from 'node:http'

/** The login the token belongs to, as GitHub Actions' own token answers. */
const BOT = 'github-actions[bot]'

export async function startGithubStub() {
  const issues = []
  const comments = []
  const labels = new Set()
  const counts = { reads: 0, writes: 0 }
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url, 'http://127.0.0.1')
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
      const send = (status, data) =>
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(data === undefined ? '' : JSON.stringify(data))
      // The repository the request names, as GitHub's links do.
      const repo = /^\/repos\/([^/]+\/[^/]+)/.exec(url.pathname)?.[1] ?? 'acme/findings'
      const view = i => ({
        ...i,
        html_url: `https://github.com/${repo}/issues/${i.number}`,
        labels: i.labels.map(name => ({ name })),
        assignees: [],
        user: { login: BOT }
      })
      const p = url.pathname
      // GraphQL answers only who the token belongs to: a read.
      if (req.method === 'GET' || p === '/graphql') counts.reads++
      else counts.writes++
      if (req.method === 'POST' && p === '/graphql')
        return send(200, { data: { viewer: { login: BOT } } })
      let m
      if (req.method === 'GET' && /^\/repos\/[^/]+\/[^/]+$/.test(p))
        return send(200, { private: true, visibility: 'private' })
      if (req.method === 'GET' && /\/issues$/.test(p)) {
        const page = Number(url.searchParams.get('page') ?? 1)
        const per = Number(url.searchParams.get('per_page') ?? 30)
        // Every issue here is the action's, with its label: by label or by creator, the same list.
        const all = issues.slice().reverse()
        const next = page * per < all.length
        const filter = url.searchParams.get('creator')
          ? `creator=${encodeURIComponent(url.searchParams.get('creator'))}`
          : 'labels=iam-mfa'
        if (next)
          res.setHeader(
            'link',
            `<http://${req.headers.host}${p}?${filter}&state=all&per_page=${per}&page=${page + 1}>; rel="next"`
          )
        return send(200, all.slice((page - 1) * per, page * per).map(view))
      }
      if (req.method === 'GET' && (m = /\/labels\/(.+)$/.exec(p)))
        return labels.has(decodeURIComponent(m[1]))
          ? send(200, { name: m[1] })
          : send(404, { message: 'Not Found' })
      if (req.method === 'POST' && /\/labels$/.test(p))
        return (labels.add(body.name), send(201, { name: body.name }))
      if (req.method === 'GET' && /\/assignees\//.test(p))
        return send(404, { message: 'Not Found' })
      if (req.method === 'POST' && /\/issues$/.test(p)) {
        const issue = {
          number: issues.length + 1,
          title: body.title,
          body: body.body,
          state: 'open',
          state_reason: null,
          labels: body.labels ?? [],
          created_at: new Date().toISOString()
        }
        issues.push(issue)
        return send(201, view(issue))
      }
      if (req.method === 'GET' && (m = /\/issues\/(\d+)\/comments$/.exec(p)))
        return send(
          200,
          comments
            .filter(c => c.issue === Number(m[1]))
            .map((c, i) => ({ id: i + 1, body: c.body, user: { login: BOT } }))
        )
      if ((m = /\/issues\/(\d+)(\/comments)?$/.exec(p))) {
        const issue = issues[Number(m[1]) - 1]
        if (!m[2]) Object.assign(issue, body)
        else comments.push({ issue: issue.number, body: body.body })
        return send(m[2] ? 201 : 200, m[2] ? { id: comments.length } : view(issue))
      }
      send(404, { message: 'Not Found' })
    })
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    issues,
    comments,
    reset: () => Object.assign(counts, { reads: 0, writes: 0 }),
    clear: () => {
      issues.length = 0
      comments.length = 0
      labels.clear()
    },
    stop: () => new Promise(resolve => server.close(resolve))
  }
}
