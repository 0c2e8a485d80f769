/**
 * One requested resource (a dataset at a node) within an access request, after BBMRI-ERIC Negotiator v3's
 * `ResourceStateMachineConfig` (backend/.../state_machine/resource/ResourceStateMachineConfig.java) and its
 * `NegotiationResourceState` / `NegotiationResourceEvent` enums.
 *
 * Roles: `isAdmin` → committee and operator, and `system` too, because the source's isAdmin rule also passes when
 * no one is signed in (the Negotiator's own jobs contact representatives); `isRepresentative` → holder;
 * `isCreator` → researcher.
 * Where eucaim.md §7 and the source disagree, we follow the source:
 * - §7 says a representative CONTACTs from REPRESENTATIVE_UNREACHABLE; the source secures it `isAdmin`.
 * - §7 calls the guard "negotiation approved"; the source's NegotiationIsApprovedGuard is attached to nothing
 *   (a `withExternal().guard(...)` with no source or event, which Spring Statemachine discards) and the rule runs
 *   in `ResourceLifecycleServiceImpl`: no resource event while the negotiation is not IN_PROGRESS. That is our
 *   `requestInProgress` guard, on every transition.
 * OncoAtlas additions: the source declares the state RETURNED_FOR_RESUBMISSION ("a representative has asked for
 * further clarification") and the event RETURN_FOR_RESUBMISSION but wires no transition to them; we wire them
 * (holder returns from CONTACTED or CHECKING_AVAILABILITY with a reason, the researcher RESUBMITs back to
 * REPRESENTATIVE_CONTACTED), so the state is reachable. The source's OVERRIDE event is `forceResourceState`.
 */
import { oncoError } from '@oncoatlas/core';
import type { GuardContext, Machine, MachineRole, Transition } from './machine.ts';

/** The 12 states, in the Negotiator's display order (its enum order: the most advanced state last). */
export const RESOURCE_STATES = [
  'SUBMITTED', 'REPRESENTATIVE_UNREACHABLE', 'REPRESENTATIVE_CONTACTED', 'RETURNED_FOR_RESUBMISSION', 'CHECKING_AVAILABILITY',
  'RESOURCE_UNAVAILABLE_WILLING_TO_COLLECT', 'RESOURCE_UNAVAILABLE', 'RESOURCE_AVAILABLE', 'ACCESS_CONDITIONS_INDICATED',
  'ACCESS_CONDITIONS_MET', 'RESOURCE_NOT_MADE_AVAILABLE', 'RESOURCE_MADE_AVAILABLE',
] as const;
export type ResourceState = (typeof RESOURCE_STATES)[number];

/** The source's events in its enum order (OVERRIDE apart), then our RESUBMIT. */
export const RESOURCE_EVENTS = [
  'CONTACT', 'MARK_AS_UNREACHABLE', 'RETURN_FOR_RESUBMISSION', 'MARK_AS_CHECKING_AVAILABILITY', 'MARK_AS_AVAILABLE',
  'MARK_AS_UNAVAILABLE', 'MARK_AS_CURRENTLY_UNAVAILABLE_BUT_WILLING_TO_COLLECT', 'STEP_AWAY', 'INDICATE_ACCESS_CONDITIONS',
  'ACCEPT_ACCESS_CONDITIONS', 'DECLINE_ACCESS_CONDITIONS', 'GRANT_ACCESS_TO_RESOURCE', 'RESUBMIT',
] as const;
export type ResourceEvent = (typeof RESOURCE_EVENTS)[number];

/** The event recorded in a resource's history when the operator forces its state (the Negotiator's OVERRIDE). */
export const RESOURCE_OVERRIDE_EVENT = 'OVERRIDE';

export const TERMINAL_RESOURCE_STATES: readonly ResourceState[] = ['RESOURCE_UNAVAILABLE', 'RESOURCE_NOT_MADE_AVAILABLE', 'RESOURCE_MADE_AVAILABLE'];

const ADMIN: readonly MachineRole[] = ['committee', 'operator', 'system'];
const REPRESENTATIVE: readonly MachineRole[] = ['holder'];
const CREATOR: readonly MachineRole[] = ['researcher'];
const g = 'requestInProgress';

const transitions: readonly Transition<ResourceState, ResourceEvent>[] = [
  { from: 'SUBMITTED', event: 'CONTACT', to: 'REPRESENTATIVE_CONTACTED', roles: ADMIN, guard: g },
  { from: 'SUBMITTED', event: 'MARK_AS_UNREACHABLE', to: 'REPRESENTATIVE_UNREACHABLE', roles: ADMIN, guard: g },
  { from: 'REPRESENTATIVE_UNREACHABLE', event: 'CONTACT', to: 'REPRESENTATIVE_CONTACTED', roles: ADMIN, guard: g },
  { from: 'REPRESENTATIVE_CONTACTED', event: 'MARK_AS_CHECKING_AVAILABILITY', to: 'CHECKING_AVAILABILITY', roles: REPRESENTATIVE, guard: g },
  { from: 'REPRESENTATIVE_CONTACTED', event: 'STEP_AWAY', to: 'RESOURCE_UNAVAILABLE', roles: REPRESENTATIVE, guard: g, needsReason: true },
  { from: 'REPRESENTATIVE_CONTACTED', event: 'RETURN_FOR_RESUBMISSION', to: 'RETURNED_FOR_RESUBMISSION', roles: REPRESENTATIVE, guard: g, needsReason: true },
  { from: 'CHECKING_AVAILABILITY', event: 'RETURN_FOR_RESUBMISSION', to: 'RETURNED_FOR_RESUBMISSION', roles: REPRESENTATIVE, guard: g, needsReason: true },
  { from: 'RETURNED_FOR_RESUBMISSION', event: 'RESUBMIT', to: 'REPRESENTATIVE_CONTACTED', roles: CREATOR, guard: g },
  { from: 'CHECKING_AVAILABILITY', event: 'MARK_AS_UNAVAILABLE', to: 'RESOURCE_UNAVAILABLE', roles: REPRESENTATIVE, guard: g, needsReason: true },
  { from: 'CHECKING_AVAILABILITY', event: 'MARK_AS_CURRENTLY_UNAVAILABLE_BUT_WILLING_TO_COLLECT', to: 'RESOURCE_UNAVAILABLE_WILLING_TO_COLLECT', roles: REPRESENTATIVE, guard: g },
  { from: 'CHECKING_AVAILABILITY', event: 'MARK_AS_AVAILABLE', to: 'RESOURCE_AVAILABLE', roles: REPRESENTATIVE, guard: g },
  { from: 'RESOURCE_AVAILABLE', event: 'INDICATE_ACCESS_CONDITIONS', to: 'ACCESS_CONDITIONS_INDICATED', roles: REPRESENTATIVE, guard: g },
  { from: 'RESOURCE_UNAVAILABLE_WILLING_TO_COLLECT', event: 'INDICATE_ACCESS_CONDITIONS', to: 'ACCESS_CONDITIONS_INDICATED', roles: REPRESENTATIVE, guard: g },
  { from: 'ACCESS_CONDITIONS_INDICATED', event: 'DECLINE_ACCESS_CONDITIONS', to: 'RESOURCE_NOT_MADE_AVAILABLE', roles: CREATOR, guard: g, needsReason: true },
  { from: 'ACCESS_CONDITIONS_INDICATED', event: 'ACCEPT_ACCESS_CONDITIONS', to: 'ACCESS_CONDITIONS_MET', roles: CREATOR, guard: g },
  { from: 'ACCESS_CONDITIONS_MET', event: 'GRANT_ACCESS_TO_RESOURCE', to: 'RESOURCE_MADE_AVAILABLE', roles: REPRESENTATIVE, guard: g },
];

function requestInProgress(ctx: GuardContext): string | undefined {
  if (ctx.requestState === 'IN_PROGRESS') return undefined;
  return ctx.requestState === undefined
    ? 'a resource moves only while its request is IN_PROGRESS, and the request\'s state was not given'
    : `a resource moves only while its request is IN_PROGRESS; the request is ${ctx.requestState}`;
}

export const RESOURCE_MACHINE: Machine<ResourceState, ResourceEvent> = {
  name: 'requested resource',
  states: RESOURCE_STATES,
  events: RESOURCE_EVENTS,
  transitions,
  guards: { requestInProgress },
};

/**
 * The operator's override (the Negotiator's OVERRIDE: "ignoring state machine guards"): sets a resource to any
 * other state, in any request state, with a reason that goes to the history. Only the operator; the committee
 * decides through the machine's own events. Returns `to`; record the change with RESOURCE_OVERRIDE_EVENT.
 * @example
 * forceResourceState('RESOURCE_UNAVAILABLE', 'CHECKING_AVAILABILITY', 'operator', { reason: 'marked by mistake' });
 */
export function forceResourceState(from: ResourceState, to: ResourceState, role: MachineRole, ctx: { readonly reason?: string } = {}): ResourceState {
  const refuse = (why: string) => oncoError('ACCESS_TRANSITION_REFUSED', `requested resource: ${why}.`, { machine: RESOURCE_MACHINE.name, state: from, event: RESOURCE_OVERRIDE_EVENT, role, allowedRoles: 'operator' });
  if (role !== 'operator') throw refuse(`only the operator may force a resource's state, not the ${role}`);
  if (!RESOURCE_STATES.includes(from) || !RESOURCE_STATES.includes(to)) throw refuse(`${RESOURCE_STATES.includes(from) ? to : from} is not a resource state`);
  if (from === to) throw refuse(`the resource is already ${to}`);
  if (!(typeof ctx.reason === 'string' && ctx.reason.trim() !== '')) throw refuse(`${RESOURCE_OVERRIDE_EVENT} needs a reason`);
  return to;
}
