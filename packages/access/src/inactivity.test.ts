import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fire } from './machine.ts';
import { REQUEST_MACHINE } from './request-machine.ts';
import { DEFAULT_INACTIVITY, inactivityActions, timerMessage, type TimedRequest, type TimerAction } from './inactivity.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A fake clock and a scheduler that applies what the timers say, as the hub's loop does. */
function simulate(start: TimedRequest) {
  let req = { ...start };
  let now = T0;
  const log: TimerAction[] = [];
  return {
    advance(days: number) {
      now += days * DAY;
      for (const a of inactivityActions([req], now)) {
        log.push(a);
        if (a.action === 'remind') req = { ...req, remindedAt: now };
        else req = { ...req, state: fire(REQUEST_MACHINE, req.state, a.event, 'system', { reason: timerMessage(a, req.state) }) };
      }
      return log.splice(0);
    },
    activity() { req = { ...req, lastActivityAt: now }; },
    get state() { return req.state; },
  };
}

test('an idle request is reminded, then closed after the grace period', () => {
  for (const [state, remind, close] of [['DRAFT', 30, 60], ['IN_PROGRESS', 30, 90], ['PAUSED', 60, 180]] as const) {
    const sim = simulate({ id: 'r', state, lastActivityAt: T0, remindedAt: null });
    assert.deepEqual(sim.advance(remind - 1), []);
    assert.deepEqual(sim.advance(1), [{ id: 'r', action: 'remind', to: 'researcher', idleDays: remind }]);
    assert.deepEqual(sim.advance(1), [], 'reminded once per idle spell');
    assert.deepEqual(sim.advance(close - remind - 2), []);
    assert.deepEqual(sim.advance(1), [{ id: 'r', action: 'close', event: 'ABANDON', idleDays: close }]);
    assert.equal(sim.state, 'ABANDONED');
    assert.deepEqual(sim.advance(400), [], 'a closed request is left alone');
  }
});

test('no close without a reminder, and a full grace period after a late reminder', () => {
  // The scheduler was down: the first look finds the request idle past the close limit. It reminds only.
  const late = { id: 'r', state: 'IN_PROGRESS' as const, lastActivityAt: T0, remindedAt: null };
  assert.deepEqual(inactivityActions([late], T0 + 200 * DAY), [{ id: 'r', action: 'remind', to: 'researcher', idleDays: 200 }]);
  const reminded = { ...late, remindedAt: T0 + 200 * DAY };
  assert.deepEqual(inactivityActions([reminded], T0 + 259 * DAY), []);
  assert.deepEqual(inactivityActions([reminded], T0 + 260 * DAY), [{ id: 'r', action: 'close', event: 'ABANDON', idleDays: 260 }]);
});

test('activity resets the spell: a reminder from before it does not count', () => {
  const sim = simulate({ id: 'r', state: 'IN_PROGRESS', lastActivityAt: T0, remindedAt: null });
  assert.equal(sim.advance(30)[0]?.action, 'remind');
  sim.advance(59);
  sim.activity(); // day 89: a message, a form change, a transition
  assert.deepEqual(sim.advance(1), [], 'not closed at day 90: the spell restarted');
  assert.deepEqual(sim.advance(28), []);
  assert.deepEqual(sim.advance(1), [{ id: 'r', action: 'remind', to: 'researcher', idleDays: 30 }]);
  assert.deepEqual(sim.advance(60), [{ id: 'r', action: 'close', event: 'ABANDON', idleDays: 90 }]);
});

test('a SUBMITTED request only reminds the committee, once per spell, and is never closed', () => {
  const sim = simulate({ id: 'r', state: 'SUBMITTED', lastActivityAt: T0, remindedAt: null });
  assert.deepEqual(sim.advance(13), []);
  assert.deepEqual(sim.advance(1), [{ id: 'r', action: 'remind', to: 'committee', idleDays: 14 }]);
  assert.deepEqual(sim.advance(1000), []);
  assert.equal(sim.state, 'SUBMITTED');
  sim.activity();
  assert.deepEqual(sim.advance(14), [{ id: 'r', action: 'remind', to: 'committee', idleDays: 14 }]);
});

test('terminal states and states without a policy are left alone; a custom policy applies', () => {
  const idle = (state: TimedRequest['state']): TimedRequest => ({ id: state, state, lastActivityAt: T0, remindedAt: null });
  assert.deepEqual(inactivityActions(['DECLINED', 'ABANDONED', 'CONCLUDED'].map((s) => idle(s as TimedRequest['state'])), T0 + 1000 * DAY), []);
  const policy = { ...DEFAULT_INACTIVITY, DRAFT: { remindAfterDays: 1, closeAfterDays: 2 } };
  assert.deepEqual(inactivityActions([idle('DRAFT')], T0 + DAY, policy), [{ id: 'DRAFT', action: 'remind', to: 'researcher', idleDays: 1 }]);
  assert.deepEqual(inactivityActions([{ ...idle('DRAFT'), remindedAt: T0 + DAY }], T0 + 2 * DAY, policy), [{ id: 'DRAFT', action: 'close', event: 'ABANDON', idleDays: 2 }]);
});

test('timer messages say what happened and what will', () => {
  assert.equal(timerMessage({ id: 'r', action: 'remind', to: 'researcher', idleDays: 30 }, 'IN_PROGRESS'),
    'This access request has had no activity for 30 days. It will be closed after 90 days without activity.');
  assert.match(timerMessage({ id: 'r', action: 'remind', to: 'committee', idleDays: 14 }, 'SUBMITTED'), /waited 14 days for the access committee/);
  assert.match(timerMessage({ id: 'r', action: 'close', event: 'ABANDON', idleDays: 90 }, 'IN_PROGRESS'), /closed after 90 days/);
});
