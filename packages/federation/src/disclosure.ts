/**
 * Disclosure control of a count before it leaves the node. Pure.
 *
 * Defaults follow samply Focus's obfuscation (EUCAIM reference §6.4): Laplace noise with ε = 0.28 per count and
 * a sensitivity per kind of count (a patient changes a subject count by 1, a study count by up to the node's
 * most studies per patient, capped), rounding to 10, and counts 1..9 reported as 10 (mode `threshold`).
 *
 * Why the noise is deterministic: fresh noise per answer averages away (ask 100 times, take the mean). Focus
 * caches results for 24 h; we derive the noise from HMAC(noise key, query fingerprint, stratum, true count)
 * instead, which is the same as a cache that never expires and survives restarts, needs no storage, and gives
 * an independent draw to every different query. The key stays on the node; without it the noise cannot be
 * predicted or subtracted.
 */
import { createHmac } from 'node:crypto';

export type SmallCountMode = 'zero' | 'threshold' | 'noise';

export interface DisclosurePolicy {
  /** Counts 0 < c < threshold are small: answered by `mode`. */
  readonly threshold: number;
  /** Reported counts are multiples of this (1: no rounding). */
  readonly rounding: number;
  /** Laplace ε per count; null: no noise (threshold and rounding only). */
  readonly epsilon: number | null;
  readonly mode: SmallCountMode;
  /** Whether a true zero is noised too (Focus's OBFUSCATE_ZERO); off: zero stays zero. */
  readonly noiseZero: boolean;
  /** Upper bound of the study-count sensitivity, whatever the node's most studies per patient. */
  readonly studySensitivityCap: number;
}

export const DEFAULT_DISCLOSURE_POLICY: DisclosurePolicy = {
  threshold: 10, rounding: 10, epsilon: 0.28, mode: 'threshold', noiseZero: false, studySensitivityCap: 20,
};

export type DisclosureRule = 'zero-kept' | 'small-count-zero' | 'small-count-threshold' | 'noise' | 'rounding';

export interface NoiseContext {
  readonly noiseKey: Uint8Array | string;
  readonly fingerprint: string;
  /** Which number of the answer this is, e.g. `total/subjects`, `collection:<id>/studies`, `modality=CT/studies`. */
  readonly stratum: string;
  readonly sensitivity: number;
}

/** A uniform draw in (0, 1) fixed by the key and the context: the same question always gets the same noise. */
function keyedUniform(ctx: NoiseContext, trueCount: number): number {
  const mac = createHmac('sha256', ctx.noiseKey).update(`${ctx.fingerprint}\n${ctx.stratum}\n${trueCount}`).digest();
  // 48 bits are plenty for the Laplace tail; +0.5 keeps the draw off 0 and 1.
  return (mac.readUIntBE(0, 6) + 0.5) / 2 ** 48;
}

/** Laplace(0, sensitivity / ε) by inverse CDF of the keyed uniform. */
export function keyedLaplace(ctx: NoiseContext, trueCount: number, epsilon: number): number {
  const u = keyedUniform(ctx, trueCount) - 0.5;
  const scale = ctx.sensitivity / epsilon;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

function roundTo(x: number, step: number): number {
  return step > 1 ? Math.round(x / step) * step : Math.round(x);
}

/**
 * The count to report for a true count, and the rules that shaped it.
 * @example discloseCount(7, DEFAULT_DISCLOSURE_POLICY, ctx) // { value: 10, rules: ['small-count-threshold'] }
 */
export function discloseCount(trueCount: number, policy: DisclosurePolicy, ctx: NoiseContext): { value: number; rules: DisclosureRule[] } {
  if (trueCount === 0 && !policy.noiseZero) return { value: 0, rules: ['zero-kept'] };
  if (trueCount > 0 && trueCount < policy.threshold && policy.mode !== 'noise') {
    return policy.mode === 'zero' ? { value: 0, rules: ['small-count-zero'] } : { value: policy.threshold, rules: ['small-count-threshold'] };
  }
  const rules: DisclosureRule[] = [];
  let x = trueCount;
  if (policy.epsilon !== null && policy.epsilon > 0) {
    x += keyedLaplace(ctx, trueCount, policy.epsilon);
    rules.push('noise');
  }
  if (policy.rounding > 1) rules.push('rounding');
  return { value: Math.max(0, roundTo(x, policy.rounding)), rules };
}

/** The sensitivity of a study count: one patient adds at most this many studies. */
export function studySensitivity(maxStudiesPerPatient: number, policy: DisclosurePolicy): number {
  return Math.max(1, Math.min(maxStudiesPerPatient, policy.studySensitivityCap));
}
