import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { assertAffordable, budgetState, DEFAULT_BUDGET, epsilonOf } from './privacy-budget.ts';

const DAY = 86_400_000;

test('spends count within the sliding window only, and the budget refuses what does not fit', () => {
  const policy = { ...DEFAULT_BUDGET, total: 1 };
  const now = 100 * DAY;
  const spends = [{ epsilon: 0.5, at: now - 40 * DAY }, ...Array.from({ length: 9 }, (_, i) => ({ epsilon: 0.1, at: now - i * DAY }))];
  const s = budgetState(spends, policy, now);
  assert.ok(Math.abs(s.spent - 0.9) < 1e-9);
  assert.equal(s.nextRefillAt, now - 8 * DAY + 30 * DAY);
  assertAffordable(s, 0.1);
  assert.throws(() => assertAffordable(s, 0.2), (e) => isOncoAtlasError(e, 'FEDERATION_BUDGET_SPENT'));
});

test('a query spends its declared ε or the default; nonsense is refused', () => {
  assert.equal(epsilonOf({ ast: {} }, DEFAULT_BUDGET), 0.28);
  assert.equal(epsilonOf({ epsilon: 0.5 }, DEFAULT_BUDGET), 0.5);
  for (const bad of [0, -1, 'x', Number.NaN]) assert.throws(() => epsilonOf({ epsilon: bad }, DEFAULT_BUDGET), (e) => isOncoAtlasError(e, 'USAGE'));
});
