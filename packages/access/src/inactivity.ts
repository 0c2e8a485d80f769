/**
 * Inactivity timers, pure: the hub's scheduler gives the open requests and the time, and gets back whom to remind
 * and what to close. A request idle past `remindAfterDays` is reminded once per idle spell (activity after the
 * reminder starts a new spell); it is closed only after that reminder, once idle past `closeAfterDays` and at
 * least `closeAfterDays - remindAfterDays` days after the reminder (so a scheduler that was down for months
 * still gives the researcher the full grace period). A SUBMITTED request waits for the committee: it reminds the
 * committee and is never closed.
 */
import type { RequestEvent, RequestState } from './request-machine.ts';
import { TERMINAL_REQUEST_STATES } from './request-machine.ts';

export interface InactivityPolicy {
  readonly remindAfterDays: number;
  /** Infinity: never closed. */
  readonly closeAfterDays: number;
  /** Who is reminded; default the researcher. */
  readonly remind?: 'researcher' | 'committee';
}

export const DEFAULT_INACTIVITY: Readonly<Partial<Record<RequestState, InactivityPolicy>>> = {
  DRAFT: { remindAfterDays: 30, closeAfterDays: 60 },
  SUBMITTED: { remindAfterDays: 14, closeAfterDays: Number.POSITIVE_INFINITY, remind: 'committee' },
  IN_PROGRESS: { remindAfterDays: 30, closeAfterDays: 90 },
  PAUSED: { remindAfterDays: 60, closeAfterDays: 180 },
};

export interface TimedRequest {
  readonly id: string;
  readonly state: RequestState;
  /** Epoch ms. */
  readonly lastActivityAt: number;
  /** Epoch ms of the last reminder, or null. */
  readonly remindedAt: number | null;
}

export type TimerAction =
  | { readonly id: string; readonly action: 'remind'; readonly to: 'researcher' | 'committee'; readonly idleDays: number }
  | { readonly id: string; readonly action: 'close'; readonly event: RequestEvent; readonly idleDays: number };

/** The event (fired with role 'system') that closes an idle request. */
export const INACTIVITY_CLOSE_EVENT: RequestEvent = 'ABANDON';

const DAY = 86_400_000;

/**
 * @example
 * inactivityActions([{ id: 'r1', state: 'DRAFT', lastActivityAt: 0, remindedAt: null }], 31 * 86_400_000);
 * // [{ id: 'r1', action: 'remind', to: 'researcher', idleDays: 31 }]
 */
export function inactivityActions(requests: readonly TimedRequest[], now: number, policy: typeof DEFAULT_INACTIVITY = DEFAULT_INACTIVITY): TimerAction[] {
  const actions: TimerAction[] = [];
  for (const r of requests) {
    const p = policy[r.state];
    if (p === undefined || TERMINAL_REQUEST_STATES.includes(r.state)) continue;
    const idleDays = Math.floor((now - r.lastActivityAt) / DAY);
    const remindedThisSpell = r.remindedAt !== null && r.remindedAt >= r.lastActivityAt;
    if (!remindedThisSpell) {
      if (idleDays >= p.remindAfterDays) actions.push({ id: r.id, action: 'remind', to: p.remind ?? 'researcher', idleDays });
      continue;
    }
    const sinceReminder = (now - (r.remindedAt ?? now)) / DAY;
    if (idleDays >= p.closeAfterDays && sinceReminder >= p.closeAfterDays - p.remindAfterDays) {
      actions.push({ id: r.id, action: 'close', event: INACTIVITY_CLOSE_EVENT, idleDays });
    }
  }
  return actions;
}

/** The message that goes with an action (notification and e-mail text; no identifiers). */
export function timerMessage(a: TimerAction, state: RequestState, policy: typeof DEFAULT_INACTIVITY = DEFAULT_INACTIVITY): string {
  if (a.action === 'close') return `This access request was closed after ${a.idleDays} days without activity.`;
  const p = policy[state];
  if (a.to === 'committee') return `This access request has waited ${a.idleDays} days for the access committee's decision.`;
  const closes = p !== undefined && Number.isFinite(p.closeAfterDays) ? ` It will be closed after ${p.closeAfterDays} days without activity.` : '';
  return `This access request has had no activity for ${a.idleDays} days.${closes}`;
}
