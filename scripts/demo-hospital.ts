/**
 * One hospital of the demo, prepared as its staff would: a synthetic hospital written (`oncoatlas synth`: never
 * real patient data), a site secret, the local atlas populated from it (inventory, selection, de-identification
 * with verification, clinical data in the common data model with QC), a dataset version with the least
 * generalisation reaching k = 5, released with its compliance dossier and published in the node's catalogue.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { agreementFilings } from '@oncoatlas/testkit';
import { runStep } from './demo-processes.ts';

export interface DemoHospital {
  /** How its output is labelled and its folder named (hospital-a ...). */
  readonly label: string;
  /** How the hub's operator sees it. */
  readonly name: string;
  readonly seed: string;
  readonly studies: number;
  /** `text`: ultrasound and screen captures at full size with burned-in text, for the review viewer. */
  readonly pixels?: 'small' | 'text';
}

/** Three hospitals of different sizes and seeds: together about a minute of preparation on 2 cores. */
export const DEMO_HOSPITALS: readonly DemoHospital[] = [
  { label: 'hospital-a', name: 'Hospital A (synthetic)', seed: 'demo', studies: 300, pixels: 'text' },
  { label: 'hospital-b', name: 'Hospital B (synthetic)', seed: 'demo-b', studies: 200 },
  { label: 'hospital-c', name: 'Hospital C (synthetic)', seed: 'demo-c', studies: 120 },
];

export interface HospitalPaths { readonly dir: string; readonly hospital: string; readonly data: string; readonly secret: string }

export function hospitalPaths(root: string, h: DemoHospital): HospitalPaths {
  const dir = join(root, h.label);
  return { dir, hospital: join(dir, 'hospital'), data: join(dir, 'atlas'), secret: join(dir, 'site.secret') };
}

export function deidFlags(p: HospitalPaths): string[] {
  return ['--secret-file', p.secret, '--option', 'retain-safe-private', '--dates', 'shift'];
}

/** Prepares the hospital up to a published dataset named under `url`, the address its node will serve. */
export async function prepareHospital(root: string, h: DemoHospital, url: string, o: { pdf: boolean; stop: (code: number) => never }): Promise<HospitalPaths> {
  const p = hospitalPaths(root, h);
  const step = (title: string, args: readonly string[]): Promise<string> => runStep(h.label, title, args, o.stop);
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  rmSync(p.hospital, { recursive: true, force: true });
  rmSync(p.data, { recursive: true, force: true });
  await step('A synthetic hospital (generated: never real patient data)', ['synth', p.hospital, '--studies', String(h.studies), '--seed', h.seed, '--pixels', h.pixels ?? 'small']);
  if (!existsSync(p.secret)) await step('A site secret (keyed pseudonyms; keep it outside the atlas)', ['secret', 'new', p.secret]);
  // One worker thread each: the three hospitals prepare at once on the demo's cores.
  await step('Populate the local atlas', [
    'populate', '--data-dir', p.data, '--source', join(p.hospital, 'pacs'), '--cohort', join(p.hospital, 'cohort.json'), '--jobs', '1', '--no-progress', ...deidFlags(p),
  ]);
  // A hospital of a few hundred studies needs up to a fifth of them suppressed to reach k = 5 (docs/risk.md);
  // the smallest needs a little more.
  await step('A dataset version: manifest, clinical extract, reports, re-identification risk', [
    'dataset', 'create', '--data-dir', p.data, '--secret-file', p.secret, '--id', 'demo', '--title', `${h.name}, demo cohort`, '--by', 'demo-steward',
    '--purpose', 'Demonstration of OncoAtlas on synthetic data', '--legal-basis', 'Not applicable: synthetic data', '--max-suppression', h.studies < 200 ? '0.3' : '0.2',
  ]);
  await step('Release it, with its compliance dossier', ['dataset', 'release', 'demo', '--data-dir', p.data, '--by', 'demo-steward', ...(o.pdf ? [] : ['--no-pdf'])]);
  // Publishing needs the agreements of the node's onboarding path on file: synthetic ones here (docs/access.md).
  for (const args of agreementFilings(join(p.dir, 'agreements'), p.data, 'demo-steward')) {
    await step(`File the node's ${args[args.indexOf('--kind') + 1]} agreement (a synthetic PDF)`, args);
  }
  // The node's address is known before publishing: the dataset's stable IRI is made from it, and kept.
  await step('Publish it in the node\'s catalogue (EUCAIM DCAT-AP, checked against the shapes)', [
    'catalogue', 'publish', 'demo', '--data-dir', p.data, '--by', 'demo-steward', '--steward', join(p.hospital, 'catalogue-steward.json'), '--public-url', url,
  ]);
  return p;
}
