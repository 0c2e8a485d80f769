/** The signed-in user's roles at the hub (none elsewhere), and which of them review onboardings. */
import { atHub } from '../api/access.ts';
import type { SessionState } from '../api/queries.ts';

export function hubRolesOf(state: SessionState | undefined): readonly string[] {
  return state?.kind === 'signed-in' && atHub(state) ? state.session.roles : [];
}

/** The committee and the operator review onboardings (the boards are theirs). */
export const isReviewer = (roles: readonly string[]): boolean => roles.includes('committee') || roles.includes('operator');
