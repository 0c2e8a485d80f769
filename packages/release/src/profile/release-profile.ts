/**
 * A steward's release profile (`--release-profile profile.json`): what this node's releases may carry beyond
 * the built-in declarations (an attribute of its scanners, say, with the reason it identifies nobody), how much
 * each quasi-identifier matters to its researchers (weights for the search), and the date policy. Every
 * declaration is printed in the dossier with its reason and who is answerable for it: the steward.
 *
 * @example { "datePolicy": "offset", "weights": { "age": 4 }, "nonIdentifying": [{ "attribute": "FilterType", "reason": "X-ray filter, set by the protocol" }] }
 */
import { oncoError } from '@oncoatlas/core';
import type { ReleaseDatePolicy } from '../risk/release-assessment.ts';
import { releaseQuasiIdentifiers } from './quasi-identifiers.ts';

export interface StewardDeclaration {
  /** A DICOM keyword (`FilterType`), a private tag (`private 00191010`) or a clinical column (`treatment.treatment_intent`). */
  readonly attribute: string;
  readonly reason: string;
}

export interface ReleaseProfile {
  readonly datePolicy: ReleaseDatePolicy;
  readonly weights: Readonly<Record<string, number>>;
  readonly nonIdentifying: readonly StewardDeclaration[];
}

export const DEFAULT_RELEASE_PROFILE: ReleaseProfile = { datePolicy: 'offset', weights: {}, nonIdentifying: [] };

const fail = (what: string): never => { throw oncoError('CONFIG_INVALID', `Release profile: ${what}.`, { field: 'release-profile' }); };

export function parseReleaseProfile(value: unknown): ReleaseProfile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('the file must hold a JSON object');
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['datePolicy', 'weights', 'nonIdentifying', '$comment'].includes(k)) fail(`${k} is not a known setting (known: datePolicy, weights, nonIdentifying)`);
  const datePolicy = o.datePolicy ?? 'offset';
  if (datePolicy !== 'offset' && datePolicy !== 'remove') fail('datePolicy is "offset" or "remove"');
  const names = new Set(releaseQuasiIdentifiers().map((q) => q.name));
  const weights: Record<string, number> = {};
  if (o.weights !== undefined) {
    if (typeof o.weights !== 'object' || o.weights === null || Array.isArray(o.weights)) fail('weights maps quasi-identifier names to numbers');
    for (const [name, w] of Object.entries(o.weights as Record<string, unknown>)) {
      if (!names.has(name)) fail(`weights names ${name}, which is not a quasi-identifier (known: ${[...names].join(', ')})`);
      if (typeof w !== 'number' || !(w > 0) || w > 100) fail(`the weight of ${name} is a number above 0, at most 100`);
      weights[name] = w as number;
    }
  }
  const nonIdentifying: StewardDeclaration[] = [];
  if (o.nonIdentifying !== undefined) {
    if (!Array.isArray(o.nonIdentifying)) fail('nonIdentifying is a list of { "attribute": ..., "reason": ... }');
    for (const [i, d] of (o.nonIdentifying as unknown[]).entries()) {
      const e = d as Record<string, unknown> | null;
      if (typeof e?.attribute !== 'string' || e.attribute.trim() === '') fail(`nonIdentifying[${i}] has no attribute`);
      if (typeof e?.reason !== 'string' || e.reason.trim().length < 10) fail(`nonIdentifying[${i}] needs a reason a reader can check (at least 10 characters)`);
      nonIdentifying.push({ attribute: (e!.attribute as string).trim(), reason: (e!.reason as string).trim() });
    }
  }
  return { datePolicy: datePolicy as ReleaseDatePolicy, weights, nonIdentifying };
}
