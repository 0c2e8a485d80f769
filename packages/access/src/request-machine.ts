/**
 * The access request (the Negotiator's "negotiation") and its states, after BBMRI-ERIC Negotiator v3's
 * `NegotiationStateMachineConfig` (backend/.../state_machine/negotiation/NegotiationStateMachineConfig.java).
 *
 * Roles, read from the source rather than from the summary in eucaim.md §7:
 * - APPROVE and DECLINE are secured `ROLE_ADMIN`; EUCAIM's access committee acts through admin actions, so they
 *   are the committee's, and the operator's (who runs the hub and may stand in).
 * - The other transitions carry no security rule, but `NegotiationLifecycleServiceImpl` offers events only to the
 *   negotiation's creator or an admin: so the researcher, the committee and the operator.
 * OncoAtlas additions (not in the source), for the inactivity timers (inactivity.ts): the `system` role may
 * ABANDON an IN_PROGRESS or PAUSED request, and a DRAFT may be ABANDONED (by its researcher, or by the timer).
 */
import type { Machine, MachineRole, Transition } from './machine.ts';

export const REQUEST_STATES = ['DRAFT', 'SUBMITTED', 'IN_PROGRESS', 'PAUSED', 'DECLINED', 'ABANDONED', 'CONCLUDED'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_EVENTS = ['SUBMIT', 'APPROVE', 'DECLINE', 'PAUSE', 'UNPAUSE', 'ABANDON', 'CONCLUDE'] as const;
export type RequestEvent = (typeof REQUEST_EVENTS)[number];

export const TERMINAL_REQUEST_STATES: readonly RequestState[] = ['DECLINED', 'ABANDONED', 'CONCLUDED'];

const ADMIN: readonly MachineRole[] = ['committee', 'operator'];
const CREATOR_OR_ADMIN: readonly MachineRole[] = ['researcher', 'committee', 'operator'];

const transitions: readonly Transition<RequestState, RequestEvent>[] = [
  { from: 'DRAFT', event: 'SUBMIT', to: 'SUBMITTED', roles: CREATOR_OR_ADMIN },
  // OncoAtlas: a draft nobody finishes is abandoned by its researcher or, after a reminder, by the timer.
  { from: 'DRAFT', event: 'ABANDON', to: 'ABANDONED', roles: ['researcher', 'system'] },
  { from: 'SUBMITTED', event: 'APPROVE', to: 'IN_PROGRESS', roles: ADMIN },
  // A decline is a decision the researcher must be able to read.
  { from: 'SUBMITTED', event: 'DECLINE', to: 'DECLINED', roles: ADMIN, needsReason: true },
  { from: 'IN_PROGRESS', event: 'PAUSE', to: 'PAUSED', roles: CREATOR_OR_ADMIN },
  { from: 'PAUSED', event: 'UNPAUSE', to: 'IN_PROGRESS', roles: CREATOR_OR_ADMIN },
  { from: 'PAUSED', event: 'ABANDON', to: 'ABANDONED', roles: [...CREATOR_OR_ADMIN, 'system'] },
  { from: 'IN_PROGRESS', event: 'ABANDON', to: 'ABANDONED', roles: [...CREATOR_OR_ADMIN, 'system'] },
  { from: 'IN_PROGRESS', event: 'CONCLUDE', to: 'CONCLUDED', roles: CREATOR_OR_ADMIN },
];

export const REQUEST_MACHINE: Machine<RequestState, RequestEvent> = {
  name: 'access request',
  states: REQUEST_STATES,
  events: REQUEST_EVENTS,
  transitions,
  guards: {},
};
