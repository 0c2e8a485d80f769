/**
 * Gathers a version's dossier from what the node recorded: the version row and its summary, the funnel,
 * the clinical QC report, the review decisions, the populate runs and the audit log. Reads only.
 */
import { auditTreeHead, type AuditEnvelope } from '@oncoatlas/audit';
import { oncoError } from '@oncoatlas/core';
import { CLEAN_PIXEL_DATA_OPTION, cleansPixelData, ONCOATLAS_VERSION, OPTIONS, parseOptionNames, PROFILE_REVISION, resolveDeidOptions, type DatePolicy, type ProfileName } from '@oncoatlas/deid';
import { CLINICAL_REPORT, funnelOf, type ClinicalStageReport, type FunnelReport } from '@oncoatlas/pipeline';
import type { RiskReport } from '@oncoatlas/risk';
import type { StudyLedger } from '@oncoatlas/store';
import { unitAt } from '../files/clinical-release.ts';
import { releaseQuasiIdentifiers } from '../profile/quasi-identifiers.ts';
import type { VersionSummary } from '../version/version-summary.ts';
import type { DossierBurnedIn, DossierData, DossierRiskMeasures } from './dossier-data.ts';

function measures(r: RiskReport): DossierRiskMeasures {
  return {
    records: r.records, classes: r.classes, k: r.k, uniqueRecords: r.uniqueRecords, uniqueShare: r.uniqueShare,
    prosecutor: { highest: r.prosecutor.highest, average: r.prosecutor.average, recordsAtRisk: r.prosecutor.recordsAtRisk },
    journalist: { highest: r.journalist.highest, average: r.journalist.average, recordsAtRisk: r.journalist.recordsAtRisk, ...(r.journalist.assumption ? { assumption: r.journalist.assumption } : {}) },
    marketer: { average: r.marketer.average, ...(r.marketer.assumption ? { assumption: r.marketer.assumption } : {}) },
    ...(r.lDiversity ? { lDiversity: { attribute: r.lDiversity.attribute, distinct: r.lDiversity.distinct, entropy: r.lDiversity.entropy } } : {}),
    threshold: r.threshold,
  };
}

/** The run's recorded settings as the de-identifier reads them (recorded by a run that succeeded with them). */
function recordedSettings(settings: Readonly<Record<string, unknown>>): { profile: ProfileName; options: string[]; datePolicy: DatePolicy | null } {
  return {
    profile: settings.profile === 'eucaim' ? 'eucaim' : 'basic',
    options: Array.isArray(settings.options) ? settings.options.map(String) : [],
    datePolicy: typeof settings.datePolicy === 'string' ? settings.datePolicy as DatePolicy : null,
  };
}

/** The date policy the populate run applied, as the de-identifier decided it; `keep` with retain-full-dates. */
export function datePolicyOf(settings: Readonly<Record<string, unknown>>): string {
  const { options, datePolicy } = resolveDeidOptions(recordedSettings(settings));
  return options.has('rtnLongFullDatesOpt') ? 'keep' : datePolicy;
}

/** The options the steward asked for, with their codes (the profile's implied ones are stated by its name). */
function optionsOf(settings: Readonly<Record<string, unknown>>): { code: string; name: string }[] {
  const names = recordedSettings(settings).options;
  const asked = parseOptionNames(names);
  const pixels = cleansPixelData(names) ? [{ code: CLEAN_PIXEL_DATA_OPTION.code, name: CLEAN_PIXEL_DATA_OPTION.meaning }] : [];
  return [...pixels, ...OPTIONS.filter((o) => asked.has(o.option)).map((o) => ({ code: o.code, name: o.meaning }))];
}

/** The burned-in text counts of the funnel (one definition) and how the redacted instances were redacted. */
async function burnedInOf(ledger: StudyLedger, settings: Readonly<Record<string, unknown>>, b: FunnelReport['burnedIn']): Promise<DossierBurnedIn> {
  const redactions = (await ledger.pixels.redactionSummary()).map((r) => ({ method: r.method, by: r.automatic ? 'option' as const : 'reviewer' as const, verified: r.verified, instances: r.instances }));
  return {
    cleanPixelData: cleansPixelData(recordedSettings(settings).options), scanned: b.scanned, withIdentifiers: b.withIdentifiers,
    redactedAutomatically: b.redactedAutomatically, redactedByReviewer: b.redactedByReviewer, releasedAsIs: b.releasedAsIs, rejected: b.rejected, redactions,
  };
}

async function auditEventsOf(ledger: StudyLedger, datasetId: string, size: number): Promise<DossierData['provenance']['events']> {
  const out: DossierData['provenance']['events'][number][] = [];
  for (let from = 0; from < size; from += 5000) {
    for (const row of await ledger.readAudit(from, Math.min(size, from + 5000))) {
      const e = JSON.parse(row.event) as AuditEnvelope;
      const ev = e.event;
      const about = 'datasetId' in ev ? ev.datasetId === datasetId : ev.type === 'CLINICAL_HARMONISED' || ev.type === 'RELEASE_CANDIDATE' || ev.type === 'REVIEW_DECIDED' || ev.type === 'PIXELS_DECIDED';
      if (about) out.push({ seq: e.seq, at: e.at, type: ev.type, actor: e.actor });
    }
  }
  return out;
}

export async function buildDossierData(ledger: StudyLedger, id: string, version: number, generatedAt: string): Promise<DossierData> {
  const dataset = await ledger.datasets.dataset(id);
  const row = await ledger.datasets.version(id, version);
  if (!dataset || !row) throw oncoError('DATASET_NOT_FOUND', `There is no version ${version} of dataset ${id}.`);
  const s = JSON.parse(row.summary) as VersionSummary;
  const funnel = await funnelOf(ledger);
  const clinical = (await ledger.cdm.report<ClinicalStageReport>(CLINICAL_REPORT))?.body;
  const reviews = await ledger.reviewCounts();
  const head = await auditTreeHead(ledger);
  const override = row.override_json ? JSON.parse(row.override_json) as { by: string; at: string; justification: string } : null;
  const { records: _records, ...counts } = s.counts;
  return {
    dataset: {
      id, version, title: dataset.title, description: dataset.description, state: row.state,
      createdAt: row.created_at, createdBy: row.created_by, releasedAt: row.released_at, releasedBy: row.released_by,
      manifestSha256: row.manifest_sha256,
      counts,
    },
    purpose: s.purpose, legalBasis: s.legalBasis, holder: s.holder,
    funnel: {
      identified: funnel.identified, integrated: funnel.integrated, rejected: funnel.rejected, review: funnel.review, pending: funnel.pending,
      excludedFromVersion: s.excluded,
    },
    deidentification: {
      profile: String(s.deidentification.profile ?? 'basic'), standardRevision: PROFILE_REVISION, options: optionsOf(s.deidentification),
      datePolicy: datePolicyOf(s.deidentification),
      // Verification is not optional in the pipeline: an instance with an identifier hit is rejected, never released.
      verification: { instancesVerified: s.counts.instances, identifierHits: 0, reviewApproved: reviews.approved, reviewRejected: reviews.rejected },
      burnedIn: await burnedInOf(ledger, s.deidentification, funnel.burnedIn),
    },
    clinical: clinical ? {
      rows: clinical.qc.rows, patients: clinical.qc.patients, linkageChecked: clinical.qc.linkageChecked,
      checks: clinical.qc.checks.map((c) => ({ check: c.check, description: c.description, errors: c.errors, warnings: c.warnings, patients: c.patients })),
      records: s.counts.records,
    } : null,
    risk: riskOf(s, override),
    provenance: {
      software: `OncoAtlas ${ONCOATLAS_VERSION}`, generatedAt,
      auditLog: { size: head.size, rootHash: head.root },
      events: await auditEventsOf(ledger, `${id}/v${version}`, head.size),
      runs: (await ledger.runs()).map((r) => ({ id: r.id, command: r.command, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status })),
    },
  };
}

/** The risk section's data from the version's summary: levels in words, the date policy, attacks, declarations. */
function riskOf(s: VersionSummary, override: DossierData['risk']['override']): DossierData['risk'] {
  const r = s.risk;
  const qis = releaseQuasiIdentifiers();
  const level = (name: string): number => r.levels[name] ?? 0;
  const releasedAs = (name: string): string => {
    const q = qis.find((x) => x.name === name);
    return q ? q.hierarchy.describe(level(name)) : `level ${level(name)}`;
  };
  const offsets = (name: string): string => {
    const q = qis.find((x) => x.name === name)!;
    const unit = unitAt(q, level(name));
    return unit === null ? 'not released' : `offsets from the baseline in ${unit}`;
  };
  return {
    unit: 'patient',
    quasiIdentifiers: qis.filter((q) => r.quasiIdentifiers.includes(q.name)).map((q) => ({ name: q.name, label: q.label, releasedAs: releasedAs(q.name) })),
    sensitive: r.sensitive,
    dates: {
      policy: r.datePolicy === 'remove' ? 'no date, interval or time is released' : 'every date is released as its offset from the patient\'s baseline (the first diagnosis, else the first released study); DICOM files count it from 2000-01-01',
      studies: offsets('study_offset'), clinical: offsets('clinical_offset'), outcomes: offsets('outcome_offset'),
      times: level('study_time') === 0 ? 'the hour only' : 'not released',
    },
    before: measures(r.before), after: measures(r.after),
    generalisation: r.generalisation, suppressedPatients: r.suppressedPatients, studiesLeftOut: r.studiesLeftOut,
    attacks: r.attacks.map((a) => ({ label: a.label, targets: a.targets, reidentified: a.reidentified, share: a.share })),
    declarations: r.declarations,
    policy: r.policy, decision: r.decision, override,
  };
}
