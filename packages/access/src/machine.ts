/**
 * Data-driven state machines: a machine is a list of transitions (from, event, to, the roles that may take it,
 * an optional named guard, whether a reason must be given). `fire` is the only way a state changes, so what the
 * UI offers (`allowedEvents`), what the server accepts (`fire`) and what the docs show (`machineTable`) are read
 * from the same data and cannot disagree.
 */
import { oncoError } from '@oncoatlas/core';
import type { RequestState } from './request-machine.ts';

export const MACHINE_ROLES = ['researcher', 'committee', 'holder', 'operator', 'system'] as const;
/** researcher: the request's creator; committee: the access committee; holder: a representative of the
 * resource's node; operator: runs the hub; system: the hub's own timers. */
export type MachineRole = (typeof MACHINE_ROLES)[number];

export interface Transition<S extends string, E extends string> {
  readonly from: S;
  readonly event: E;
  readonly to: S;
  readonly roles: readonly MachineRole[];
  /** Name of a guard in the machine's `guards`. */
  readonly guard?: string;
  /** The step is refused without a non-blank `ctx.reason` (a decision the other party must be able to read). */
  readonly needsReason?: boolean;
}

/** What guards see. `role` is added by `fire`/`allowedEvents` (the role taking the step). */
export interface GuardContext {
  readonly requestState?: RequestState;
  readonly reason?: string;
  readonly [k: string]: unknown;
}

export interface Machine<S extends string, E extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly events: readonly E[];
  readonly transitions: readonly Transition<S, E>[];
  /** undefined = passes, else the reason it fails (shown to the user). */
  readonly guards: Readonly<Record<string, (ctx: GuardContext) => string | undefined>>;
}

type Outcome<S extends string> = { readonly to: S } | { readonly refused: string };

function attempt<S extends string, E extends string>(m: Machine<S, E>, state: S, event: E, role: MachineRole, ctx: GuardContext, checkReason: boolean): Outcome<S> {
  if (!m.states.includes(state)) return { refused: `${state} is not a state of the ${m.name}` };
  if (!m.events.includes(event)) return { refused: `${event} is not an event of the ${m.name}` };
  const candidates = m.transitions.filter((t) => t.from === state && t.event === event);
  if (candidates.length === 0) return { refused: `${event} is not possible from ${state}` };
  const mine = candidates.filter((t) => t.roles.includes(role));
  if (mine.length === 0) {
    const allowed = [...new Set(candidates.flatMap((t) => t.roles))].join(', ');
    return { refused: `${event} from ${state} is taken by ${allowed}, not by the ${role}` };
  }
  let lastReason = '';
  for (const t of mine) {
    const why = t.guard === undefined ? undefined : guardOf(m, t.guard)({ ...ctx, role });
    if (why !== undefined) { lastReason = why; continue; }
    if (checkReason && t.needsReason && !(typeof ctx.reason === 'string' && ctx.reason.trim() !== '')) {
      lastReason = `${event} needs a reason`;
      continue;
    }
    return { to: t.to };
  }
  return { refused: lastReason };
}

function guardOf<S extends string, E extends string>(m: Machine<S, E>, name: string): (ctx: GuardContext) => string | undefined {
  const g = m.guards[name];
  // A transition naming a guard the machine lacks is a programming error; refusing is the safe side.
  return g ?? (() => `the ${m.name} has no guard named ${name}`);
}

/**
 * The state `event` takes `state` to when `role` fires it; throws ACCESS_TRANSITION_REFUSED naming the state,
 * the event and the roles that may take it (or the guard's reason) otherwise.
 * @example
 * fire(REQUEST_MACHINE, 'SUBMITTED', 'APPROVE', 'committee'); // 'IN_PROGRESS'
 */
export function fire<S extends string, E extends string>(m: Machine<S, E>, state: S, event: E, role: MachineRole, ctx: GuardContext = {}): S {
  const out = attempt(m, state, event, role, ctx, true);
  if ('to' in out) return out.to;
  throw oncoError('ACCESS_TRANSITION_REFUSED', `${m.name}: ${out.refused}.`, { machine: m.name, state, event, role, allowedRoles: rolesFor(m, state, event).join(',') || null });
}

/** The events `role` may fire from `state` now (guards evaluated with `ctx`; a reason that is still to be
 * typed does not hide an event: `needsReason` tells the UI to ask for it). */
export function allowedEvents<S extends string, E extends string>(m: Machine<S, E>, state: S, role: MachineRole, ctx: GuardContext = {}): E[] {
  return m.events.filter((e) => 'to' in attempt(m, state, e, role, ctx, false));
}

/** Whether `event` from `state` needs a reason (for the UI's reason field). */
export function needsReason<S extends string, E extends string>(m: Machine<S, E>, state: S, event: E): boolean {
  return m.transitions.some((t) => t.from === state && t.event === event && t.needsReason === true);
}

function rolesFor<S extends string, E extends string>(m: Machine<S, E>, state: S, event: E): MachineRole[] {
  return [...new Set(m.transitions.filter((t) => t.from === state && t.event === event).flatMap((t) => t.roles))];
}

/** States no transition leaves. */
export function terminalStates<S extends string, E extends string>(m: Machine<S, E>): S[] {
  return m.states.filter((s) => !m.transitions.some((t) => t.from === s));
}

/**
 * The machine as a Markdown table (docs/access.md holds these, and a test checks they are current).
 * @example
 * machineTable(REQUEST_MACHINE).split('\n')[0]; // '| From | Event | To | Roles | Guard | Reason |'
 */
export function machineTable<S extends string, E extends string>(m: Machine<S, E>): string {
  const rows = m.transitions.map((t) => `| ${t.from} | ${t.event} | ${t.to} | ${t.roles.join(', ')} | ${t.guard ?? ''} | ${t.needsReason ? 'required' : ''} |`);
  return ['| From | Event | To | Roles | Guard | Reason |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
