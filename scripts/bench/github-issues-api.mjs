// A loopback stand-in for GitHub's issues API as the action uses it, kept in memory per repository
// and behaving as GitHub does where a later run depends on it: issues listed newest first, filtered
// by state (open by default), labels (all of them, any case) and creator, paged with a `Link` header
// that keeps the query; labels created with an issue; comments paged; closed issues keep their
// reason. Counts reads (GET, and the GraphQL viewer query) and writes, each by route.
import { createServer } from 'node:http'

/** The login GitHub Actions' own token writes as. */
export const BOT = 'github-actions[bot]'

const ROUTES = [
  ['POST', /^\/graphql$/, 'graphql'],
  ['GET', /^\/repos\/[^/]+\/[^/]+$/, 'repository'],
  ['GET', /^\/repos\/[^/]+\/[^/]+\/issues$/, 'listIssues'],
  ['POST', /^\/repos\/[^/]+\/[^/]+\/issues$/, 'createIssue'],
  ['PATCH', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/, 'updateIssue'],
  ['GET', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/, 'listComments'],
  ['POST', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/, 'createComment'],
  ['POST', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/labels$/, 'addLabels'],
  ['GET', /^\/repos\/[^/]+\/[^/]+\/labels\/([^/]+)$/, 'getLabel'],
  ['POST', /^\/repos\/[^/]+\/[^/]+\/labels$/, 'createLabel'],
  ['GET', /^\/repos\/[^/]+\/[^/]+\/assignees\/([^/]+)$/, 'checkAssignee']
]

const sameName = (a, b) => a.toLowerCase() === b.toLowerCase()

export async function startGithubIssuesApi() {
  const repos = new Map()
  const counts = { reads: 0, writes: 0, byRoute: {}, unknown: [] }
  let nextId = 1
  const repoOf = name => {
    if (!repos.has(name)) repos.set(name, { issues: [], comments: [], labels: [] })
    return repos.get(name)
  }

  function handle(req, url, body) {
    const route = ROUTES.find(([method, re]) => req.method === method && re.test(url.pathname))
    const name = /^\/repos\/([^/]+\/[^/]+)/.exec(url.pathname)?.[1] ?? ''
    const repo = repoOf(name)
    const now = new Date().toISOString()
    const label = text => {
      let found = repo.labels.find(l => sameName(l.name, text))
      if (!found) repo.labels.push((found = { id: nextId++, name: text, color: 'ededed' }))
      return found
    }
    const view = i => ({
      id: i.id,
      node_id: `I_${i.id}`,
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      state_reason: i.state_reason,
      labels: i.labels.map(n => label(n)),
      assignees: i.assignees.map(login => ({ login })),
      user: { login: i.author, type: 'Bot' },
      comments: repo.comments.filter(c => c.issue === i.number).length,
      html_url: `https://github.com/${name}/issues/${i.number}`,
      created_at: i.created_at,
      updated_at: i.updated_at,
      closed_at: i.closed_at,
      performed_via_github_app: null
    })
    const page = items => {
      const per = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100)
      const n = Number(url.searchParams.get('page') ?? 1)
      const headers = {}
      if (n * per < items.length) {
        const next = new URL(url)
        next.searchParams.set('page', String(n + 1))
        headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`
      }
      return [200, items.slice((n - 1) * per, n * per), headers]
    }
    if (!route) {
      counts.unknown.push(`${req.method} ${url.pathname}`)
      return [404, { message: 'Not Found' }]
    }
    const [, re, kind] = route
    const param = decodeURIComponent(re.exec(url.pathname)?.[1] ?? '')
    const issue = repo.issues.find(i => i.number === Number(param))
    switch (kind) {
      case 'graphql':
        return [200, { data: { viewer: { login: BOT } } }]
      case 'repository':
        return [200, { full_name: name, private: true, visibility: 'private' }]
      case 'listIssues': {
        const state = url.searchParams.get('state') ?? 'open'
        const wanted = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean)
        const creator = url.searchParams.get('creator')
        const items = repo.issues
          .filter(i => state === 'all' || i.state === state)
          .filter(i => wanted.every(w => i.labels.some(l => sameName(l, w))))
          .filter(i => !creator || sameName(creator, i.author))
          .sort((a, b) => b.number - a.number)
        return page(items.map(view))
      }
      case 'createIssue': {
        const created = {
          id: nextId++,
          number: repo.issues.length + 1,
          title: body.title,
          body: body.body ?? '',
          state: 'open',
          state_reason: null,
          labels: (body.labels ?? []).map(l => label(typeof l === 'string' ? l : l.name).name),
          assignees: body.assignees ?? [],
          author: BOT,
          created_at: now,
          updated_at: now,
          closed_at: null
        }
        repo.issues.push(created)
        return [201, view(created)]
      }
      case 'updateIssue': {
        if (!issue) return [404, { message: 'Not Found' }]
        for (const key of ['title', 'body', 'assignees']) if (key in body) issue[key] = body[key]
        if (body.labels) issue.labels = body.labels.map(l => label(l).name)
        if (body.state && body.state !== issue.state) {
          issue.state = body.state
          issue.closed_at = body.state === 'closed' ? now : null
          issue.state_reason =
            body.state === 'closed' ? (body.state_reason ?? 'completed') : 'reopened'
        } else if (body.state_reason) issue.state_reason = body.state_reason
        issue.updated_at = now
        return [200, view(issue)]
      }
      case 'listComments':
        if (!issue) return [404, { message: 'Not Found' }]
        return page(repo.comments.filter(c => c.issue === issue.number))
      case 'createComment': {
        if (!issue) return [404, { message: 'Not Found' }]
        const comment = {
          id: nextId++,
          issue: issue.number,
          body: body.body,
          user: { login: BOT, type: 'Bot' },
          created_at: now,
          updated_at: now,
          html_url: `https://github.com/${name}/issues/${issue.number}#issuecomment-${nextId}`
        }
        repo.comments.push(comment)
        issue.updated_at = now
        return [201, comment]
      }
      case 'addLabels': {
        if (!issue) return [404, { message: 'Not Found' }]
        for (const l of body.labels ?? [])
          if (!issue.labels.some(x => sameName(x, l))) issue.labels.push(label(l).name)
        return [200, issue.labels.map(n => label(n))]
      }
      case 'getLabel': {
        const found = repo.labels.find(l => sameName(l.name, param))
        return found ? [200, found] : [404, { message: 'Not Found' }]
      }
      case 'createLabel':
        if (repo.labels.some(l => sameName(l.name, body.name)))
          return [422, { message: 'Validation Failed', errors: [{ code: 'already_exists' }] }]
        return [201, label(body.name)]
      case 'checkAssignee':
        return [404, { message: 'Not Found' }]
    }
    return [404, { message: 'Not Found' }]
  }

  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url, 'http://127.0.0.1')
      const text = Buffer.concat(chunks).toString('utf8')
      const body = text ? JSON.parse(text) : {}
      const route = ROUTES.find(([method, re]) => req.method === method && re.test(url.pathname))
      const kind = route?.[2] ?? 'unknown'
      if (req.method === 'GET' || kind === 'graphql') counts.reads++
      else counts.writes++
      counts.byRoute[kind] = (counts.byRoute[kind] ?? 0) + 1
      const [status, data, headers = {}] = handle(req, url, body)
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(JSON.stringify(data))
    })
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    /** Issues of `repository` (owner/name), as stored. */
    issues: repository => repoOf(repository).issues,
    /** Zeroes the counts; the issues stay, as on GitHub between runs. */
    resetCounts: () => Object.assign(counts, { reads: 0, writes: 0, byRoute: {}, unknown: [] }),
    /** Forgets every repository's issues, comments and labels. */
    clear: () => repos.clear(),
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
