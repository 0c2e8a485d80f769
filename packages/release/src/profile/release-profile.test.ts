import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { parseReleaseProfile } from './release-profile.ts';

test('a release profile: date policy, weights of known quasi-identifiers, declarations with a reason', () => {
  const p = parseReleaseProfile({ datePolicy: 'remove', weights: { age: 4 }, nonIdentifying: [{ attribute: 'TableSpeed', reason: 'table speed set by the protocol' }] });
  assert.deepEqual(p, { datePolicy: 'remove', weights: { age: 4 }, nonIdentifying: [{ attribute: 'TableSpeed', reason: 'table speed set by the protocol' }] });
  const bad = (v: unknown, what: RegExp): void => assert.throws(() => parseReleaseProfile(v), (e) => isOncoAtlasError(e, 'CONFIG_INVALID') && what.test(e.message));
  bad({ datePolicy: 'shift' }, /datePolicy/);
  bad({ weights: { shoe_size: 1 } }, /shoe_size, which is not a quasi-identifier/);
  bad({ nonIdentifying: [{ attribute: 'X', reason: 'ok' }] }, /reason a reader can check/);
  bad({ kAnonymity: 3 }, /kAnonymity is not a known setting/);
});
