// Test fixture: GitHub issues kept in memory behind the local API server (list with labels, creator,
// state and pagination; create, update, comment, list comments; labels; assignees; locks;
// repository visibility; faults staged per operation).
import type { ApiReply, ApiRequest, GithubApiServer } from './github-api-server.js'

export interface StoredIssue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  state_reason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null
  labels: string[]
  assignees: string[]
  comments: string[]
  /** Who wrote each comment, in the same order. */
  commentBy: string[]
  created_at: string
  /** Who opened the issue (login). */
  author: string
  locked: boolean
}

export interface Fault {
  readonly operationId: string
  readonly status: number
  /** How many requests fail (default 1). */
  times?: number
  /** Only requests for this page of a list. */
  readonly page?: number
  /** The request is carried out, then the connection drops: the answer is lost. */
  readonly lost?: boolean
}

export interface IssueStore {
  readonly issues: StoredIssue[]
  readonly labels: Set<string>
  collaborators: Set<string>
  isPrivate: boolean
  /** Fail the next write with this status (once), to stage a crash between two writes. */
  failNextWrite: number | undefined
  /** Faults staged per operation (a 403 with `retry-after` is GitHub's secondary rate limit). */
  readonly faults: Fault[]
  /** A person opening an issue in the web UI. */
  openByPerson(
    issue: Partial<StoredIssue> & { title: string; body: string; author: string }
  ): StoredIssue
  /** A person closing an issue in the web UI. */
  closeByPerson(number: number, reason: 'completed' | 'not_planned', label?: string): void
}

const user = (login: string) => ({ login, id: 1, node_id: 'U_1', type: 'User', site_admin: false })
const label = (name: string) => ({
  id: 1,
  node_id: 'L_1',
  url: '',
  name,
  color: 'b60205',
  default: false,
  description: null
})

export function serveIssues(
  api: GithubApiServer,
  owner = 'acme',
  repo = 'security-findings'
): IssueStore {
  const store: IssueStore = {
    issues: [],
    labels: new Set(),
    collaborators: new Set(['octo-cat']),
    isPrivate: true,
    failNextWrite: undefined,
    faults: [],
    openByPerson(issue) {
      const stored: StoredIssue = {
        number: store.issues.length + 1,
        state: 'open',
        state_reason: null,
        labels: [],
        assignees: [],
        comments: [],
        commentBy: [],
        created_at: new Date().toISOString(),
        locked: false,
        ...issue
      }
      store.issues.push(stored)
      return stored
    },
    closeByPerson(number, reason, label) {
      const issue = store.issues.find(i => i.number === number)
      if (!issue) throw new Error(`no issue #${number}`)
      issue.state = 'closed'
      issue.state_reason = reason
      if (label) issue.labels.push(label)
    }
  }
  const html = (n: number) => `https://github.com/${owner}/${repo}/issues/${n}`
  const view = (i: StoredIssue) => ({
    id: i.number,
    node_id: `I_${i.number}`,
    number: i.number,
    url: `${api.url}/repos/${owner}/${repo}/issues/${i.number}`,
    html_url: html(i.number),
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.state_reason,
    labels: i.labels.map(name => ({ name })),
    assignees: i.assignees.map(user),
    created_at: i.created_at,
    comments: i.comments.length,
    locked: i.locked,
    user: user(i.author)
  })
  const staged = (req: ApiRequest) => {
    const page = Number(req.query.get('page') ?? 1)
    const fault = store.faults.find(
      f =>
        f.operationId === req.operationId &&
        (f.times ?? 1) > 0 &&
        (f.page === undefined || f.page === page)
    )
    if (!fault || fault.lost) return undefined
    fault.times = (fault.times ?? 1) - 1
    const secondary = fault.status === 403 || fault.status === 429
    return {
      status: fault.status,
      body: {
        message:
          fault.status === 404
            ? 'Not Found'
            : secondary
              ? 'You have exceeded a secondary rate limit.'
              : 'Server Error'
      },
      ...(secondary ? { headers: { 'retry-after': '1' } } : {})
    }
  }
  const writeFault = () => {
    const status = store.failNextWrite
    if (status === undefined) return undefined
    store.failNextWrite = undefined
    return {
      status,
      body: {
        message: status === 403 ? 'You have exceeded a secondary rate limit.' : 'Server Error'
      }
    }
  }
  /** Whether this request's answer is to be lost after it is carried out (counts the fault down). */
  const loses = (req: ApiRequest): boolean => {
    const fault = store.faults.find(
      f => f.lost && f.operationId === req.operationId && (f.times ?? 1) > 0
    )
    if (!fault) return false
    fault.times = (fault.times ?? 1) - 1
    return true
  }
  const handle = (operationId: string, handler: (req: ApiRequest) => ApiReply): void =>
    api.handle(operationId, req => {
      const reply = handler(req)
      return reply.status < 400 && loses(req) ? { status: 0 } : reply
    })
  const find = (req: ApiRequest) =>
    store.issues.find(i => i.number === Number(req.params['issue_number']))

  api.handle('repos/get', () => ({
    status: 200,
    body: {
      id: 1,
      name: repo,
      full_name: `${owner}/${repo}`,
      private: store.isPrivate,
      visibility: store.isPrivate ? 'private' : 'public'
    }
  }))
  api.handle('issues/list-for-repo', req => {
    const fault = staged(req)
    if (fault) return fault
    const labels = (req.query.get('labels') ?? '').split(',').filter(Boolean)
    const creator = req.query.get('creator')
    const state = req.query.get('state') ?? 'open'
    const perPage = Number(req.query.get('per_page') ?? 30)
    const page = Number(req.query.get('page') ?? 1)
    const all = store.issues
      .filter(i => labels.every(l => i.labels.includes(l)))
      .filter(i => !creator || i.author === creator)
      .filter(i => state === 'all' || i.state === state)
      .sort((a, b) => b.number - a.number)
    const slice = all.slice((page - 1) * perPage, page * perPage)
    const next = page * perPage < all.length
    const link = next
      ? {
          link: `<${api.url}${req.path}?${creator ? `creator=${encodeURIComponent(creator)}` : `labels=${labels.join(',')}`}&state=${state}&per_page=${perPage}&page=${page + 1}>; rel="next"`
        }
      : undefined
    return { status: 200, body: slice.map(view), ...(link ? { headers: link } : {}) }
  })
  api.handle('issues/check-user-can-be-assigned', req =>
    store.collaborators.has(req.params['assignee'] ?? '')
      ? { status: 204 }
      : { status: 404, body: { message: 'Not Found' } }
  )
  api.handle('issues/get-label', req =>
    store.labels.has(req.params['name'] ?? '')
      ? {
          status: 200,
          body: label(req.params['name'] ?? '')
        }
      : { status: 404, body: { message: 'Not Found' } }
  )
  api.handle('issues/create-label', req => {
    const fault = staged(req)
    if (fault) return fault
    const name = String((req.body as { name: string }).name)
    store.labels.add(name)
    return {
      status: 201,
      body: label(name)
    }
  })
  handle('issues/create', req => {
    const fault = staged(req) ?? writeFault()
    if (fault) return fault
    const body = req.body as {
      title: string
      body?: string
      labels?: string[]
      assignees?: string[]
    }
    const issue: StoredIssue = {
      number: store.issues.length + 1,
      title: body.title,
      body: body.body ?? '',
      state: 'open',
      state_reason: null,
      labels: body.labels ?? [],
      assignees: (body.assignees ?? []).filter(a => store.collaborators.has(a)),
      comments: [],
      commentBy: [],
      created_at: new Date().toISOString(),
      author: api.viewer,
      locked: false
    }
    store.issues.push(issue)
    return { status: 201, body: view(issue) }
  })
  handle('issues/update', req => {
    const fault = staged(req) ?? writeFault()
    if (fault) return fault
    const issue = find(req)
    if (!issue) return { status: 404, body: { message: 'Not Found' } }
    const body = req.body as {
      title?: string
      body?: string
      state?: 'open' | 'closed'
      state_reason?: StoredIssue['state_reason']
    }
    if (body.title !== undefined) issue.title = body.title
    if (body.body !== undefined) issue.body = body.body
    if (body.state) {
      issue.state = body.state
      issue.state_reason = body.state === 'open' ? 'reopened' : (body.state_reason ?? 'completed')
    }
    return { status: 200, body: view(issue) }
  })
  handle('issues/create-comment', req => {
    const fault = staged(req) ?? writeFault()
    if (fault) return fault
    const issue = find(req)
    if (!issue) return { status: 404, body: { message: 'Not Found' } }
    if (issue.locked)
      return { status: 403, body: { message: 'Unable to create comment because issue is locked.' } }
    issue.comments.push(String((req.body as { body: string }).body))
    issue.commentBy.push(api.viewer)
    return {
      status: 201,
      body: { id: issue.comments.length, body: issue.comments.at(-1), html_url: html(issue.number) }
    }
  })
  api.handle('issues/list-comments', req => {
    const fault = staged(req)
    if (fault) return fault
    const issue = find(req)
    if (!issue) return { status: 404, body: { message: 'Not Found' } }
    return {
      status: 200,
      body: issue.comments.map((body, i) => ({
        id: i + 1,
        node_id: `IC_${i + 1}`,
        url: '',
        html_url: html(issue.number),
        body,
        user: user(issue.commentBy[i] ?? 'someone'),
        created_at: issue.created_at,
        updated_at: issue.created_at,
        issue_url: '',
        author_association: 'NONE'
      }))
    }
  })
  handle('issues/add-labels', req => {
    const fault = staged(req) ?? writeFault()
    if (fault) return fault
    const issue = find(req)
    if (!issue) return { status: 404, body: { message: 'Not Found' } }
    const labels = (req.body as { labels?: string[] }).labels ?? []
    for (const l of labels) {
      if (!issue.labels.includes(l)) issue.labels.push(l)
      store.labels.add(l)
    }
    return {
      status: 200,
      body: issue.labels.map(label)
    }
  })
  return store
}
