// Test fixture: code scanning's SARIF endpoints, answering like GitHub (202, then pending, then
// complete), or refusing the way GitHub does, on top of the local API server.
import { gunzipSync } from 'node:zlib'
import type { GithubApiServer } from './github-api-server.js'

export type SarifMode =
  'accept' | 'code-security-off' | 'no-permission' | 'processing-fails' | 'never-finishes'

export interface CodeScanning {
  mode: SarifMode
  /** The SARIF logs received, decoded. */
  readonly uploads: Array<{
    id: string
    log: { runs: Array<{ results: unknown[]; automationDetails?: { id: string } }> }
    body: Record<string, unknown>
  }>
  readonly polls: string[]
}

export function serveCodeScanning(api: GithubApiServer, mode: SarifMode = 'accept'): CodeScanning {
  const state: CodeScanning = { mode, uploads: [], polls: [] }
  api.handle('code-scanning/upload-sarif', req => {
    if (state.mode === 'code-security-off') {
      return {
        status: 403,
        body: {
          message: 'Code Security must be enabled for this repository to use code scanning.',
          documentation_url:
            'https://docs.github.com/rest/code-scanning/code-scanning#upload-an-analysis-as-sarif-data',
          status: '403'
        }
      }
    }
    if (state.mode === 'no-permission') {
      return {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
          status: '403'
        }
      }
    }
    const body = req.body as Record<string, unknown>
    const id = `47177e22-5596-11eb-80a1-c1e54ef945c${state.uploads.length}`
    const log = JSON.parse(
      gunzipSync(Buffer.from(String(body['sarif']), 'base64')).toString('utf8')
    ) as CodeScanning['uploads'][number]['log']
    state.uploads.push({ id, log, body })
    return {
      status: 202,
      body: {
        id,
        url: `${api.url}/repos/${req.params['owner']}/${req.params['repo']}/code-scanning/sarifs/${id}`
      }
    }
  })
  api.handle('code-scanning/get-sarif', req => {
    const id = req.params['sarif_id'] ?? ''
    state.polls.push(id)
    const seen = state.polls.filter(p => p === id).length
    if (state.mode === 'never-finishes' || seen === 1)
      return { status: 200, body: { processing_status: 'pending', analyses_url: null } }
    if (state.mode === 'processing-fails') {
      return {
        status: 200,
        body: {
          processing_status: 'failed',
          analyses_url: null,
          errors: [
            'locationFromSarifResult: expected artifact location',
            'run[0]: too many results'
          ]
        }
      }
    }
    return {
      status: 200,
      body: {
        processing_status: 'complete',
        analyses_url: `${api.url}/repos/x/y/code-scanning/analyses?sarif_id=${id}`
      }
    }
  })
  return state
}
