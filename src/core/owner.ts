// Reading the owner tag: a GitHub login or `org/team`, validated so a bad value never becomes a mention.
import { md, type Md } from '../text/markdown.js'

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/
const TEAM_SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/

export type OwnerTag = { readonly owner: string } | { readonly problem: Md }

export function parseOwnerTag(tagKey: string, value: string): OwnerTag {
  const v = value.trim().replace(/^@/, '')
  const [org, team, extra] = v.split('/')
  const ok =
    extra === undefined &&
    org !== undefined &&
    LOGIN.test(org) &&
    (team === undefined || TEAM_SLUG.test(team))
  if (ok) return { owner: v }
  return {
    problem: md`tag ${tagKey} holds "${value.slice(0, 60)}", which is not a GitHub login or org/team (e.g. octocat or acme/platform-team); no owner is assigned.`
  }
}
