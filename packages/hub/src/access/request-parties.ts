/**
 * Who a caller is on one access request: its creator (the researcher), a board overseeing it (committee,
 * operator), or a holder (a representative of a requested resource's node). A draft is its creator's alone;
 * once submitted, the boards and the holders of its resources see it. Anyone else is told it does not exist.
 */
import type { MachineRole } from '@oncoatlas/access';
import type { HubStore } from '../hub-store.ts';
import { hasRole, notFound, type AccessCaller } from './access-caller.ts';
import { AccessStore, type RequestRow, type ResourceRow } from './access-store.ts';

export interface RequestParty {
  readonly creator: boolean;
  readonly boards: readonly MachineRole[];
  /** The nodes of this request the caller represents. */
  readonly holderOf: ReadonlySet<string>;
}

export interface LoadedRequest {
  readonly row: RequestRow;
  readonly resources: readonly ResourceRow[];
  readonly party: RequestParty;
}

export async function partyOf(s: HubStore, caller: AccessCaller, row: RequestRow, resources: readonly ResourceRow[]): Promise<RequestParty> {
  const creator = row.creator === caller.actor && hasRole(caller, 'researcher');
  const submitted = row.state !== 'DRAFT';
  const boards = submitted ? (['committee', 'operator'] as const).filter((r) => hasRole(caller, r)) : [];
  const represented = hasRole(caller, 'steward') && submitted ? new Set(await new AccessStore(s).nodesRepresentedBy(caller.actor)) : new Set<string>();
  return { creator, boards, holderOf: new Set(resources.map((r) => r.node_id).filter((n) => represented.has(n))) };
}

export function isParty(p: RequestParty): boolean {
  return p.creator || p.boards.length > 0 || p.holderOf.size > 0;
}

/** The request as the caller may see it; ACCESS_NOT_FOUND when they may not. */
export async function loadRequest(s: HubStore, caller: AccessCaller, id: string): Promise<LoadedRequest> {
  const a = new AccessStore(s);
  const row = await a.request(id) ?? notFound('access request');
  const resources = await a.resourcesOf([id]);
  const party = await partyOf(s, caller, row, resources);
  if (!isParty(party)) notFound('access request');
  return { row, resources, party };
}

/** The machine roles the caller acts in on the request itself. */
export function requestRoles(p: RequestParty): MachineRole[] {
  return [...(p.creator ? ['researcher' as const] : []), ...p.boards];
}

/** The machine roles the caller acts in on one of its resources. */
export function resourceRoles(p: RequestParty, r: ResourceRow): MachineRole[] {
  return [...(p.holderOf.has(r.node_id) ? ['holder' as const] : []), ...requestRoles(p)];
}

/** Whether the caller may read a message with this audience. */
export function seesAudience(p: RequestParty, audience: string): boolean {
  if (p.boards.length > 0 || audience === 'all') return true;
  if (audience === 'committee') return false;
  return p.creator || p.holderOf.has(audience);
}
