/**
 * The synthetic hospital is the proving ground of every later stage, so its ground truth must be true: every
 * defect truth.json claims is checked against the files (and every study it calls clean is checked for the
 * absence of fatal defects), and the same seed gives the same bytes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { asciiValue, findElement, parsePart10, studyKey, type DicomFile } from '@oncoatlas/dicom';
import { DicomdirSource, FolderSource, readAll, readClinicalCsv, readClinicalXlsx } from '@oncoatlas/sources';
import { CONSENT_VALUES, generateHospital, SEX_VALUES, type StudyTruth, type Truth } from '@oncoatlas/synth';
import { hasTool } from '@oncoatlas/testkit';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const STUDIES = 400;

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const p = join(e.parentPath, e.name);
    const rel = relative(dir, p);
    if (e.isSymbolicLink()) out.set(rel, `link:${readlinkSync(p)}`);
    else if (e.isFile()) out.set(rel, readFileSync(p).toString('base64'));
  }
  return out;
}

const tag = (b: DicomFile, t: number): string | undefined => {
  const el = findElement(b.dataset, t);
  return el ? asciiValue(b.buffer, el) : undefined;
};

test('the same seed writes byte-identical hospitals; another seed does not', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-synth-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, seed] of [['a', 'x'], ['b', 'x'], ['c', 'y']] as const) {
    const r = spawnSync(process.execPath, [cli, 'synth', join(dir, name), '--studies', '60', '--seed', seed, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  const a = tree(join(dir, 'a'));
  assert.ok(a.size > 500);
  assert.deepEqual(tree(join(dir, 'b')), a);
  const c = tree(join(dir, 'c'));
  assert.notDeepEqual(c.get('truth.json'), a.get('truth.json'));
  const again = spawnSync(process.execPath, [cli, 'synth', join(dir, 'a'), '--studies', '60'], { encoding: 'utf8' });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /SYNTH_OUTPUT_NOT_EMPTY.*--force/);
});

test('truth.json matches what is on disk, defect by defect', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-synth-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const truth: Truth = generateHospital({ out: dir, studies: STUDIES, seed: 'truth' });
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')), JSON.parse(JSON.stringify(truth)));
  const share = truth.summary.rejected / truth.summary.studies;
  assert.ok(share > 0.07 && share < 0.2, `rejected share ${share}`);

  // Read every file the way the pipeline will: through the folder source, then our parser.
  const byStudy = new Map<string, { path: string; file: DicomFile }[]>();
  const unreadable = new Map<string, string>();
  const problems = new Map<string, string>();
  for await (const item of new FolderSource({ root: join(dir, 'pacs') }).items()) {
    const rel = relative(dir, item.origin);
    if (item.kind === 'problem') { problems.set(rel, item.error.code); continue; }
    const bytes = await readAll(item.content);
    try {
      const file = parsePart10(bytes);
      const key = studyKey(tag(file, 0x0020000d)!);
      byStudy.set(key, [...(byStudy.get(key) ?? []), { path: rel, file }]);
    } catch (err) {
      unreadable.set(rel, (err as { code: string }).code);
    }
  }

  const patients = readClinicalCsv(join(dir, 'clinical', 'patients.csv'));
  assert.equal(patients.source.encoding, 'windows-1252');
  assert.equal(patients.source.delimiter, ';');
  const clinical = new Map(patients.rows.map((r) => [r.NHC!, r]));
  const sheets = await readClinicalXlsx(join(dir, 'clinical', 'diagnosticos.xlsx'));
  assert.deepEqual(sheets.map((s) => s.source.sheet), ['Diagnósticos', 'Tratamientos']);
  assert.ok(sheets[0]!.rows.every((r) => clinical.has(r.NHC!)), 'every diagnosis belongs to a recorded patient');
  const sexOf = (v: string): string | null => ((SEX_VALUES.M as readonly string[]).includes(v) ? 'M' : (SEX_VALUES.F as readonly string[]).includes(v) ? 'F' : null);
  const birthOf = (v: string): string => {
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v) ?? /^(\d{2})-(\d{2})-(\d{2})$/.exec(v);
    if (m) return m[3]!.length === 4 ? `${m[3]}${m[2]}${m[1]}` : `??${m[3]}${m[2]}${m[1]}`;
    return v.replace(/-/g, '');
  };

  const seen = new Set<string>();
  for (const s of truth.studies as StudyTruth[]) {
    seen.add(s.study);
    const files = byStudy.get(s.study) ?? [];
    const kinds = new Set(s.defects.map((d) => d.kind));
    const paths = (kind: string): readonly string[] => s.defects.find((d) => d.kind === kind)?.paths ?? [];
    for (const d of s.defects) for (const p of d.paths ?? []) assert.ok(lstatSync(join(dir, p)), `${d.kind} path exists`);
    assert.equal(s.expected === 'rejected', s.reason !== null);
    if (s.expected === 'integrated') assert.ok(s.instances.releasable > 0, 'an integrated study releases an instance');
    assert.equal(kinds.has(s.reason as never), s.reason !== null);

    if (kinds.has('no_readable_instances')) {
      assert.equal(files.length, 0, 'no instance of the study parses');
      for (const p of paths('no_readable_instances')) assert.equal(unreadable.get(p), 'DICOM_TRUNCATED');
      continue;
    }
    assert.ok(files.length > 0, 'the study has readable instances');
    for (const p of paths('truncated_instance')) assert.equal(unreadable.get(p), 'DICOM_TRUNCATED');
    for (const p of paths('stray_file')) assert.equal(problems.get(p), 'DICOM_NOT_PART10');
    for (const p of paths('corrupt_file')) assert.ok(unreadable.has(p), 'corrupt file does not parse');
    if (kinds.has('duplicate_instance')) {
      const [original, copy] = paths('duplicate_instance');
      assert.deepEqual(readFileSync(join(dir, copy!)), readFileSync(join(dir, original!)));
    }
    const anyFile = files[0]!.file;
    const modalities = new Set(files.map((f) => tag(f.file, 0x00080060)));
    assert.equal(kinds.has('out_of_scope_modality'), [...modalities].every((m) => m === 'XA' || m === 'NM'));
    if (kinds.has('undeclared_charset')) assert.ok(files.every((f) => tag(f.file, 0x00080005) === undefined));
    else assert.ok(files.every((f) => tag(f.file, 0x00080005) !== undefined));
    if (kinds.has('legacy_big_endian')) assert.ok(files.some((f) => f.file.transferSyntax.uid === '1.2.840.10008.1.2.2'));
    for (const p of paths('burned_in_annotation')) assert.equal(tag(files.find((f) => f.path === p)!.file, 0x00280301), 'YES');
    assert.equal(kinds.has('burned_in_annotation'), files.some((f) => tag(f.file, 0x00280301) === 'YES' && !paths('truncated_instance').includes(f.path)));
    if (kinds.has('name_in_path')) assert.ok(files[0]!.path.includes(`_${s.patient}/`));
    const text = (f: DicomFile): string => Buffer.from(f.buffer).toString('latin1') + Buffer.from(f.buffer).toString('utf8');
    if (kinds.has('name_in_description')) assert.ok(tag(anyFile, 0x00081030) !== undefined && text(anyFile).includes(', '));
    if (kinds.has('name_in_private_tag')) assert.ok(files.some((f) => f.file.dataset.elements.some((e) => (e.tag >>> 16) % 2 === 1 && (e.tag & 0xffff) === 0x1020)));
    if (kinds.has('name_in_report')) assert.ok(files.some((f) => tag(f.file, 0x00080060) === 'SR' && text(f.file).includes(`NHC ${s.patient}`)));

    // Patient-level truth against the clinical export.
    const row = clinical.get(s.patient);
    assert.equal(row === undefined, kinds.has('no_clinical_record'));
    if (!row) continue;
    assert.equal((CONSENT_VALUES.withdrawn as readonly string[]).includes(row.Consentimiento!), kinds.has('consent_withdrawn'));
    const sex = sexOf(row.Sexo!);
    const dicomSex = tag(anyFile, 0x00100040);
    const birth = birthOf(row.Fecha_nacimiento!);
    const dicomBirth = tag(anyFile, 0x00100030)!;
    const sameBirth = birth.startsWith('??') ? birth.slice(2) === dicomBirth.slice(2) : birth === dicomBirth;
    const conflict = (sex !== null && sex !== dicomSex) || !sameBirth;
    assert.equal(conflict, kinds.has('demographics_conflict'), 'demographics conflict exactly when planted');
  }
  assert.equal(seen.size, truth.studies.length, 'study keys are unique');
  assert.deepEqual([...byStudy.keys()].filter((k) => !seen.has(k)), [], 'every study on disk is in truth.json');
  for (const f of truth.files) assert.ok(problems.has(f.path) || unreadable.has(f.path), `${f.reason} file is rejected`);
  for (const id of truth.patients.clinicalOnly) {
    assert.ok(clinical.has(id), 'clinical-only patient has a record');
    assert.ok(!truth.studies.some((s) => s.patient === id), 'and no images');
  }

  // CD imports: the DICOMDIR lists exactly the study's files, and dicom3tools reads it by its offsets.
  for (const s of truth.studies.filter((x) => x.defects.some((d) => d.kind === 'dicomdir_import'))) {
    const folder = s.defects.find((d) => d.kind === 'dicomdir_import')!.paths![0]!;
    const listed: string[] = [];
    for await (const item of new DicomdirSource({ dicomdir: join(dir, folder, 'DICOMDIR') }).items()) {
      assert.equal(item.kind, 'instance');
      if (item.kind !== 'instance') continue;
      assert.equal(studyKey(item.studyInstanceUid!), s.study);
      listed.push(relative(dir, item.origin));
    }
    const expected = s.instances.unique;
    assert.equal(listed.length, expected);
    if (hasTool('dcdirdmp')) assert.equal(spawnSync('dcdirdmp', [join(dir, folder, 'DICOMDIR')]).status, 0);
  }
});
