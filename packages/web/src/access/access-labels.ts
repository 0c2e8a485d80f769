/**
 * The words the UI uses for the access machines' states and events: one map, so a button, the history table
 * and a confirmation name an event the same way everywhere (the end-to-end tests find buttons by these
 * names). Events and states the map does not know (a newer hub) still read as words, not as constants.
 */

export const EVENT_LABELS: Readonly<Record<string, string>> = {
  // The request (Negotiator negotiation) machine.
  SUBMIT: 'Submit request',
  APPROVE: 'Approve',
  DECLINE: 'Decline',
  PAUSE: 'Pause request',
  UNPAUSE: 'Resume request',
  ABANDON: 'Abandon request',
  CONCLUDE: 'Conclude request',
  // The per-resource machine.
  CONTACT: 'Contact representative',
  MARK_AS_UNREACHABLE: 'Mark as unreachable',
  MARK_AS_CHECKING_AVAILABILITY: 'Check availability',
  STEP_AWAY: 'Step away',
  MARK_AS_AVAILABLE: 'Mark as available',
  MARK_AS_UNAVAILABLE: 'Mark as unavailable',
  MARK_AS_CURRENTLY_UNAVAILABLE_BUT_WILLING_TO_COLLECT: 'Mark as willing to collect',
  INDICATE_ACCESS_CONDITIONS: 'Indicate access conditions',
  ACCEPT_ACCESS_CONDITIONS: 'Accept access conditions',
  DECLINE_ACCESS_CONDITIONS: 'Decline access conditions',
  GRANT_ACCESS_TO_RESOURCE: 'Grant access',
  RETURN_FOR_RESUBMISSION: 'Return for resubmission',
  RESUBMIT: 'Resubmit',
  OVERRIDE: 'Force state',
  // Permits (not a machine event: the committee's or operator's revocation, sent to the node).
  REVOKE: 'Revoke permit',
};

export const STATE_LABELS: Readonly<Record<string, string>> = {
  DRAFT: 'Draft',
  SUBMITTED: 'Submitted',
  IN_PROGRESS: 'In progress',
  PAUSED: 'Paused',
  DECLINED: 'Declined',
  ABANDONED: 'Abandoned',
  CONCLUDED: 'Concluded',
  REPRESENTATIVE_CONTACTED: 'Representative contacted',
  REPRESENTATIVE_UNREACHABLE: 'Representative unreachable',
  RETURNED_FOR_RESUBMISSION: 'Returned for resubmission',
  CHECKING_AVAILABILITY: 'Checking availability',
  RESOURCE_AVAILABLE: 'Available',
  RESOURCE_UNAVAILABLE: 'Unavailable',
  RESOURCE_UNAVAILABLE_WILLING_TO_COLLECT: 'Unavailable, willing to collect',
  ACCESS_CONDITIONS_INDICATED: 'Access conditions indicated',
  ACCESS_CONDITIONS_MET: 'Access conditions met',
  RESOURCE_NOT_MADE_AVAILABLE: 'Not made available',
  RESOURCE_MADE_AVAILABLE: 'Made available',
  // Documents and permits.
  missing: 'Missing',
  submitted: 'Submitted',
  accepted: 'Accepted',
  rejected: 'Rejected',
  expired: 'Expired',
  active: 'Active',
  revoked: 'Revoked',
  allowed: 'Allowed',
  refused: 'Refused',
};

/** 'SOME_EVENT' → 'Some event'. */
export function humanize(constant: string): string {
  const words = constant.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.length === 0 ? constant : words[0]!.toUpperCase() + words.slice(1);
}

export const eventLabel = (event: string): string => EVENT_LABELS[event] ?? humanize(event);
export const stateLabel = (state: string): string => STATE_LABELS[state] ?? humanize(state);

/**
 * Events whose confirmation asks for a reason before it can be sent: the machines' `needsReason` transitions
 * (@oncoatlas/access; a test keeps the two in step) and a permit's revocation. Every other event's
 * confirmation offers the reason field too (optional); the hub decides, and its refusal is shown.
 */
const REASON_REQUIRED: ReadonlySet<string> = new Set([
  'DECLINE', 'STEP_AWAY', 'RETURN_FOR_RESUBMISSION', 'MARK_AS_UNAVAILABLE', 'DECLINE_ACCESS_CONDITIONS', 'REVOKE',
]);

export const needsReason = (event: string): boolean => REASON_REQUIRED.has(event);

/** The event that takes the access conditions form instead of a plain confirmation. */
export const CONDITIONS_EVENT = 'INDICATE_ACCESS_CONDITIONS';

/** Events that say no or stop: their buttons are drawn as warnings. */
const NEGATIVE = /DECLINE|ABANDON|UNAVAILABLE|UNREACHABLE|STEP_AWAY|REVOKE/;
export const isNegativeEvent = (event: string): boolean => NEGATIVE.test(event);

/** Badge colours: the word is always shown, the colour only groups (done, refused, waiting, under way). */
export function stateColor(state: string): string {
  if (/^(CONCLUDED|RESOURCE_AVAILABLE|ACCESS_CONDITIONS_MET|RESOURCE_MADE_AVAILABLE|accepted|active|allowed)$/.test(state)) return 'green';
  if (/^(DECLINED|RESOURCE_UNAVAILABLE|RESOURCE_NOT_MADE_AVAILABLE|rejected|revoked|refused|expired)$/.test(state)) return 'red';
  if (/^(DRAFT|ABANDONED|missing)$/.test(state)) return 'gray';
  if (/^(SUBMITTED|submitted)$/.test(state)) return 'yellow';
  if (/^(PAUSED|REPRESENTATIVE_UNREACHABLE|RETURNED_FOR_RESUBMISSION|RESOURCE_UNAVAILABLE_WILLING_TO_COLLECT)$/.test(state)) return 'orange';
  return 'blue';
}

/** The permit actions (@oncoatlas/access PERMIT_ACTIONS) with their words. */
export const PERMIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  download: 'Download',
  'in-situ': 'In-situ',
  'federated-job': 'Federated job',
};

export const actionLabel = (action: string): string => PERMIT_ACTION_LABELS[action] ?? humanize(action);

/** Who a message is for, in words; a node audience is named by the node's name when the request has it. */
export function audienceLabel(audience: string, nodeNames: ReadonlyMap<string, string> = new Map()): string {
  if (audience === 'all') return 'Everyone on the request';
  if (audience === 'committee') return 'Access committee only';
  return `Node ${nodeNames.get(audience) ?? audience}`;
}
