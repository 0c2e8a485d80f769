/**
 * The claim a hospital's DPO signs on, tested as an outside auditor would: a 2,000-study synthetic hospital is
 * populated, released and published through the demo's default path; then the released files and tables are
 * linked back to the hospital's own identified tables and PACS files under the named attacker models, with
 * code of this test only (test/auditor/), none of the release's. Each model may re-identify at most 5 % of the
 * released patients; the export's cut-off must not give the dates back; no released time of day is one of
 * the hospital's; every released file validates as well as its de-identified original (dciodvfy).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import dicomParser from 'dicom-parser';
import { Pseudonymizer } from '@oncoatlas/deid';
import { generateHospital } from '@oncoatlas/synth';
import { agreementFilings, errorDelta, requireTool, runDciodvfy } from '@oncoatlas/testkit';
import { readHospital, type HospitalPatient } from './auditor/hospital-records.ts';
import { readRelease, within, type Bin, type ReleasedPatient } from './auditor/released-records.ts';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const ok = (...args: string[]): string => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

const DAY = 86_400_000;
const yearRange = (d: number): Bin => { const y = new Date(d * DAY).getUTCFullYear(); return { lo: Date.UTC(y, 0, 1) / DAY, hi: Date.UTC(y, 11, 31) / DAY }; };
const overlaps = (a: Bin, b: Bin): boolean => a.lo <= b.hi && b.lo <= a.hi;

/** A released age (a number, a band "60-69" or withdrawn) fits one of the ages the attacker allows. */
function ageFits(released: number | string | null, ages: number[]): boolean {
  if (released === null) return true;
  if (typeof released === 'number') return ages.includes(Math.floor(released));
  const [lo, hi] = released.split('-').map(Number);
  return ages.some((a) => a >= lo! && a <= hi!);
}

/** What a living patient's released follow-up says of the baseline, given the export's cut-off. */
function baseline(r: ReleasedPatient, cutoff: number): Bin | null {
  return r.alive === true && r.lastContact ? { lo: cutoff - r.lastContact.hi, hi: cutoff - r.lastContact.lo } : null;
}

function demographics(h: HospitalPatient, r: ReleasedPatient): boolean {
  const ages = h.birthYear !== null && h.diagnosisDay !== null ? [new Date(h.diagnosisDay * DAY).getUTCFullYear() - h.birthYear - 1, new Date(h.diagnosisDay * DAY).getUTCFullYear() - h.birthYear] : null;
  return (r.sex === null || h.sex === null || r.sex === h.sex)
    && (ages === null || ageFits(r.age, ages))
    && (r.conditions.length === 0 || h.icd10 === null || r.conditions.some((c) => h.icd10!.startsWith(c)));
}

type Knowledge = (h: HospitalPatient) => ((r: ReleasedPatient) => boolean) | null;

function attack(released: readonly ReleasedPatient[], truth: readonly (HospitalPatient | undefined)[], knows: Knowledge): { targets: number; reidentified: number } {
  let targets = 0;
  let reidentified = 0;
  released.forEach((own, i) => {
    const h = truth[i];
    const fits = h ? knows(h) : null;
    if (!fits) return;
    targets++;
    if (fits(own) && released.every((r, j) => j === i || !fits(r))) reidentified++;
  });
  return { targets, reidentified };
}

/** The auditor's four attacks on one released version, with the hospital's records as background. */
function audit(dir: string, byPseudonym: ReadonlyMap<string, HospitalPatient>, cutoffDay: number) {
  const release = readRelease(dir);
  const released = [...release.values()];
  const truth = released.map((r) => byPseudonym.get(r.pseudonym));

  const firstScan = (h: HospitalPatient) => [...h.scans].filter((s) => !['SR', 'SEG'].includes(s.modality)).sort((a, b) => a.day - b.day)[0];
  const results = {
    // A cancer registry, or a neighbour: sex, birth year, year of diagnosis, site.
    registry: attack(released, truth, (h) => (h.diagnosisDay === null ? null : (r) => {
      if (!demographics(h, r)) return false;
      const b = baseline(r, cutoffDay);
      return b === null || overlaps(b, yearRange(h.diagnosisDay!));
    })),
    // Someone who saw the patient at the scanner: modality, date and time of one scan.
    visitor: attack(released, truth, (h) => {
      const scan = firstScan(h);
      if (!scan) return null;
      return (r) => {
        const b = baseline(r, cutoffDay);
        return r.studies.some((s) => s.modalities.has(scan.modality) && (s.hour === null || s.hour === scan.time.slice(0, 2))
          && (b === null || s.offset === null || overlaps({ lo: scan.day - b.hi, hi: scan.day - b.lo }, s.offset)));
      };
    }),
    // A death registry: sex, birth year, site and the days from diagnosis to death.
    death: attack(released, truth, (h) => (h.deathDay === null || h.diagnosisDay === null ? null : (r) =>
      demographics(h, r) && r.alive !== true && (r.deaths.length === 0 || r.deaths.some((d) => within(h.deathDay! - h.diagnosisDay!, d))))),
    // Everything the release measures, known exactly: demographics, site, modalities, manufacturers, every offset and hour.
    all: attack(released, truth, (h) => {
      const base = h.diagnosisDay ?? Math.min(...h.scans.map((s) => s.day));
      const scans = h.scans.filter((s) => !['SR', 'SEG'].includes(s.modality));
      return (r) => demographics(h, r) && (r.alive === null || h.alive === null || r.alive === h.alive)
        && r.studies.every((s) => [...s.modalities].every((m) => scans.some((x) => x.modality === m))
          && [...s.manufacturers].every((m) => h.scans.some((x) => x.manufacturer === m))
          && (s.offset === null || h.scans.some((x) => within(x.day - base, s.offset!)))
          && (s.hour === null || h.scans.some((x) => x.time.slice(0, 2) === s.hour)))
        && r.treatments.every((b) => h.treatmentDays.some((d) => within(d - base, b)))
        && (r.lastContact === null || h.lastContactDay === null || within(h.lastContactDay - base, r.lastContact))
        && r.deaths.every((b) => h.deathDay !== null && within(h.deathDay - base, b));
    }),
  };
  return { released, truth, results };
}

test('the 2,000-study hospital, released by the demo\'s default path, survives the attacker models', async (t: TestContext) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-attack-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hospital = join(dir, 'h');
  generateHospital({ out: hospital, studies: 2000, seed: 'audit' });
  const data = join(dir, 'atlas');
  const secret = join(dir, 'site.secret');
  ok('secret', 'new', secret);
  ok('populate', '--data-dir', data, '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'), '--secret-file', secret,
    '--option', 'retain-safe-private', '--dates', 'shift', '--jobs', '2', '--json');
  const created = JSON.parse(ok('dataset', 'create', '--data-dir', data, '--secret-file', secret, '--id', 'demo', '--title', 'Synthetic hospital', '--by', 'steward',
    '--purpose', 'Demonstration', '--legal-basis', 'Not applicable: synthetic data', '--max-suppression', '0.2', '--json')) as { dir: string; summary: { risk: { decision: { allowed: boolean; failures: string[] } } } };
  assert.ok(created.summary.risk.decision.allowed, created.summary.risk.decision.failures.join('; '));
  ok('dataset', 'release', 'demo', '--data-dir', data, '--by', 'steward', '--no-pdf');
  for (const args of agreementFilings(join(dir, 'agreements'), data)) ok(...args);
  ok('catalogue', 'publish', 'demo', '--data-dir', data, '--by', 'steward', '--steward', join(hospital, 'catalogue-steward.json'), '--public-url', 'https://node.hospital-sintetic.example');

  const { patients, cutoffDay } = await readHospital(hospital);
  const pseudonymOf = new Pseudonymizer(new Uint8Array(Buffer.from(readFileSync(secret, 'utf8').trim(), 'utf8')));
  const byPseudonym = new Map([...patients.values()].map((p) => [pseudonymOf.patientId(p.nhc), p]));
  const { released, truth, results } = audit(created.dir, byPseudonym, cutoffDay);
  assert.ok(released.length > 900, `${released.length} patients released`);
  assert.ok(truth.filter(Boolean).length / released.length > 0.99, 'the auditor knows (almost) every released patient');
  assert.equal(released.reduce((n, r) => n + r.calendarDates, 0), 0, 'no calendar date in the clinical tables');
  const limit = Math.floor(0.05 * released.length);
  t.diagnostic(`${released.length} patients released; re-identified: ${Object.entries(results).map(([m, r]) => `${m} ${r.reidentified} of ${r.targets} attacked`).join(', ')}`);
  for (const [model, r] of Object.entries(results)) assert.ok(r.reidentified <= limit, `${model}: ${r.reidentified} of ${released.length} re-identified (at most ${limit})`);

  // The control: the same hospital with every quasi-identifier at its finest level (k = 1). The gate's own
  // attacks refuse it, and the auditor's attacks, run the same way, do re-identify: they are not vacuous.
  const detailed = JSON.parse(ok('dataset', 'create', '--data-dir', data, '--secret-file', secret, '--id', 'detailed', '--title', 'Too detailed', '--by', 'steward',
    '--legal-basis', 'Not applicable: synthetic data', '--min-k', '1', '--min-l', '1', '--json')) as { dir: string; summary: { risk: { decision: { allowed: boolean; failures: string[] }; attacks: { model: string; reidentified: number }[] } } };
  t.diagnostic(`the gate's own attacks at k = 1: ${detailed.summary.risk.attacks.map((a) => `${a.model} ${a.reidentified}`).join(', ')}`);
  assert.equal(detailed.summary.risk.decision.allowed, false);
  assert.ok(detailed.summary.risk.decision.failures.some((f) => /^attack by /.test(f)), 'refused by its own attack simulation');
  const control = audit(detailed.dir, byPseudonym, cutoffDay);
  t.diagnostic(`control at k = 1: ${Object.entries(control.results).map(([m, r]) => `${m} ${r.reidentified} of ${r.targets}`).join(', ')}`);
  assert.ok(control.results.all.reidentified > 0.5 * control.released.length, 'knowing every quasi-identifier re-identifies most patients at k = 1');
  assert.ok(control.results.registry.reidentified > limit && control.results.death.reidentified > limit, 'registries re-identify at k = 1');
  assert.ok(control.results.visitor.reidentified > 0, 'the hour of a scan, with the follow-up, re-identifies some at k = 1');

  // The auditor's shift recovery: the cut-off minus a living patient's follow-up gives the shift, or the
  // baseline, and with it the real date of each scan. It must fail for at least 95 % of the patients.
  let recovered = 0;
  released.forEach((r, i) => {
    const h = truth[i];
    const b = baseline(r, cutoffDay);
    if (!h || !b || b.lo !== b.hi) return;
    if (r.studies.some((s) => s.offset !== null && s.offset.lo === s.offset.hi && h.scans.some((x) => x.day === b.lo + s.offset!.lo))) recovered++;
  });
  assert.ok(recovered <= limit, `the cut-off gives the dates back for ${recovered} patients`);

  // No released time of day is one of the hospital's (an hour is at most 'HH'; the originals are HHMMSS).
  let sameTime = 0;
  released.forEach((r, i) => { for (const s of r.studies) for (const v of s.times) if (truth[i]?.times.has(v)) sameTime++; });
  assert.equal(sameTime, 0, 'a released time equals an original');

  // Every released file validates as well as its de-identified original: one file of each modality.
  if (requireTool(t, 'dciodvfy')) {
    const manifest = JSON.parse(readFileSync(join(created.dir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    const seen = new Set<string>();
    const series = new Set<string>();
    for (const f of manifest.files.filter((x) => x.path.startsWith('files/'))) {
      const folder = f.path.split('/').slice(0, 4).join('/');
      if (series.has(folder)) continue;
      series.add(folder);
      const modality = dicomParser.parseDicom(new Uint8Array(readFileSync(join(created.dir, f.path))), { untilTag: 'x7fe00010' }).string('x00080060')?.trim() ?? '?';
      if (seen.has(modality)) continue;
      seen.add(modality);
      const fresh = errorDelta(runDciodvfy(join(data, 'deidentified', f.path.slice('files/'.length))), runDciodvfy(join(created.dir, f.path)));
      assert.deepEqual(fresh, [], `${modality}: the release adds dciodvfy errors`);
    }
    assert.ok(seen.size >= 6, `modalities checked: ${[...seen].join(', ')}`);
  }
});
