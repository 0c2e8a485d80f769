/**
 * `oncoatlas dataset create`: freezes what the node has integrated into a new, immutable dataset version.
 * The version's folder (`<data-dir>/datasets/<id>/v<N>/`) holds the de-identified files of its studies, the
 * CDM extract of its patients, the reports (funnel, clinical QC, re-identification risk, de-identification)
 * and the manifest listing every file with its SHA-256. The risk is assessed per patient; the least
 * generalisation reaching the policy's k is applied (patients it suppresses are left out, with the reason
 * `risk_suppressed`), and whether the version may be released is decided now and enforced by `release`.
 *
 * The folder is written under a temporary name and renamed before the version's row and its CREATE_DATASET
 * audit event commit together; a folder without a row (a crash in between) is not a version and is replaced
 * by the next attempt.
 */
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { appendAuditEvents, tracerResource } from '@oncoatlas/audit';
import { oncoError } from '@oncoatlas/core';
import { resolveDeidOptions } from '@oncoatlas/deid';
import { imageRecords } from '@oncoatlas/clinical';
import { cdmRows, CLINICAL_REPORT, funnelOf, releasedSeriesOf, type ClinicalStageReport } from '@oncoatlas/pipeline';
import type { StudyLedger } from '@oncoatlas/store';
import { assessDatasetRisk, type RiskAssessmentOptions } from '../risk/release-risk.ts';
import { writeClinicalExtract } from './clinical-extract.ts';
import { gatherFacts } from './study-facts.ts';
import { riskSummary, type VersionSummary } from './version-summary.ts';
import { linkOrCopy, writeJson, writeManifest } from './version-files.ts';

export interface CreateVersionOptions {
  readonly ledger: StudyLedger;
  readonly dataDir: string;
  readonly id: string;
  /** Required for a new dataset; a later version keeps the dataset's title. */
  readonly title?: string;
  readonly description?: string;
  readonly by: string;
  readonly purpose?: string;
  readonly legalBasis?: string;
  readonly holder?: { readonly name?: string; readonly contact?: string };
  readonly risk?: RiskAssessmentOptions;
  readonly now: () => string;
}

export interface CreatedVersion {
  readonly datasetId: string;
  readonly version: number;
  readonly dir: string;
  readonly manifestSha256: string;
  readonly summary: VersionSummary;
}

/** A dataset id: what `create` accepts and the API's route schemas require (JSON Schema `pattern`). */
export const DATASET_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
const DATASET_ID = new RegExp(DATASET_ID_PATTERN);

export function versionDir(dataDir: string, id: string, version: number): string {
  return join(dataDir, 'datasets', id, `v${version}`);
}

/** The de-identification settings of the latest populate run, as it recorded them. */
async function deidSettingsOf(ledger: StudyLedger): Promise<Record<string, unknown>> {
  const runs = await ledger.runs('populate');
  const last = runs.at(-1);
  return last ? JSON.parse(last.options_json) as Record<string, unknown> : {};
}

/** Whether the files carry Patient's Age and Sex: the EUCAIM profile, or the Retain Patient Characteristics option. */
export function filesCarryCharacteristics(settings: Record<string, unknown>): boolean {
  const options = Array.isArray(settings.options) ? settings.options.map(String) : [];
  return resolveDeidOptions({ profile: settings.profile === 'eucaim' ? 'eucaim' : 'basic', options }).options.has('rtnPatCharsOpt');
}

export async function createDatasetVersion(o: CreateVersionOptions): Promise<CreatedVersion> {
  if (!DATASET_ID.test(o.id)) throw oncoError('USAGE', 'A dataset id is 1 to 64 letters, digits, dots, hyphens or underscores, starting with a letter or digit.');
  const { ledger } = o;
  const existing = await ledger.datasets.dataset(o.id);
  if (!existing && !o.title?.trim()) throw oncoError('USAGE', `Dataset ${o.id} is new: give it a --title.`);
  const version = ((await ledger.datasets.versions(o.id)).at(-1)?.version ?? 0) + 1;

  const files = await ledger.releasedInstances();
  const cdm = await ledger.cdm.records();
  const settings = await deidSettingsOf(ledger);
  const { studyPatient, facts } = gatherFacts(files, cdm);
  if (facts.length === 0) throw oncoError('DATASET_EMPTY', 'No study is integrated in this data directory yet: run oncoatlas populate first.');
  const risk = assessDatasetRisk(facts, { filesCarryCharacteristics: filesCarryCharacteristics(settings), ...o.risk });
  const members = [...risk.released.keys()].sort();
  if (members.length === 0) throw oncoError('DATASET_EMPTY', 'The risk plan would suppress every study; no version was created.');
  const kept = new Set(members.map((s) => studyPatient.get(s)!));

  const final = versionDir(o.dataDir, o.id, version);
  const tmp = `${final}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  const outRoot = join(o.dataDir, 'deidentified');
  const expected = new Map<string, string>();
  let instances = 0;
  const series = new Set<string>();
  const modalities: Record<string, number> = {};
  const memberSet = new Set(members);
  const linked = new Set<string>();
  const madeDirs = new Set<string>();
  const fileByPath = new Map(files.map((f) => [f.output_path ?? '', f]));
  for (const f of files) {
    if (!f.output_path || !f.study_key || !memberSet.has(f.study_key)) continue;
    // Duplicate source files of one instance de-identify to the same output: it is released once.
    if (linked.has(f.output_path)) continue;
    linked.add(f.output_path);
    linkOrCopy(join(outRoot, f.output_path), join(tmp, 'files', f.output_path), madeDirs);
    if (f.output_sha256) expected.set(`files/${f.output_path}`, f.output_sha256);
    instances++;
    series.add(f.output_path.split('/').slice(0, 3).join('/'));
    if (f.modality) modalities[f.modality] = (modalities[f.modality] ?? 0) + 1;
  }
  // Patients whose primary site the generalisation replaced: their conditions leave the extract uncoded.
  const siteGeneralised = new Set([...risk.released].filter(([, r]) => (risk.levels.site ?? 0) > 0 && (r.site === 'other' || r.site === '*')).map(([study]) => studyPatient.get(study)!));
  const studyUids = new Set([...linked].map((path) => path.split('/')[1]!));
  // Image records are made again from the version's own files: a review decision after the last populate run
  // changes which files are released, and the stored extract would lag behind it.
  const images = imageRecords(releasedSeriesOf([...linked].map((path) => fileByPath.get(path)!)));
  const extract = [
    ...cdm.filter((r) => r.entity !== 'image_study' && r.entity !== 'image_series'),
    ...cdmRows(images).map((r) => ({ entity: r.entity, patient_id: r.patientId, data: JSON.stringify(r.data) })),
  ];
  const records = writeClinicalExtract(tmp, extract, kept, studyUids, risk.hierarchies, risk.levels, siteGeneralised);
  const funnel = await funnelOf(ledger);
  const clinical = await ledger.cdm.report<ClinicalStageReport>(CLINICAL_REPORT);
  const createdAt = o.now();
  const { studies: _perStudy, ...funnelCounts } = funnel;
  writeJson(join(tmp, 'reports', 'funnel.json'), funnelCounts);
  if (clinical) writeJson(join(tmp, 'reports', 'clinical-qc.json'), clinical.body);
  writeJson(join(tmp, 'reports', 'risk.json'), riskSummary(risk));
  writeJson(join(tmp, 'reports', 'deidentification.json'), { settings, instancesVerified: instances });
  const { manifest, bytes } = await writeManifest(tmp, { dataset: o.id, version, createdAt, createdBy: o.by }, expected);
  const manifestSha256 = createHash('sha256').update(bytes).digest('hex');

  const summary: VersionSummary = {
    title: existing?.title ?? o.title!.trim(),
    purpose: o.purpose?.trim() || null, legalBasis: o.legalBasis?.trim() || null,
    holder: { name: o.holder?.name?.trim() || null, contact: o.holder?.contact?.trim() || null },
    counts: {
      patients: kept.size, studies: members.length, series: series.size, instances, files: manifest.files.length,
      bytes: manifest.files.reduce((a, f) => a + f.bytes, 0), modalities, records,
    },
    excluded: risk.suppressed.length > 0 ? { risk_suppressed: risk.suppressed.length } : {},
    risk: riskSummary(risk),
    deidentification: settings,
  };
  // A folder left by a crash between rename and commit is not a version (no row): replace it.
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  try {
    await ledger.transaction(async (l) => {
      if (!existing) await l.datasets.createDataset({ id: o.id, title: o.title!.trim(), description: o.description?.trim() || null, created_at: createdAt, created_by: o.by });
      await l.datasets.addVersion({ datasetId: o.id, version, createdAt, createdBy: o.by, manifestSha256, summary, studyKeys: members });
      await appendAuditEvents(l, [{
        at: createdAt, actor: o.by,
        event: { type: 'CREATE_DATASET', userId: o.by, datasetId: `${o.id}/v${version}`, resources: [tracerResource('manifest.json', bytes)] },
      }]);
    });
  } catch (err) {
    if (existsSync(final)) rmSync(final, { recursive: true, force: true });
    throw err;
  }
  return { datasetId: o.id, version, dir: final, manifestSha256, summary };
}
