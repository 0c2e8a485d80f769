/**
 * Pure rules of the access pages: which pages and lists a hub user gets by role, the request a cart becomes,
 * the committee's queue order, and a request's resources by node.
 */
import type { NavEntry } from '../api/access.ts';
import type { SessionState } from '../api/queries.ts';
import type { CartItem } from '../hub/cart.ts';
import type { RequestSummary, ResourceView } from './access-types.ts';

/** The hub roles that take part in access requests (server auth/roles.ts ROLES, as the hub uses them). */
export type AccessRole = 'researcher' | 'committee' | 'operator' | 'steward';

export function accessRolesOf(state: SessionState | undefined): AccessRole[] {
  if (state?.kind !== 'signed-in' || (state.session as { readonly site?: unknown }).site !== 'hub') return [];
  return (['researcher', 'committee', 'operator', 'steward'] as const).filter((r) => state.session.roles.includes(r));
}

/** The access pages in a hub user's navigation: every party has requests and permits to follow. */
export function accessNavFor(state: SessionState | undefined): NavEntry[] {
  if (accessRolesOf(state).length === 0) return [];
  return [
    { to: '/requests', label: 'Access requests', audience: 'signed-in' },
    { to: '/permits', label: 'Permits', audience: 'signed-in' },
  ];
}

/** What the requests page is, for this user: a committee member or operator sees the queue first. */
export function requestsPerspective(roles: readonly AccessRole[]): { title: string; intro: string } {
  if (roles.includes('committee') || roles.includes('operator')) {
    return { title: 'Access requests', intro: 'The queue of the access committee: submitted requests waiting for a decision first, newest first, then the others.' };
  }
  if (roles.includes('steward')) return { title: 'Access requests', intro: 'Requests that ask for datasets of the nodes you represent: decide on your resources.' };
  return { title: 'My access requests', intro: 'Your requests for access to datasets, from the cart of the federated search.' };
}

/** The request body a cart becomes: one request with its datasets grouped by node (nodes, then datasets, by name). */
export function requestFromCart(items: readonly CartItem[]): { title: string; resources: { node: string; dataset: string; name: string }[] } {
  const sorted = [...items].sort((a, b) => a.site.localeCompare(b.site) || a.name.localeCompare(b.name));
  const nodes = new Set(sorted.map((i) => i.site)).size;
  const title = `Access to ${sorted.length} dataset${sorted.length === 1 ? '' : 's'} at ${nodes} node${nodes === 1 ? '' : 's'}`;
  return { title, resources: sorted.map((i) => ({ node: i.site, dataset: i.collectionId, name: i.name })) };
}

/** States the committee still has to act on come first in its queue. */
const AWAITING_COMMITTEE = new Set(['SUBMITTED']);

/**
 * The list order: requests waiting for the committee first, then the rest; newest activity first within each.
 * A request's last change is when it was submitted while it waits in SUBMITTED, so this is "newest submitted first".
 */
export function sortRequests(list: readonly RequestSummary[]): RequestSummary[] {
  const waiting = (r: RequestSummary): number => (AWAITING_COMMITTEE.has(r.state) ? 0 : 1);
  return [...list].sort((a, b) => waiting(a) - waiting(b) || b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
}

/** A request's resources grouped by node, nodes in name order, for the resources table. */
export function resourcesByNode(resources: readonly ResourceView[]): { node: string; nodeName: string; resources: ResourceView[] }[] {
  const by = new Map<string, { node: string; nodeName: string; resources: ResourceView[] }>();
  for (const r of resources) {
    const group = by.get(r.node) ?? { node: r.node, nodeName: r.nodeName || r.node, resources: [] };
    group.resources.push(r);
    by.set(r.node, group);
  }
  return [...by.values()].sort((a, b) => a.nodeName.localeCompare(b.nodeName));
}

/** Where a notification leads: its request or its onboarding, or nowhere. */
export function notificationTarget(n: { readonly requestId: string | null; readonly onboardingId: string | null }): string | null {
  if (n.requestId) return `/requests/${encodeURIComponent(n.requestId)}`;
  if (n.onboardingId) return `/onboarding/${encodeURIComponent(n.onboardingId)}`;
  return null;
}
