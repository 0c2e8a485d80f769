/** The navigation entry of the job pages: at a node, for those who run jobs (researchers) or review them (stewards). */
import { atHub, type NavEntry } from '../api/access.ts';
import type { SessionState } from '../api/queries.ts';

const JOB_ROLES: readonly string[] = ['researcher', 'steward', 'admin'];

export function jobLinksFor(state: SessionState | undefined): NavEntry[] {
  if (state?.kind !== 'signed-in' || atHub(state)) return [];
  return state.session.roles.some((r) => JOB_ROLES.includes(r)) ? [{ to: '/jobs', label: 'Jobs', audience: 'signed-in' }] : [];
}
