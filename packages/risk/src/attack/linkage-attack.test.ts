import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkageAttack } from './linkage-attack.ts';

type R = { sex: string; age: string };
const released: R[] = [{ sex: 'F', age: '40-49' }, { sex: 'F', age: '40-49' }, { sex: 'M', age: '60-69' }, { sex: 'M', age: '*' }];

test('a target is re-identified when the facts fit its own record and no other', () => {
  const knows = (sex: string, age: string) => (r: R): boolean => r.sex === sex && (r.age === '*' || r.age === age);
  const result = linkageAttack(released, (r) => [r.sex], [
    { own: 0, matches: knows('F', '40-49'), blocks: ['F'] },
    { own: 2, matches: knows('M', '60-69'), blocks: ['M'] },
    { own: 3, matches: knows('M', '70-79'), blocks: ['M'] },
  ]);
  // Target 0 fits records 0 and 1; target 2 fits 2 and 3 (age withdrawn there); target 3 fits only 3.
  assert.deepEqual(result, { targets: 3, reidentified: 1, share: 0.25 });
});

test('facts that do not fit the own record re-identify nobody', () => {
  assert.equal(linkageAttack(released, (r) => [r.sex], [{ own: 0, matches: (r) => r.sex === 'M' }]).reidentified, 0);
});
