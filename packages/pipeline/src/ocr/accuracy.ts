/**
 * Precision and recall of burned-in identifier detection per instance, against a truth of which text was
 * burned where (the synthetic hospital's truth.json). An instance is a true positive when it carries identifier
 * text and an identifier detection overlaps one of its identifier boxes; a false positive when it carries no
 * identifier text and an identifier detection is reported. Text that is not an identifier ("5 cm") counts for
 * neither: it is what precision is measured against.
 */
import type { Box, Detection } from './match.ts';

export interface TruthItem {
  readonly kind: 'name' | 'id' | 'date' | 'institution' | 'other';
  readonly box: Box;
}

export interface ScoredInstance {
  readonly truth: readonly TruthItem[];
  readonly detections: readonly Detection[];
}

export interface Accuracy {
  readonly instances: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
  /** 1 when nothing was reported (no claim made, none wrong). */
  readonly precision: number;
  /** 1 when no instance carries identifier text. */
  readonly recall: number;
}

export function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
}

export function scoreDetections(instances: readonly ScoredInstance[]): Accuracy {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { truth, detections } of instances) {
    const planted = truth.filter((t) => t.kind !== 'other');
    const found = detections.filter((d) => d.kind !== 'text');
    if (planted.length === 0) {
      if (found.length > 0) fp++; else tn++;
    } else if (found.some((d) => planted.some((t) => overlaps(d.box, t.box)))) tp++;
    else fn++;
  }
  return {
    instances: instances.length, truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}
