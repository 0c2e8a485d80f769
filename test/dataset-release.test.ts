/**
 * `oncoatlas dataset create|release|list|show` on a populated synthetic hospital: the default version meets
 * the policy per patient with the least generalisation, its manifest pins every file, its CDM extract holds no
 * birth date and no calendar date; a version above the policy is refused with what to generalise, and released
 * only under a recorded override; one without a legal basis is never released; a cohort holds what was asked;
 * a date mapped into a text column stops the release; the dossier PDF renders to pages and holds no identifier;
 * the audit log verifies; everything written is owner-only; another site secret opens none of the ledger's sealed paths.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Manifest, VersionSummary } from '@oncoatlas/release';
import { generateHospital } from '@oncoatlas/synth';
import { createTestDatabase, notOwnerOnly, requireChromium, requireTool } from '@oncoatlas/testkit';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));

function oncoatlas(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: { status: number | null; stdout: string; stderr: string }): string {
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Every value in the hospital's clinical patients table that identifies someone: IDs, names, birth dates. */
function identifiers(hospital: string): string[] {
  const [header, ...rows] = readFileSync(join(hospital, 'clinical', 'patients.csv'), 'latin1').split(/\r?\n/).filter(Boolean);
  const columns = header!.split(';');
  const pick = ['NHC', 'Apellidos', 'Nombre', 'Fecha_nacimiento'].map((c) => columns.indexOf(c));
  assert.ok(pick.every((i) => i >= 0), `patients.csv has the identifying columns (${header})`);
  return [...new Set(rows.flatMap((r) => pick.map((i) => r.split(';')[i]!.trim())).filter((v) => v.length >= 4))];
}

/**
 * An identifier counts where it stands as a value of its own: a patient number such as 10000004 also occurs,
 * by chance, inside the 39-digit pseudonymous UIDs (2.25.…) derived from a random site secret, which is no leak.
 */
function assertNoIdentifier(text: string, ids: readonly string[], where: string): void {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const id of ids) assert.ok(!new RegExp(`(?<![0-9A-Za-z])${escape(id)}(?![0-9A-Za-z])`).test(text), `an identifier of the hospital leaked into ${where}`);
}

test('dataset create, refuse, override, release: manifest, extract, risk gate, dossier, audit', async (t: TestContext) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-release-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hospital = join(dir, 'h');
  generateHospital({ out: hospital, studies: 300, seed: 'release' });
  const data = join(dir, 'data');
  ok(oncoatlas('secret', 'new', join(dir, 'site.secret')));
  const populated = JSON.parse(ok(oncoatlas('populate', '--data-dir', data, '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'),
    '--secret-file', join(dir, 'site.secret'), '--dates', 'shift', '--jobs', '2', '--json'))) as { integrated: number; clinical?: { rows: { kept: number } } };
  assert.ok(populated.clinical && populated.clinical.rows.kept > 0, 'populate harmonised the clinical export');
  const ids = identifiers(hospital);
  assert.ok(ids.length > 100);
  const qc = ok(oncoatlas('qc', '--data-dir', data));
  assert.match(qc, /^Clinical QC: \d+ rows/);
  assert.match(qc, /consent\.withdrawn: \d+ errors?/);
  assertNoIdentifier(qc, ids, 'the QC report');

  // 1. The suggested version: the least generalisation reaching k = 5. A 300-study hospital needs up to 20 % of
  // its studies suppressed for that (vendor, body part and modality stay as the images have them).
  const created = JSON.parse(ok(oncoatlas('dataset', 'create', '--data-dir', data, '--secret-file', join(dir, 'site.secret'), '--id', 'synthetic-lung', '--title', 'Synthetic cancer imaging',
    '--by', 'steward@hospital', '--max-suppression', '0.2', '--purpose', 'Training segmentation models', '--legal-basis', 'GDPR art. 9(2)(j); EHDS art. 53(1)(e)', '--json'))) as
    { version: number; dir: string; manifestSha256: string; summary: VersionSummary };
  const s = created.summary;
  assert.equal(created.version, 1);
  assert.ok(s.risk.before.k < 5, 'as integrated, some study is rarer than k');
  assert.ok(s.risk.after.k >= 5, `the suggested generalisation reaches k = 5 (got ${s.risk.after.k}: ${s.risk.generalisation.join('; ')})`);
  assert.equal(s.risk.decision.allowed, true);
  assert.equal(s.risk.unit, 'patient');
  assert.ok(s.risk.suppressedPatients <= Math.floor(0.2 * s.risk.before.records), 'at most 20 % of the patients suppressed');
  assert.ok(s.risk.studiesLeftOut <= Math.floor(0.2 * populated.integrated), 'at most 20 % of the studies left out of patients kept');
  for (const a of s.risk.attacks) assert.ok(a.share <= 0.05, `${a.label}: ${a.reidentified} re-identified`);
  assert.equal(s.counts.studies + s.risk.suppressedStudies, populated.integrated, 'every integrated study is in the version or suppressed with its reason');
  assert.equal(s.excluded.risk_suppressed ?? 0, s.risk.suppressedStudies);

  // The manifest lists every file of the version with its SHA-256, and pins itself by the recorded hash.
  const manifestBytes = readFileSync(join(created.dir, 'manifest.json'));
  assert.equal(createHash('sha256').update(manifestBytes).digest('hex'), created.manifestSha256);
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  const onDisk = readdirSync(created.dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(created.dir.length + 1)).filter((p) => p !== 'manifest.json').sort();
  assert.deepEqual(manifest.files.map((f) => f.path), onDisk);
  for (const f of manifest.files.filter((_, i) => i % 37 === 0)) {
    assert.equal(createHash('sha256').update(readFileSync(join(created.dir, f.path))).digest('hex'), f.sha256, f.path);
  }
  assert.equal(manifest.files.filter((f) => f.path.startsWith('files/')).length, s.counts.instances);
  for (const report of ['reports/funnel.json', 'reports/clinical-qc.json', 'reports/risk.json', 'reports/deidentification.json']) assert.ok(onDisk.includes(report), report);

  // The CDM extract: pseudonyms, no birth date, the same pseudonyms as the images, and no identifier.
  const patients = readFileSync(join(created.dir, 'clinical', 'patient.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(patients.length, s.counts.patients > 0 ? patients.length : 0);
  assert.ok(patients.every((p) => !('patient_birth_date' in p)), 'birth dates are never released');
  assert.ok(patients.every((p) => p.patient_managing_organization === null), 'the hospital\'s own code is not released (the images say ANONYMIZED)');
  for (const file of readdirSync(join(created.dir, 'clinical'))) {
    assert.doesNotMatch(readFileSync(join(created.dir, 'clinical', file), 'utf8'), /"\d{4}-\d{2}-\d{2}"/, `clinical/${file} holds no calendar date`);
  }
  const imaged = new Set(manifest.files.filter((f) => f.path.startsWith('files/')).map((f) => f.path.split('/')[1]));
  assert.ok(patients.filter((p) => imaged.has(String(p.patient_id))).length > 0.9 * patients.length, 'clinical records carry the images\' pseudonyms');
  // The images' own CDM records follow the version's studies, keyed by the files' pseudonymised UIDs.
  const imageStudies = readFileSync(join(created.dir, 'clinical', 'image_study.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { study_uid: string });
  assert.equal(imageStudies.length, s.counts.studies);
  assert.deepEqual(new Set(imageStudies.map((x) => x.study_uid)), new Set(manifest.files.filter((f) => f.path.startsWith('files/')).map((f) => f.path.split('/')[2])));
  for (const file of readdirSync(join(created.dir, 'clinical'))) assertNoIdentifier(readFileSync(join(created.dir, 'clinical', file), 'latin1'), ids, `clinical/${file}`);
  for (const file of readdirSync(join(created.dir, 'reports'))) assertNoIdentifier(readFileSync(join(created.dir, 'reports', file), 'latin1'), ids, `reports/${file}`);

  // The released QC report points nowhere back: no example, no row number, no pseudonym of an excluded patient.
  const qcReleased = readFileSync(join(created.dir, 'reports', 'clinical-qc.json'), 'utf8');
  assert.doesNotMatch(qcReleased, /OA-|"row"|"examples"|patients\.csv|xlsx/);

  // 2. A policy no generalisation can meet (k = 1000): refused, with what failed and what to generalise.
  const raw = JSON.parse(ok(oncoatlas('dataset', 'create', '--data-dir', data, '--secret-file', join(dir, 'site.secret'), '--id', 'synthetic-lung', '--by', 'steward@hospital', '--min-k', '1000',
    '--legal-basis', 'GDPR art. 9(2)(j)', '--json'))) as { version: number };
  assert.equal(raw.version, 2);
  const refused = oncoatlas('dataset', 'release', 'synthetic-lung', '--data-dir', data, '--dataset-version', '2', '--by', 'steward@hospital', '--no-pdf');
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /RISK_RELEASE_REFUSED/);
  assert.match(refused.stderr, /k = \d+ is below the minimum 1000/);
  assert.match(refused.stderr, /What to generalise: .*(generalise|suppress)/);
  assert.match(refused.stderr, /--override-risk --justification/);
  const noReason = oncoatlas('dataset', 'release', 'synthetic-lung', '--data-dir', data, '--dataset-version', '2', '--by', 'steward@hospital', '--override-risk', '--no-pdf');
  assert.match(noReason.stderr, /USAGE/);
  const justification = 'Accepted by the data access committee (minute 2026-14): analysis in the secure enclave only';
  ok(oncoatlas('dataset', 'release', 'synthetic-lung', '--data-dir', data, '--dataset-version', '2', '--by', 'dpo@hospital', '--override-risk', '--justification', justification, '--no-pdf'));
  const shown = JSON.parse(ok(oncoatlas('dataset', 'show', 'synthetic-lung', '--data-dir', data, '--dataset-version', '2', '--json'))) as { state: string; override: { by: string; justification: string } };
  assert.equal(shown.state, 'released');
  assert.deepEqual({ by: shown.override.by, justification: shown.override.justification }, { by: 'dpo@hospital', justification });
  const again = oncoatlas('dataset', 'release', 'synthetic-lung', '--data-dir', data, '--dataset-version', '2', '--by', 'steward@hospital', '--no-pdf', '--override-risk', '--justification', justification);
  assert.match(again.stderr, /DATASET_NOT_DRAFT/);

  // 3. A file changed after the version was made: the version cannot be released.
  const tampered = JSON.parse(ok(oncoatlas('dataset', 'create', '--data-dir', data, '--secret-file', join(dir, 'site.secret'), '--id', 'tampered', '--title', 'Tampered copy', '--by', 'steward@hospital', '--max-suppression', '0.2',
    '--legal-basis', 'GDPR art. 9(2)(j)', '--json'))) as { dir: string };
  appendFileSync(join(tampered.dir, 'reports', 'risk.json'), ' ');
  const refusedTampered = oncoatlas('dataset', 'release', 'tampered', '--data-dir', data, '--by', 'steward@hospital', '--no-pdf');
  assert.match(refusedTampered.stderr, /IO_FAILED.*differ from its manifest/s);

  // A version without a legal basis is never released.
  ok(oncoatlas('dataset', 'create', '--data-dir', data, '--secret-file', join(dir, 'site.secret'), '--id', 'no-basis', '--title', 'No legal basis', '--by', 'steward@hospital', '--max-suppression', '0.2'));
  assert.match(oncoatlas('dataset', 'release', 'no-basis', '--data-dir', data, '--by', 'steward@hospital', '--no-pdf').stderr, /RELEASE_LEGAL_BASIS_MISSING/);

  // A cohort a researcher asks for: lung cancers seen on CT.
  const lung = JSON.parse(ok(oncoatlas('dataset', 'create', '--data-dir', data, '--secret-file', join(dir, 'site.secret'), '--id', 'lung-ct', '--title', 'Lung CT', '--by', 'steward@hospital', '--max-suppression', '0.2',
    '--modality', 'CT', '--condition', 'C34', '--legal-basis', 'GDPR art. 9(2)(j)', '--json'))) as { dir: string; summary: VersionSummary };
  assert.ok(lung.summary.cohort.excluded.modality! > 0 && lung.summary.cohort.excluded.condition! > 0, 'the criteria left studies out, counted');
  const lungStudies = readFileSync(join(lung.dir, 'clinical', 'image_series.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { study_uid: string; series_modality: { value: string } | null });
  const ctStudies = new Set(lungStudies.filter((x) => x.series_modality?.value === 'CT').map((x) => x.study_uid));
  assert.equal(ctStudies.size, new Set(lungStudies.map((x) => x.study_uid)).size, 'every study of the version has a CT series');
  assert.ok(lung.summary.facts.conditions.every((c) => c.value === 'C34' || c.value === 'other'), 'every patient has a lung cancer');

  // 4. Release version 1 with its PDF dossier.
  const pdf = join(created.dir, 'dossier.pdf');
  const withPdf = requireChromium(t) && requireTool(t, 'pdftoppm') && requireTool(t, 'pdftotext');
  ok(oncoatlas('dataset', 'release', 'synthetic-lung', '--data-dir', data, '--dataset-version', '1', '--by', 'steward@hospital', ...(withPdf ? [] : ['--no-pdf'])));
  const html = readFileSync(join(created.dir, 'dossier.html'), 'utf8');
  assert.match(html, /Synthetic cancer imaging/);
  assertNoIdentifier(html + readFileSync(join(created.dir, 'dossier.json'), 'latin1'), ids, 'the dossier');
  if (withPdf) {
    const pages = join(dir, 'pages');
    assert.equal(spawnSync('mkdir', ['-p', pages]).status, 0);
    assert.equal(spawnSync('pdftoppm', ['-png', '-r', '40', pdf, join(pages, 'p')]).status, 0, 'pdftoppm renders the dossier');
    assert.ok(readdirSync(pages).filter((f) => f.endsWith('.png')).length >= 2, 'the dossier has pages');
    const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    assert.match(text, /Synthetic cancer imaging/);
    assert.ok(text.includes(created.manifestSha256.slice(0, 16)), 'the dossier names the manifest hash');
    assertNoIdentifier(text, ids, 'the dossier PDF');
  } else {
    assert.ok(!existsSync(pdf));
  }

  // 5. Every step is in the audit log, which verifies.
  const events = ok(oncoatlas('audit', 'show', '--data-dir', data, '--limit', '100000', '--json')).trim().split('\n').map((l) => JSON.parse(l) as { event: { type: string; datasetId?: string } });
  const of = (type: string, datasetId: string): number => events.filter((e) => e.event.type === type && e.event.datasetId === datasetId).length;
  assert.equal(of('CREATE_DATASET', 'synthetic-lung/v1'), 1);
  assert.equal(of('UPDATE_DATASET', 'synthetic-lung/v1'), 1);
  assert.equal(of('RISK_OVERRIDDEN', 'synthetic-lung/v1'), 0);
  assert.equal(of('RISK_OVERRIDDEN', 'synthetic-lung/v2'), 1);
  assert.ok(events.some((e) => e.event.type === 'CLINICAL_HARMONISED'));
  assert.ok(!JSON.stringify(events).includes(justification), 'the log holds the justification\'s hash, not its text');
  assert.match(ok(oncoatlas('audit', 'verify', '--data-dir', data)), /verified/);
  const list = ok(oncoatlas('dataset', 'list', '--data-dir', data));
  assert.match(list, /v1\s+released/);
  assert.match(list, /v2\s+released.*risk override/);
  assert.deepEqual(notOwnerOnly(data), [], 'versions, their files, reports and dossiers, the ledger and the checkpoints are owner-only');

  // 6. A de-identified file changed after it was written and verified is never released.
  const output = manifest.files.find((f) => f.path.startsWith('files/'))!.path.slice('files/'.length);
  // Every file of its series: the series' first file is also the one whose header the cohort reads first.
  const seriesDir = dirname(join(data, 'deidentified', output));
  for (const f of readdirSync(seriesDir)) appendFileSync(join(seriesDir, f), Buffer.from([0]));
  const changed = oncoatlas('dataset', 'create', '--data-dir', data, '--secret-file', join(dir, 'site.secret'), '--id', 'after-change', '--title', 'After a change', '--by', 'steward@hospital', '--legal-basis', 'GDPR art. 9(2)(j)', '--max-suppression', '0.2');
  assert.match(changed.stderr, /IO_FAILED.*changed after they were written and verified/s);
});

test('with the ledger in PostgreSQL, a version is created, refused, overridden and verified the same way', async (t: TestContext) => {
  const url = await createTestDatabase('dataset release on PostgreSQL');
  if (!url) return;
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-release-pg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  generateHospital({ out: join(dir, 'h'), studies: 120, seed: 'release-pg' });
  const data = join(dir, 'data');
  const where = ['--data-dir', data, '--database', url];
  ok(oncoatlas('secret', 'new', join(dir, 'site.secret')));
  ok(oncoatlas('populate', ...where, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 'site.secret'), '--jobs', '2', '--json'));
  const created = JSON.parse(ok(oncoatlas('dataset', 'create', ...where, '--secret-file', join(dir, 'site.secret'), '--id', 'pg-set', '--title', 'On PostgreSQL', '--by', 'steward', '--min-k', '1000', '--legal-basis', 'GDPR art. 9(2)(j)', '--json'))) as { summary: VersionSummary };
  assert.equal(created.summary.risk.decision.allowed, false, 'no generalisation of a 120-study hospital reaches k = 1000');
  assert.match(oncoatlas('dataset', 'release', 'pg-set', ...where, '--by', 'steward', '--no-pdf').stderr, /RISK_RELEASE_REFUSED/);
  ok(oncoatlas('dataset', 'release', 'pg-set', ...where, '--by', 'dpo', '--no-pdf', '--override-risk', '--justification', 'Secure processing environment only, committee minute 7'));
  assert.match(ok(oncoatlas('dataset', 'list', ...where)), /v1\s+released.*risk override/);
  assert.match(ok(oncoatlas('audit', 'verify', ...where)), /verified/);
});

test('a date mapped to a column that is not a date stops the release, naming the column', async (t: TestContext) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-release-date-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  generateHospital({ out: join(dir, 'h'), studies: 80, seed: 'release-date' });
  // The steward maps the treatments' start date to the treatment intent (free text): a date without a date policy.
  const mapping = join(dir, 'h', 'clinical-mapping.yaml');
  writeFileSync(mapping, readFileSync(mapping, 'utf8').replace('      Fecha inicio: start_date', '      Fecha inicio: intent'));
  const data = join(dir, 'data');
  ok(oncoatlas('secret', 'new', join(dir, 'site.secret')));
  ok(oncoatlas('populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 'site.secret'), '--dates', 'shift', '--json'));
  const r = oncoatlas('dataset', 'create', '--data-dir', data, '--secret-file', join(dir, 'site.secret'), '--id', 'dated', '--title', 'Dated', '--by', 'steward', '--legal-basis', 'GDPR art. 9(2)(j)', '--max-suppression', '0.2');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /RELEASE_ATTRIBUTE_UNDECLARED/);
  assert.match(r.stderr, /treatment\.treatment_intent holds values that read as calendar dates/);
  assert.ok(!existsSync(join(data, 'datasets', 'dated', 'v1')) && !existsSync(join(data, 'datasets', 'dated', 'v1.partial')), 'no version, and nothing half-written, is left');
  // The ledger's source paths are sealed under the site secret: another secret opens none of them.
  ok(oncoatlas('secret', 'new', join(dir, 'other.secret')));
  assert.match(oncoatlas('dataset', 'create', '--data-dir', data, '--secret-file', join(dir, 'other.secret'), '--id', 'dated', '--title', 'Dated', '--by', 'steward').stderr, /SECRET_MISMATCH/);
  assert.match(oncoatlas('populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 'other.secret'), '--json').stderr, /SECRET_MISMATCH/);
  assert.match(ok(oncoatlas('dataset', 'list', '--data-dir', data)), /No datasets yet/);
});
