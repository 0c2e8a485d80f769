import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { privateDir, writePrivateFile } from '@oncoatlas/core';
import { ONCOATLAS_VERSION, PROFILE_REVISION, type DeidSettings, type DeidStatus } from '@oncoatlas/deid';
import type { FileOutcome } from '@oncoatlas/pipeline';

export interface ReportFile {
  /** The input as its index in the sorted input list and a keyed hash of its path: paths can hold names. */
  readonly input: { readonly index: number; readonly pathHash: string };
  readonly output: string | null;
  readonly status: DeidStatus;
  readonly reason: string | null;
}

export interface DeidReport {
  readonly summary: {
    readonly tool: string;
    readonly profile: string;
    readonly options: readonly string[];
    readonly datePolicy: string;
    readonly standardRevision: string;
    readonly files: number;
    readonly deidentified: number;
    readonly review: number;
    readonly rejected: number;
    /** Count per reason code (the part of a reason before ':'). */
    readonly reasons: Readonly<Record<string, number>>;
    /** Element actions over every written file (removed, replaced, UIDs remapped, private and unknown removed, redactions). */
    readonly actions: Readonly<Record<string, number>>;
    readonly seconds: number;
    /** Under Clean Pixel Data: held images OCR'd, redacted and released, and left held for review. */
    readonly cleanPixelData?: { readonly scanned: number; readonly redacted: number; readonly held: number };
  };
  readonly files: readonly ReportFile[];
}

export function buildReport(outcomes: readonly FileOutcome[], settings: DeidSettings, seconds: number, cleanPixelData?: { scanned: number; redacted: number; held: number }): DeidReport {
  const counts = { deidentified: 0, review: 0, rejected: 0 };
  const reasons: Record<string, number> = {};
  const actions: Record<string, number> = {};
  const files = outcomes.map((o): ReportFile => {
    counts[o.status]++;
    for (const [k, n] of Object.entries(o.counts ?? {})) actions[k] = (actions[k] ?? 0) + n;
    if (o.reason) {
      const code = o.reason.split(':')[0]!;
      reasons[code] = (reasons[code] ?? 0) + 1;
    }
    return { input: { index: o.index, pathHash: o.pathHash }, output: o.output, status: o.status, reason: o.reason };
  });
  return {
    summary: {
      tool: `oncoatlas deid ${ONCOATLAS_VERSION}`,
      profile: settings.profile,
      options: [...settings.options],
      datePolicy: settings.datePolicy ?? 'remove',
      standardRevision: PROFILE_REVISION,
      files: outcomes.length,
      ...counts,
      reasons,
      actions,
      seconds: Math.round(seconds * 1000) / 1000,
      ...(cleanPixelData ? { cleanPixelData } : {}),
    },
    files,
  };
}

export function writeReport(path: string, report: DeidReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const LOCAL_ONLY_NOTE = `LOCAL ONLY - these files link pseudonyms to real identifiers and input paths.
Keep them inside the hospital, readable by the data steward only; never send them with the data.
uid_mapping.csv and patid_mapping.csv use the id_old,id_new layout of the MIDI-B validation scorer.
`;

/**
 * The re-link tables a hospital may keep (pseudonymised, not anonymised, data under GDPR): original and
 * new UIDs and patient IDs, and input paths with their outputs. Written only when asked for, outside
 * the output folder, with owner-only permissions.
 */
export function writeMappings(dir: string, inputs: readonly string[], outcomes: readonly FileOutcome[]): void {
  privateDir(dir);
  const uids = new Map<string, string>();
  const patients = new Map<string, string>();
  const paths = ['index,path_hash,input_path,output_path,status'];
  for (const o of outcomes) {
    for (const [a, b] of o.uids ?? []) uids.set(a, b);
    if (o.patient) patients.set(o.patient.original, o.patient.pseudonym);
    paths.push([String(o.index), o.pathHash, csvField(inputs[o.index]!), csvField(o.output ?? ''), o.status].join(','));
  }
  const table = (m: Map<string, string>): string => ['id_old,id_new', ...[...m].sort().map(([a, b]) => `${csvField(a)},${csvField(b)}`)].join('\n') + '\n';
  // Also owner-only when an earlier run left these files with wider modes.
  writePrivateFile(join(dir, 'uid_mapping.csv'), table(uids));
  writePrivateFile(join(dir, 'patid_mapping.csv'), table(patients));
  writePrivateFile(join(dir, 'paths.local-only.csv'), `${paths.join('\n')}\n`);
  writePrivateFile(join(dir, 'LOCAL-ONLY.txt'), LOCAL_ONLY_NOTE);
}
