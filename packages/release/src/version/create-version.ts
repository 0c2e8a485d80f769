/**
 * `oncoatlas dataset create`: freezes the cohort a researcher asked for, out of what the node has integrated,
 * into a new, immutable dataset version. The version's folder (`<data-dir>/datasets/<id>/v<N>/`) holds its
 * files and clinical extract written with the least generalisation that meets the release policy, the
 * reports (counts only), and the manifest listing every file with its SHA-256. The risk is measured on the
 * written version, one record per patient, and attacked with the hospital's own records (build-release.ts);
 * whether it may be released is decided now and enforced by `release`.
 *
 * The folder is written under a temporary name and renamed before the version's row and its CREATE_DATASET
 * audit event commit together; a folder without a row (a crash in between) is not a version and is replaced
 * by the next attempt.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { appendAuditEvents, tracerResource } from '@oncoatlas/audit';
import { oncoError, privateDir } from '@oncoatlas/core';
import { CLINICAL_REPORT, funnelOf, parseCohortConfig, type ClinicalStageReport } from '@oncoatlas/pipeline';
import type { SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { readIdentifiedSource, type CohortSource } from '../attack/identified-source.ts';
import { selectCohort, type CohortSelection } from '../inputs/cohort-selection.ts';
import { readIntegrated } from '../inputs/integrated-inputs.ts';
import { DEFAULT_RELEASE_PROFILE, type ReleaseProfile } from '../profile/release-profile.ts';
import { SENSITIVE_ATTRIBUTE } from '../profile/quasi-identifiers.ts';
import { DEFAULT_RELEASE_POLICY, generalisationLines, type ReleasePolicy } from '../risk/release-assessment.ts';
import { buildRelease } from './build-release.ts';
import { releasedQcReport } from './released-reports.ts';
import { writeJson, writeManifest } from './version-files.ts';
import type { RiskSummaryJson, VersionSummary } from './version-summary.ts';

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
  /** The cohort asked for; default: every integrated study. */
  readonly selection?: CohortSelection;
  readonly policy?: Partial<ReleasePolicy>;
  readonly profile?: ReleaseProfile;
  /** The cohort file populate ran with (its clinical export is the attack's background); default: the one the latest run recorded. */
  readonly cohort?: CohortSource;
  /**
   * The site secret's source path keys (SourcePathKeys.fromSiteSecret): the attack reads the hospital's files
   * of the released studies, whose paths the ledger keeps sealed. Without them a version is refused
   * (RELEASE_SOURCE_UNAVAILABLE).
   */
  readonly sourcePaths?: SourcePathKeys;
  readonly now: () => string;
  /** Threads that write the images (default: up to 4, as many as the machine has). */
  readonly jobs?: number;
  /** Called with the number of files to write; returns the progress of writing them. */
  readonly progress?: (files: number) => { tick(n?: number): void; stop(): void };
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

/** The options the latest populate run recorded (de-identification settings, the cohort file). */
async function lastPopulate(ledger: StudyLedger): Promise<Record<string, unknown>> {
  const last = (await ledger.runs('populate')).at(-1);
  return last ? JSON.parse(last.options_json) as Record<string, unknown> : {};
}

function recordedCohort(settings: Record<string, unknown>): CohortSource | undefined {
  const file = settings.cohortFile;
  if (typeof file !== 'string') return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw oncoError('RELEASE_SOURCE_UNAVAILABLE', 'The cohort file the last populate run used cannot be read any more; give it with --cohort.');
  }
  return { config: parseCohortConfig(JSON.parse(text)), dir: dirname(file) };
}

function checkPolicy(p: ReleasePolicy): void {
  const share = (x: number): boolean => Number.isFinite(x) && x >= 0 && x <= 1;
  if (!Number.isSafeInteger(p.minK) || p.minK < 1) throw oncoError('USAGE', `The minimum k is a whole number of at least 1, not ${p.minK}.`);
  if (!Number.isSafeInteger(p.minL) || p.minL < 1) throw oncoError('USAGE', `The minimum l is a whole number of at least 1, not ${p.minL}.`);
  if (!share(p.maxSuppression) || !share(p.maxAttackShare) || !share(p.maxProsecutorRisk)) throw oncoError('USAGE', 'Suppression, attack and prosecutor limits are shares from 0 to 1.');
}

export async function createDatasetVersion(o: CreateVersionOptions): Promise<CreatedVersion> {
  if (!DATASET_ID.test(o.id)) throw oncoError('USAGE', 'A dataset id is 1 to 64 letters, digits, dots, hyphens or underscores, starting with a letter or digit.');
  const { ledger } = o;
  const existing = await ledger.datasets.dataset(o.id);
  if (!existing && !o.title?.trim()) throw oncoError('USAGE', `Dataset ${o.id} is new: give it a --title.`);
  const policy: ReleasePolicy = { ...DEFAULT_RELEASE_POLICY, ...o.policy };
  checkPolicy(policy);
  const profile = o.profile ?? DEFAULT_RELEASE_PROFILE;
  const version = ((await ledger.datasets.versions(o.id)).at(-1)?.version ?? 0) + 1;

  const run = await lastPopulate(ledger);
  const { cohortFile: _cohortFile, ...settings } = run;
  const integrated = await readIntegrated(ledger, o.dataDir);
  if (integrated.studies.length === 0) throw oncoError('DATASET_EMPTY', 'No study is integrated in this data directory yet: run oncoatlas populate first.');
  const cohort = o.cohort ?? recordedCohort(run);
  if (!cohort && integrated.cdm.size > 0) {
    throw oncoError('RELEASE_SOURCE_UNAVAILABLE', 'The attack simulation needs the hospital\'s clinical export as populate read it: give the cohort file with --cohort.');
  }
  const identified = await readIdentifiedSource(ledger, o.sourcePaths, cohort, new Set(integrated.studies.map((s) => s.key)));
  const selection = o.selection ?? {};
  const selected = selectCohort(integrated.studies, integrated.cdm, selection, (key) => identified.studies.get(key)?.header.date ?? null);
  if (selected.studies.length === 0) throw oncoError('DATASET_EMPTY', 'No integrated study matches the cohort asked for; no version was created.');

  const final = versionDir(o.dataDir, o.id, version);
  const tmp = `${final}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  // Owner-only, like everything in the data directory; the rename below keeps the mode.
  privateDir(tmp);
  const bar = o.progress?.(selected.studies.reduce((n, s) => n + s.files.length, 0));
  let built: Awaited<ReturnType<typeof buildRelease>>;
  try {
    built = await buildRelease({
      tmp, dataDir: o.dataDir, studies: selected.studies, cdm: integrated.cdm, identified, policy, profile,
      ...(o.jobs ? { jobs: o.jobs } : {}), ...(bar ? { tick: (n: number) => bar.tick(n) } : {}),
    });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    bar?.stop();
  }
  if (built.members.length === 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw oncoError('DATASET_EMPTY', `The release policy would suppress every patient of the cohort; no version was created. ${built.plan.suggestion}`);
  }
  const plan = built.plan;
  const suppressedStudies = selected.studies.length - built.members.length;
  const risk: RiskSummaryJson = {
    unit: 'patient', quasiIdentifiers: plan.qis.map((q) => q.name), sensitive: SENSITIVE_ATTRIBUTE, policy, datePolicy: profile.datePolicy,
    before: plan.before, after: built.after, levels: plan.levels, generalisation: generalisationLines(plan),
    suppressedPatients: plan.suppressedPatients.size, studiesLeftOut: built.studiesLeftOut, suppressedStudies,
    attacks: built.attacks, declarations: built.declarations, decision: built.decision,
  };
  const funnel = await funnelOf(ledger);
  const clinical = await ledger.cdm.report<ClinicalStageReport>(CLINICAL_REPORT);
  const createdAt = o.now();
  const { studies: _perStudy, ...funnelCounts } = funnel;
  writeJson(join(tmp, 'reports', 'funnel.json'), funnelCounts);
  if (clinical) writeJson(join(tmp, 'reports', 'clinical-qc.json'), releasedQcReport(clinical.body));
  writeJson(join(tmp, 'reports', 'risk.json'), risk);
  writeJson(join(tmp, 'reports', 'deidentification.json'), { settings, instancesVerified: built.images.instances });
  const { manifest, bytes } = await writeManifest(tmp, { dataset: o.id, version, createdAt, createdBy: o.by }, built.images.sha256);
  const manifestSha256 = createHash('sha256').update(bytes).digest('hex');

  const modalities: Record<string, number> = {};
  for (const s of built.members) for (const f of s.files) if (f.modality) modalities[f.modality] = (modalities[f.modality] ?? 0) + 1;
  const text = (v: string | undefined): string | null => v?.trim() || null;
  const summary: VersionSummary = {
    title: existing?.title ?? o.title!.trim(), description: text(o.description) ?? existing?.description ?? null,
    purpose: text(o.purpose), legalBasis: text(o.legalBasis),
    holder: { name: text(o.holder?.name), contact: text(o.holder?.contact) },
    cohort: { selection, excluded: selected.excluded },
    counts: {
      patients: built.patients, studies: built.members.length, series: built.images.series, instances: built.images.instances, files: manifest.files.length,
      bytes: manifest.files.reduce((a, f) => a + f.bytes, 0), modalities, records: built.records,
    },
    excluded: suppressedStudies > 0 ? { risk_suppressed: suppressedStudies } : {},
    facts: built.facts,
    risk,
    deidentification: settings,
  };
  // A folder left by a crash between rename and commit is not a version (no row): replace it.
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  try {
    await ledger.transaction(async (l) => {
      if (!existing) await l.datasets.createDataset({ id: o.id, title: o.title!.trim(), description: text(o.description), created_at: createdAt, created_by: o.by });
      await l.datasets.addVersion({ datasetId: o.id, version, createdAt, createdBy: o.by, manifestSha256, summary, studyKeys: built.members.map((s) => s.key).sort() });
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
