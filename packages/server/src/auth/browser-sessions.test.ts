import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedExpiringMap } from './browser-sessions.ts';

test('pending sign-ins are bounded: a stranger starting logins in a loop cannot grow the node\'s memory', () => {
  const pending = new BoundedExpiringMap<{ expiresAt: number }>(1000);
  const later = Date.now() + 60_000;
  for (let i = 0; i < 50_000; i++) pending.set(`login-${i}`, { expiresAt: later });
  assert.equal(pending.size, 1000);
  assert.equal(pending.get('login-0'), undefined, 'the oldest are forgotten first');
  assert.ok(pending.get('login-49999'), 'the newest are kept');
});

test('an entry is used once and never after its time', () => {
  const pending = new BoundedExpiringMap<{ expiresAt: number }>(10);
  pending.set('a', { expiresAt: Date.now() + 60_000 });
  pending.set('old', { expiresAt: Date.now() - 1 });
  assert.equal(pending.get('old'), undefined);
  assert.ok(pending.take('a'));
  assert.equal(pending.take('a'), undefined);
});
