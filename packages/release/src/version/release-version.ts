/**
 * `oncoatlas dataset release`: a draft version becomes released, once, after its files are checked
 * against the manifest and its re-identification risk against the policy. A version above the threshold is
 * refused with what failed and what to generalise, unless a steward overrides with a justification; the
 * override is recorded with the version and in the audit log (the text as its SHA-256, as a review reason).
 * The compliance dossier (JSON, HTML, PDF) is written beside the version once it is released.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendAuditEvents, type NewAuditEvent } from '@oncoatlas/audit';
import { normalizeError, oncoError, replacePrivateFile } from '@oncoatlas/core';
import type { DatasetVersionRow, StudyLedger } from '@oncoatlas/store';
import { buildDossierData } from '../dossier/build-dossier-data.ts';
import { renderDossierHtml } from '../dossier/render-dossier-html.ts';
import { renderPdf } from '../dossier/render-pdf.ts';
import { versionDir } from './create-version.ts';
import { MANIFEST, sha256File, type Manifest } from './version-files.ts';
import type { VersionSummary } from './version-summary.ts';

export interface ReleaseOptions {
  readonly ledger: StudyLedger;
  readonly dataDir: string;
  readonly id: string;
  /** Default: the latest version. */
  readonly version?: number;
  readonly by: string;
  readonly overrideJustification?: string;
  /** Write the PDF dossier (default true; needs Chromium). */
  readonly pdf?: boolean;
  readonly now: () => string;
}

export interface DossierFiles {
  readonly json: string;
  readonly html: string;
  readonly pdf: string | null;
}

export interface ReleasedVersion {
  readonly datasetId: string;
  readonly version: number;
  readonly overridden: boolean;
  readonly dossier: DossierFiles;
}

export async function latestVersion(ledger: StudyLedger, id: string, version?: number): Promise<number> {
  if (!(await ledger.datasets.dataset(id))) throw oncoError('DATASET_NOT_FOUND', `There is no dataset ${id} in this data directory (oncoatlas dataset list shows them).`);
  const versions = await ledger.datasets.versions(id);
  const v = version ?? versions.at(-1)?.version;
  if (v === undefined || !versions.some((x) => x.version === v)) throw oncoError('DATASET_NOT_FOUND', `Dataset ${id} has no version ${String(version)}.`);
  return v;
}

/** A dataset's latest released version, or undefined while none is (the catalogue and the dossier describe it). */
export async function latestReleasedVersion(ledger: StudyLedger, id: string): Promise<DatasetVersionRow | undefined> {
  return (await ledger.datasets.versions(id)).filter((v) => v.state === 'released').at(-1);
}

/** Re-hashes the manifest and every file it lists; refuses a version whose bytes are not the ones recorded. */
export async function checkVersionFiles(dir: string, manifestSha256: string): Promise<Manifest> {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) throw oncoError('IO_FAILED', `The version's folder has no ${MANIFEST}; it was moved or deleted.`);
  const bytes = readFileSync(path);
  if (createHash('sha256').update(bytes).digest('hex') !== manifestSha256) throw oncoError('IO_FAILED', `The version's ${MANIFEST} is not the one recorded when it was created.`);
  const manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
  let changed = 0;
  for (const f of manifest.files) {
    const abs = join(dir, f.path);
    if (!existsSync(abs) || await sha256File(abs, f.bytes) !== f.sha256) changed++;
  }
  if (changed > 0) throw oncoError('IO_FAILED', `${changed} file(s) of the version are missing or differ from its manifest; it cannot be released.`, { files: changed });
  return manifest;
}

function refusal(id: string, version: number, s: VersionSummary): string {
  const d = s.risk.decision;
  return [
    `Dataset ${id} version ${version} cannot be released: its re-identification risk is above the policy (${d.failures.join('; ')}).`,
    d.suggestion ? `What to generalise: ${d.suggestion.replace(/\.?$/, '.')}` : '',
    'Create a new version that applies it (oncoatlas dataset create, whose default is the least generalisation reaching k; --max-suppression allows more suppression),',
    'or, if your data access committee accepts the risk, release with --override-risk --justification "..." (recorded in the audit log).',
  ].filter(Boolean).join(' ');
}

export async function releaseDatasetVersion(o: ReleaseOptions): Promise<ReleasedVersion> {
  const { ledger } = o;
  const version = await latestVersion(ledger, o.id, o.version);
  const row = (await ledger.datasets.version(o.id, version))!;
  if (row.state !== 'draft') throw oncoError('DATASET_NOT_DRAFT', `Dataset ${o.id} version ${version} was released on ${row.released_at ?? '?'}; a released version never changes.`);
  const summary = JSON.parse(row.summary) as VersionSummary;
  if (!summary.legalBasis) {
    throw oncoError('RELEASE_LEGAL_BASIS_MISSING', `Dataset ${o.id} version ${version} states no legal basis for the sharing; create a new version with --legal-basis "..." (GDPR article, EHDS article, ethics approval).`);
  }
  const justification = o.overrideJustification?.trim();
  if (summary.risk.decision.allowed && justification !== undefined) {
    throw oncoError('USAGE', `Dataset ${o.id} version ${version} is within the risk policy; release it without --override-risk.`);
  }
  if (!summary.risk.decision.allowed && justification === undefined) throw oncoError('RISK_RELEASE_REFUSED', refusal(o.id, version, summary));
  if (justification !== undefined && justification.length < 20) {
    throw oncoError('USAGE', 'An override needs a --justification a reader can act on (at least 20 characters): who accepted the risk, and on what basis.');
  }
  const dir = versionDir(o.dataDir, o.id, version);
  await checkVersionFiles(dir, row.manifest_sha256);

  const at = o.now();
  const override = justification !== undefined ? { by: o.by, at, justification } : null;
  const datasetId = `${o.id}/v${version}`;
  await ledger.transaction(async (l) => {
    if (!(await l.datasets.release(o.id, version, { at, by: o.by, override }))) {
      throw oncoError('DATASET_NOT_DRAFT', `Dataset ${o.id} version ${version} was released meanwhile by another command.`);
    }
    const events: NewAuditEvent[] = [];
    if (override) {
      events.push({ at, actor: o.by, event: { type: 'RISK_OVERRIDDEN', datasetId, failures: summary.risk.decision.failures, justificationHash: createHash('sha256').update(override.justification).digest('hex') } });
    }
    events.push({ at, actor: o.by, event: { type: 'UPDATE_DATASET', userId: o.by, datasetId, details: 'RELEASE' } });
    await appendAuditEvents(l, events);
  });
  let dossier: DossierFiles;
  try {
    dossier = await writeDossier(ledger, o.dataDir, o.id, version, { pdf: o.pdf ?? true, now: o.now });
  } catch (err) {
    // The release stands (it is committed and audited); only its dossier is missing, and can be written again.
    const e = normalizeError(err);
    throw oncoError(e.code, `Dataset ${o.id} version ${version} is released, but its dossier could not be written: ${e.message} Write it with: oncoatlas dataset dossier ${o.id} --dataset-version ${version}.`, {}, err);
  }
  return { datasetId: o.id, version, overridden: override !== null, dossier };
}

/** Writes dossier.json, dossier.html and (unless told not to) dossier.pdf beside a version's manifest. */
export async function writeDossier(ledger: StudyLedger, dataDir: string, id: string, version: number, o: { pdf: boolean; now: () => string }): Promise<DossierFiles> {
  const dir = versionDir(dataDir, id, version);
  const data = await buildDossierData(ledger, id, version, o.now());
  const html = renderDossierHtml(data);
  const files = { json: join(dir, 'dossier.json'), html: join(dir, 'dossier.html'), pdf: o.pdf ? join(dir, 'dossier.pdf') : null };
  replacePrivateFile(files.json, `${JSON.stringify(data, null, 1)}\n`);
  replacePrivateFile(files.html, html);
  if (files.pdf) await renderPdf(html, files.pdf);
  return files;
}
