/**
 * Which pages a user may use, by role: the UI's side of the API's role table (packages/server
 * auth/roles.ts ROUTE_ACCESS). The navigation shows a user only the pages whose API calls would succeed for
 * them, and sends each user to the page of their work: stewards and admins to the dashboard, researchers and
 * the committee to the catalogue. The API still decides every call; this only spares users pages of 403s.
 */
import { isSteward, type SessionState } from './queries.ts';

/**
 * Who a page is for: everyone, anyone signed in with a role of the node, data stewards (and admins), or
 * researchers signed in at a hub (the federated search and its cart).
 */
export type PageAudience = 'public' | 'signed-in' | 'stewards' | 'hub-researchers';

export interface NavEntry {
  readonly to: string;
  readonly label: string;
  readonly audience: PageAudience;
}

/** The roles ROUTE_ACCESS calls EVERYONE_SIGNED_IN: a subject with none of them gets 403 on the datasets too. */
const NODE_ROLES: readonly string[] = ['steward', 'researcher', 'committee', 'admin'];

/** In the order of the navigation. The start page of visitors is the welcome page, the stewards' the dashboard. */
export const PAGES: readonly NavEntry[] = [
  { to: '/', label: 'Dashboard', audience: 'stewards' },
  { to: '/review', label: 'Review', audience: 'stewards' },
  { to: '/quality', label: 'Quality', audience: 'stewards' },
  { to: '/datasets', label: 'Datasets', audience: 'signed-in' },
  { to: '/catalogue', label: 'Catalogue', audience: 'public' },
  { to: '/search', label: 'Federated search', audience: 'hub-researchers' },
  { to: '/cart', label: 'Cart', audience: 'hub-researchers' },
];

const HUB_SEARCH_ROLES: readonly string[] = ['researcher', 'admin'];

/**
 * Whether this UI is served by a hub: the hub's /auth/session says `site: "hub"`; a node's says nothing, so a
 * node's navigation never offers the hub's pages.
 */
export function atHub(state: SessionState | undefined): boolean {
  return state?.kind === 'signed-in' && (state.session as { readonly site?: unknown }).site === 'hub';
}

const WELCOME: NavEntry = { to: '/', label: 'Welcome', audience: 'public' };

export function mayUse(state: SessionState | undefined, audience: PageAudience): boolean {
  if (audience === 'public') return true;
  if (audience === 'stewards') return isSteward(state);
  if (audience === 'hub-researchers') return atHub(state) && state?.kind === 'signed-in' && state.session.roles.some((r) => HUB_SEARCH_ROLES.includes(r));
  return state?.kind === 'signed-in' && state.session.roles.some((r) => NODE_ROLES.includes(r));
}

/**
 * The navigation of this user. Nobody signed in (or sign-in not configured): the welcome page, which says how
 * to sign in, and the public catalogue. Not known yet (or not checkable): the public pages only, so a steward
 * is not shown a visitor's "Welcome" for the moment the session takes to load.
 */
export function navigationFor(state: SessionState | undefined): readonly NavEntry[] {
  const publicPages = PAGES.filter((p) => p.audience === 'public');
  if (state === undefined) return publicPages;
  if (state.kind !== 'signed-in') return [WELCOME, ...publicPages];
  // A hub has none of a node's pages: its users get the hub's only.
  if (atHub(state)) return PAGES.filter((p) => p.audience === 'hub-researchers' && mayUse(state, p.audience));
  return PAGES.filter((p) => mayUse(state, p.audience));
}

/**
 * Where `/` takes a signed-in user who is not a steward: the catalogue, where a researcher finds datasets; at
 * a hub, its federated search.
 */
export function landingFor(state: SessionState | undefined): string | null {
  if (atHub(state)) return '/search';
  return state?.kind === 'signed-in' && !isSteward(state) ? '/catalogue' : null;
}
