/** The navigation entry of federated jobs: at a hub, for researchers. */
import { atHub, type NavEntry } from '../api/access.ts';
import type { SessionState } from '../api/queries.ts';

export function hubJobLinksFor(state: SessionState | undefined): NavEntry[] {
  if (state?.kind !== 'signed-in' || !atHub(state) || !state.session.roles.includes('researcher')) return [];
  return [{ to: '/federated-jobs', label: 'Federated jobs', audience: 'signed-in' }];
}
