import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REQUEST_EVENTS, REQUEST_MACHINE, REQUEST_STATES, RESOURCE_EVENTS, RESOURCE_MACHINE, RESOURCE_STATES } from '@oncoatlas/access';
import { EVENT_LABELS, STATE_LABELS, actionLabel, audienceLabel, eventLabel, humanize, isNegativeEvent, needsReason, stateColor, stateLabel } from './access-labels.ts';

test('every event of both machines has its own button name, the ones the end-to-end tests look for', () => {
  for (const e of [...REQUEST_EVENTS, ...RESOURCE_EVENTS]) assert.ok(EVENT_LABELS[e], `no label for ${e}`);
  const names = [...REQUEST_EVENTS, ...RESOURCE_EVENTS].map(eventLabel);
  assert.equal(new Set(names).size, names.length, 'two events share a button name');
  const expected: Record<string, string> = {
    APPROVE: 'Approve', DECLINE: 'Decline', SUBMIT: 'Submit request', GRANT_ACCESS_TO_RESOURCE: 'Grant access',
    MARK_AS_AVAILABLE: 'Mark as available', INDICATE_ACCESS_CONDITIONS: 'Indicate access conditions',
    ACCEPT_ACCESS_CONDITIONS: 'Accept access conditions', DECLINE_ACCESS_CONDITIONS: 'Decline access conditions',
    CONTACT: 'Contact representative', MARK_AS_CHECKING_AVAILABILITY: 'Check availability',
  };
  for (const [event, label] of Object.entries(expected)) assert.equal(eventLabel(event), label);
});

test('every state reads as words, and an unknown one still does', () => {
  for (const s of [...RESOURCE_STATES, ...REQUEST_STATES]) assert.ok(STATE_LABELS[s], `no label for ${s}`);
  const expected: [(s: string) => string, string, string][] = [
    [stateLabel, 'IN_PROGRESS', 'In progress'], [stateLabel, 'SOME_NEW_STATE', 'Some new state'], [eventLabel, 'FORCE_STATE', 'Force state'],
    [humanize, '', ''], [actionLabel, 'federated-job', 'Federated job'],
  ];
  for (const [label, input, words] of expected) assert.equal(label(input), words, input);
});

test('the UI asks for a reason exactly where the machines need one', () => {
  const machineNeeds = new Set([...REQUEST_MACHINE.transitions, ...RESOURCE_MACHINE.transitions].filter((t) => t.needsReason).map((t) => t.event as string));
  for (const e of [...REQUEST_EVENTS, ...RESOURCE_EVENTS]) assert.equal(needsReason(e), machineNeeds.has(e), e);
  assert.ok(needsReason('REVOKE'));
});

test('refusals are drawn as warnings; granting is not', () => {
  for (const e of ['DECLINE', 'ABANDON', 'DECLINE_ACCESS_CONDITIONS', 'MARK_AS_UNAVAILABLE', 'REVOKE']) {
    assert.ok(isNegativeEvent(e), e);
  }
  for (const e of ['APPROVE', 'GRANT_ACCESS_TO_RESOURCE', 'ACCEPT_ACCESS_CONDITIONS', 'SUBMIT']) {
    assert.ok(!isNegativeEvent(e), e);
  }
});

test('state colours group outcomes: made available green, declined red, draft gray', () => {
  assert.equal(stateColor('RESOURCE_MADE_AVAILABLE'), 'green');
  assert.equal(stateColor('DECLINED'), 'red');
  assert.equal(stateColor('revoked'), 'red');
  assert.equal(stateColor('DRAFT'), 'gray');
  assert.equal(stateColor('IN_PROGRESS'), 'blue');
});

test('message audiences name the node by its name', () => {
  assert.equal(audienceLabel('all'), 'Everyone on the request');
  assert.equal(audienceLabel('committee'), 'Access committee only');
  assert.equal(audienceLabel('n1', new Map([['n1', 'Hospital A']])), 'Node Hospital A');
  assert.equal(audienceLabel('n2'), 'Node n2');
});
