/**
 * The navigation entries of the access pages: at the hub, onboarding (for data holders' representatives)
 * and its reviews (committee, operator); at a node, its stewards' agreements and permits. Shell appends them.
 */
import { atHub, type NavEntry } from '../api/access.ts';
import { isSteward, type SessionState } from '../api/queries.ts';

export function accessLinksFor(state: SessionState | undefined): NavEntry[] {
  if (state?.kind !== 'signed-in') return [];
  const roles = state.session.roles;
  if (atHub(state)) {
    if (roles.includes('committee') || roles.includes('operator')) return [{ to: '/onboarding', label: 'Onboarding reviews', audience: 'signed-in' }];
    if (roles.includes('steward')) return [{ to: '/onboarding', label: 'Onboarding', audience: 'signed-in' }];
    return [];
  }
  if (!isSteward(state)) return [];
  return [{ to: '/agreements', label: 'Agreements', audience: 'stewards' }, { to: '/permits', label: 'Permits', audience: 'stewards' }];
}
