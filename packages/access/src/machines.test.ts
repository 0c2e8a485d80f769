import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { MACHINE_ROLES, allowedEvents, fire, terminalStates, type GuardContext, type Machine, type MachineRole } from './machine.ts';
import { REQUEST_MACHINE, REQUEST_STATES, TERMINAL_REQUEST_STATES } from './request-machine.ts';
import { RESOURCE_MACHINE, RESOURCE_STATES, TERMINAL_RESOURCE_STATES, forceResourceState } from './resource-machine.ts';
import { ONBOARDING_MACHINE } from './onboarding-machine.ts';
import type { ReviewStep } from './review-steps.ts';

const refused = (why?: RegExp) => (e: unknown) => isOncoAtlasError(e, 'ACCESS_TRANSITION_REFUSED') && (why === undefined || why.test((e as Error).message));

// The expected graphs, written out here from the Negotiator's source (NegotiationStateMachineConfig,
// ResourceStateMachineConfig) and our mapping of its roles, so the test does not just read the machine back.
const A = 'committee operator';
const CA = 'researcher committee operator';
const EXPECTED_REQUEST = [
  `DRAFT SUBMIT SUBMITTED ${CA}`, 'DRAFT ABANDON ABANDONED researcher system',
  `SUBMITTED APPROVE IN_PROGRESS ${A}`, `SUBMITTED DECLINE DECLINED ${A} !reason`,
  `IN_PROGRESS PAUSE PAUSED ${CA}`, `PAUSED UNPAUSE IN_PROGRESS ${CA}`,
  `PAUSED ABANDON ABANDONED ${CA} system`, `IN_PROGRESS ABANDON ABANDONED ${CA} system`, `IN_PROGRESS CONCLUDE CONCLUDED ${CA}`,
];
const S = 'committee operator system';
const EXPECTED_RESOURCE = [
  `SUBMITTED CONTACT REPRESENTATIVE_CONTACTED ${S}`, `SUBMITTED MARK_AS_UNREACHABLE REPRESENTATIVE_UNREACHABLE ${S}`,
  `REPRESENTATIVE_UNREACHABLE CONTACT REPRESENTATIVE_CONTACTED ${S}`,
  'REPRESENTATIVE_CONTACTED MARK_AS_CHECKING_AVAILABILITY CHECKING_AVAILABILITY holder',
  'REPRESENTATIVE_CONTACTED STEP_AWAY RESOURCE_UNAVAILABLE holder !reason',
  'REPRESENTATIVE_CONTACTED RETURN_FOR_RESUBMISSION RETURNED_FOR_RESUBMISSION holder !reason',
  'CHECKING_AVAILABILITY RETURN_FOR_RESUBMISSION RETURNED_FOR_RESUBMISSION holder !reason',
  'RETURNED_FOR_RESUBMISSION RESUBMIT REPRESENTATIVE_CONTACTED researcher',
  'CHECKING_AVAILABILITY MARK_AS_UNAVAILABLE RESOURCE_UNAVAILABLE holder !reason',
  'CHECKING_AVAILABILITY MARK_AS_CURRENTLY_UNAVAILABLE_BUT_WILLING_TO_COLLECT RESOURCE_UNAVAILABLE_WILLING_TO_COLLECT holder',
  'CHECKING_AVAILABILITY MARK_AS_AVAILABLE RESOURCE_AVAILABLE holder',
  'RESOURCE_AVAILABLE INDICATE_ACCESS_CONDITIONS ACCESS_CONDITIONS_INDICATED holder',
  'RESOURCE_UNAVAILABLE_WILLING_TO_COLLECT INDICATE_ACCESS_CONDITIONS ACCESS_CONDITIONS_INDICATED holder',
  'ACCESS_CONDITIONS_INDICATED DECLINE_ACCESS_CONDITIONS RESOURCE_NOT_MADE_AVAILABLE researcher !reason',
  'ACCESS_CONDITIONS_INDICATED ACCEPT_ACCESS_CONDITIONS ACCESS_CONDITIONS_MET researcher',
  'ACCESS_CONDITIONS_MET GRANT_ACCESS_TO_RESOURCE RESOURCE_MADE_AVAILABLE holder',
];
const EXPECTED_ONBOARDING = [
  'draft SUBMIT submitted holder', 'submitted START_REVIEW in-review committee operator',
  'in-review APPROVE_STEP in-review committee operator', 'in-review APPROVE approved committee operator',
  'in-review REJECT rejected committee operator !reason', 'in-review RETURN returned committee operator !reason',
  'returned RESUBMIT submitted holder',
];

function graphOf<S extends string, E extends string>(m: Machine<S, E>): string[] {
  return m.transitions.map((t) => [t.from, t.event, t.to, ...t.roles, ...(t.needsReason ? ['!reason'] : [])].join(' '));
}

/** A context in which the guard of `event` passes for `role` (onboarding: the next step is that role's). */
function passing(m: Machine<string, string>, event: string, role: MachineRole): GuardContext {
  const ctx = { reason: 'stated', requestState: 'IN_PROGRESS' as const };
  if (m !== (ONBOARDING_MACHINE as Machine<string, string>)) return ctx;
  const two: ReviewStep[] = [{ id: 'board', title: 'Board', role }, { id: 'decision', title: 'Decision', role }];
  return { ...ctx, missingDocuments: [], reviewSteps: event === 'APPROVE' ? two.slice(1) : two, decisions: [] };
}

/** Every (state, event, role): a listed transition fires for its roles and gives its target; all else is refused. */
function walk<S extends string, E extends string>(m: Machine<S, E>): number {
  let fired = 0;
  for (const s of m.states) for (const e of m.events) for (const r of MACHINE_ROLES) {
    const t = m.transitions.find((x) => x.from === s && x.event === e && x.roles.includes(r));
    const ctx = passing(m as unknown as Machine<string, string>, e, r);
    if (t === undefined) assert.throws(() => fire(m, s, e, r, ctx), refused(), `${m.name}: ${s} ${e} by ${r} must be refused`);
    else { assert.equal(fire(m, s, e, r, ctx), t.to, `${m.name}: ${s} ${e} by ${r}`); fired++; }
  }
  return fired;
}

for (const [m, expected] of [[REQUEST_MACHINE, EXPECTED_REQUEST], [RESOURCE_MACHINE, EXPECTED_RESOURCE], [ONBOARDING_MACHINE, EXPECTED_ONBOARDING]] as const) {
  test(`the ${m.name} machine has exactly the expected transitions and roles`, () => {
    assert.deepEqual(graphOf(m as Machine<string, string>).sort(), [...expected].sort());
  });
  test(`the ${m.name} machine: every (state, event, role) fires as listed or is refused`, () => {
    const fired = walk(m as Machine<string, string>);
    assert.equal(fired, m.transitions.reduce((n, t) => n + t.roles.length, 0));
  });
  test(`the ${m.name} machine: transitions needing a reason refuse without one`, () => {
    for (const t of m.transitions.filter((x) => x.needsReason)) {
      for (const r of t.roles) {
        const { reason: _, ...ctx } = passing(m as Machine<string, string>, t.event, r);
        for (const reason of [undefined, '', '   ']) assert.throws(() => fire(m as Machine<string, string>, t.from, t.event, r, { ...ctx, reason }), refused(/needs a reason/));
      }
    }
  });
}

test('a refusal names the state, the event and the roles that may take it', () => {
  assert.throws(() => fire(REQUEST_MACHINE, 'SUBMITTED', 'APPROVE', 'researcher'), refused(/APPROVE from SUBMITTED is taken by committee, operator, not by the researcher/));
  assert.throws(() => fire(REQUEST_MACHINE, 'DRAFT', 'APPROVE', 'committee'), refused(/APPROVE is not possible from DRAFT/));
  assert.throws(() => fire(REQUEST_MACHINE, 'NOPE' as 'DRAFT', 'SUBMIT', 'researcher'), refused(/not a state/));
  assert.throws(() => fire(REQUEST_MACHINE, 'DRAFT', 'NOPE' as 'SUBMIT', 'researcher'), refused(/not an event/));
});

test('resource transitions need the request IN_PROGRESS, and refuse with the reason', () => {
  for (const t of RESOURCE_MACHINE.transitions) for (const r of t.roles) for (const requestState of [undefined, ...REQUEST_STATES.filter((x) => x !== 'IN_PROGRESS')]) {
    assert.throws(() => fire(RESOURCE_MACHINE, t.from, t.event, r, { requestState, reason: 'stated' }), refused(/only while its request is IN_PROGRESS/));
    assert.deepEqual(allowedEvents(RESOURCE_MACHINE, t.from, r, { requestState }), []);
  }
});

test('onboarding review steps go in order, each by its own role; the last one approves', () => {
  const steps: ReviewStep[] = [
    { id: 'access-committee', title: 'Access Committee', role: 'committee' },
    { id: 'technical-board', title: 'Technical Board', role: 'operator' },
    { id: 'decision', title: 'Decision', role: 'operator' },
  ];
  const ctx = (decisions: { step: string; decision: 'approve' | 'reject' | 'return' }[], extra: GuardContext = {}) => ({ reviewSteps: steps, decisions, reason: 'r', ...extra });
  assert.equal(fire(ONBOARDING_MACHINE, 'in-review', 'APPROVE_STEP', 'committee', ctx([], { step: 'access-committee' })), 'in-review');
  assert.throws(() => fire(ONBOARDING_MACHINE, 'in-review', 'APPROVE_STEP', 'operator', ctx([])), refused(/"Access Committee", is taken by the committee/));
  assert.throws(() => fire(ONBOARDING_MACHINE, 'in-review', 'APPROVE_STEP', 'committee', ctx([], { step: 'technical-board' })), refused(/next review step is "Access Committee", not technical-board/));
  assert.throws(() => fire(ONBOARDING_MACHINE, 'in-review', 'APPROVE', 'committee', ctx([])), refused(/comes before the decision/));
  const two = [{ step: 'access-committee', decision: 'approve' as const }, { step: 'technical-board', decision: 'approve' as const }];
  assert.throws(() => fire(ONBOARDING_MACHINE, 'in-review', 'APPROVE_STEP', 'operator', ctx(two)), refused(/final decision/));
  assert.equal(fire(ONBOARDING_MACHINE, 'in-review', 'APPROVE', 'operator', ctx(two)), 'approved');
  assert.throws(() => fire(ONBOARDING_MACHINE, 'in-review', 'APPROVE', 'operator', ctx([...two, { step: 'decision', decision: 'approve' }])), refused(/already approved/));
  // A board rejects or returns only at its own step.
  assert.throws(() => fire(ONBOARDING_MACHINE, 'in-review', 'REJECT', 'committee', ctx(two)), refused(/taken by the operator/));
  assert.equal(fire(ONBOARDING_MACHINE, 'in-review', 'RETURN', 'operator', ctx(two)), 'returned');
  // Without configured steps, the default four apply.
  assert.equal(fire(ONBOARDING_MACHINE, 'in-review', 'APPROVE_STEP', 'committee', {}), 'in-review');
});

test('an onboarding is submitted only with its required documents, naming those missing', () => {
  assert.throws(() => fire(ONBOARDING_MACHINE, 'draft', 'SUBMIT', 'holder', { missingDocuments: ['Data Sharing Agreement', 'DPIA'] }), refused(/missing: Data Sharing Agreement; DPIA/));
  assert.throws(() => fire(ONBOARDING_MACHINE, 'returned', 'RESUBMIT', 'holder', { missingDocuments: ['DPIA'] }), refused(/DPIA/));
  assert.equal(fire(ONBOARDING_MACHINE, 'draft', 'SUBMIT', 'holder', { missingDocuments: [] }), 'submitted');
});

test('allowedEvents agrees with fire for every state, role and context', () => {
  const contexts: GuardContext[] = [
    {}, ...REQUEST_STATES.map((requestState) => ({ requestState })),
    { missingDocuments: ['X'] }, { missingDocuments: [] },
    ...MACHINE_ROLES.map((role) => ({ reviewSteps: [{ id: 'a', title: 'A', role }, { id: 'b', title: 'B', role: 'operator' }], decisions: [] })),
    { decisions: [{ step: 'access-committee', decision: 'approve' }, { step: 'technical-board', decision: 'approve' }, { step: 'ethical-legal-board', decision: 'approve' }] },
  ];
  for (const m of [REQUEST_MACHINE, RESOURCE_MACHINE, ONBOARDING_MACHINE] as Machine<string, string>[]) {
    for (const s of m.states) for (const r of MACHINE_ROLES) for (const ctx of contexts) {
      const allowed = allowedEvents(m, s, r, ctx);
      for (const e of m.events) {
        let fires = true;
        try { fire(m, s, e, r, { ...ctx, reason: 'stated' }); } catch (err) { assert.ok(refused()(err)); fires = false; }
        assert.equal(allowed.includes(e), fires, `${m.name}: ${s} ${e} by ${r} in ${JSON.stringify(ctx)}`);
      }
    }
  }
});

test('terminal states are exactly the states no transition leaves', () => {
  assert.deepEqual(terminalStates(REQUEST_MACHINE), [...TERMINAL_REQUEST_STATES]);
  assert.deepEqual(terminalStates(RESOURCE_MACHINE).sort(), [...TERMINAL_RESOURCE_STATES].sort());
  assert.equal(RESOURCE_STATES.length, 12);
  // Every resource state is reachable from SUBMITTED.
  const reached = new Set<string>(['SUBMITTED']);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of RESOURCE_MACHINE.transitions) if (reached.has(t.from) && !reached.has(t.to)) { reached.add(t.to); grew = true; }
  }
  assert.deepEqual([...reached].sort(), [...RESOURCE_STATES].sort());
});

test('only the operator forces a resource state, to another state, with a reason', () => {
  assert.equal(forceResourceState('RESOURCE_UNAVAILABLE', 'CHECKING_AVAILABILITY', 'operator', { reason: 'marked by mistake' }), 'CHECKING_AVAILABILITY');
  for (const r of MACHINE_ROLES.filter((x) => x !== 'operator')) {
    assert.throws(() => forceResourceState('SUBMITTED', 'RESOURCE_MADE_AVAILABLE', r, { reason: 'x' }), refused(/only the operator/));
  }
  assert.throws(() => forceResourceState('SUBMITTED', 'SUBMITTED', 'operator', { reason: 'x' }), refused(/already SUBMITTED/));
  assert.throws(() => forceResourceState('SUBMITTED', 'NOPE' as 'SUBMITTED', 'operator', { reason: 'x' }), refused(/not a resource state/));
  assert.throws(() => forceResourceState('SUBMITTED', 'CHECKING_AVAILABILITY', 'operator'), refused(/needs a reason/));
});
