import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DISCLOSURE_POLICY, discloseCount, type NoiseContext } from './disclosure.ts';
import { seededRandom } from './random-ast.fixture.ts';

const ctx = (fingerprint: string, stratum = 'total/subjects'): NoiseContext => ({ noiseKey: 'node-noise-key', fingerprint, stratum, sensitivity: 1 });
const policy = { ...DEFAULT_DISCLOSURE_POLICY, mode: 'noise' as const };

test('zero stays zero, small counts follow the mode, others are noised and rounded', () => {
  assert.deepEqual(discloseCount(0, DEFAULT_DISCLOSURE_POLICY, ctx('q')), { value: 0, rules: ['zero-kept'] });
  assert.deepEqual(discloseCount(3, DEFAULT_DISCLOSURE_POLICY, ctx('q')), { value: 10, rules: ['small-count-threshold'] });
  assert.deepEqual(discloseCount(3, { ...DEFAULT_DISCLOSURE_POLICY, mode: 'zero' }, ctx('q')), { value: 0, rules: ['small-count-zero'] });
  const big = discloseCount(137, DEFAULT_DISCLOSURE_POLICY, ctx('q'));
  assert.equal(big.value % 10, 0);
  assert.deepEqual(big.rules, ['noise', 'rounding']);
});

test('noise is keyed: the same question gets the same answer, another key another one', () => {
  const answers = new Set(Array.from({ length: 100 }, () => discloseCount(137, policy, ctx('q')).value));
  assert.equal(answers.size, 1);
  const keys = new Set(Array.from({ length: 50 }, (_, i) => discloseCount(137, policy, { ...ctx('q'), noiseKey: `k${i}` }).value));
  assert.ok(keys.size > 1, 'the noise depends on the node key');
});

test('difference attack: Q and Q AND NOT(target), each asked 100 times, does not tell whether the target is in', () => {
  const rnd = seededRandom(7);
  let correct = 0;
  const trials = 400;
  for (let t = 0; t < trials; t++) {
    const base = 40 + Math.floor(rnd() * 200);
    const present = rnd() < 0.5;
    const q = `query-${t}`;
    const trueQ = base + (present ? 1 : 0);
    const ask = (fingerprint: string, count: number) => {
      const answers = Array.from({ length: 100 }, () => discloseCount(count, policy, ctx(fingerprint)).value);
      assert.equal(new Set(answers).size, 1, 'repeating a query gives no fresh noise to average');
      return answers.reduce((a, b) => a + b, 0) / answers.length;
    };
    const withTarget = ask(q, trueQ);
    const withoutTarget = ask(`${q} AND NOT target`, base);
    const guess = withTarget - withoutTarget > 0;
    if (guess === present) correct++;
  }
  const accuracy = correct / trials;
  assert.ok(Math.abs(accuracy - 0.5) < 0.1, `the attacker's accuracy ${accuracy} is no better than chance`);
});
