/**
 * `oncoatlas dataset create|release|list|show|dossier`: immutable dataset versions of what the node has
 * integrated, their re-identification risk gate, and the compliance dossier. Output names datasets, counts
 * and hashes; never a patient. The release package is loaded when a dataset command runs, so the other
 * commands (de-identification above all) do not carry it in memory.
 */

const release = (): Promise<typeof import('@oncoatlas/release')> => import('@oncoatlas/release');
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, oncoError } from '@oncoatlas/core';
import { writeCheckpoint } from '@oncoatlas/pipeline';
import type { VersionSummary } from '@oncoatlas/release';
import { SourcePathKeys } from '@oncoatlas/store';
import { readCohort } from './cohort-file.ts';
import { dataDirOptions, withLedger, withWriterLedger, type DataDirOptions } from './data-dir-options.ts';
import { parseJobs } from './jobs.ts';
import { readJsonFile } from './json-file.ts';
import { startProgress } from './progress.ts';
import { readSiteSecret } from './secret.ts';

interface CreateFlags extends DataDirOptions {
  id: string; title?: string; description?: string; by: string; purpose?: string; legalBasis?: string; holder?: string; contact?: string;
  minK?: string; minL?: string; maxSuppression?: string; maxAttackShare?: string; releaseProfile?: string; cohort?: string;
  modality?: string; condition?: string; bodyPart?: string; from?: string; to?: string; hasClinicalRecord?: boolean; progress: boolean; jobs?: string;
  secretFile: string;
}

const list = (v: string | undefined): string[] | undefined => v?.split(',').map((s) => s.trim()).filter(Boolean);

function number(v: string | undefined, what: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw oncoError('USAGE', `${what} takes a number from ${min} to ${max}, not "${v}".`);
  return n;
}

function versionNumber(v: string | undefined): number | undefined {
  const n = number(v, '--dataset-version', 1, 1_000_000);
  if (n !== undefined && !Number.isInteger(n)) throw oncoError('USAGE', '--dataset-version takes a whole number.');
  return n;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

function riskLines(s: VersionSummary): string[] {
  const r = s.risk;
  const line = (label: string, m: VersionSummary['risk']['before']): string =>
    `  ${label}: k = ${m.k}, ${m.uniqueRecords} unique of ${m.records} patients (${pct(m.uniqueShare)}), prosecutor risk highest ${pct(m.prosecutor.highest)} / average ${pct(m.prosecutor.average)}${m.lDiversity ? `, l = ${m.lDiversity.distinct}` : ''}`;
  const excluded = Object.entries(s.cohort.excluded);
  return [
    ...(excluded.length > 0 ? [`Cohort: ${excluded.map(([k, n]) => `${n} integrated studies left out by ${k}`).join(', ')}.`] : []),
    `Re-identification risk, one record per patient over ${r.quasiIdentifiers.length} quasi-identifiers (policy: k >= ${r.policy.minK}, l >= ${r.policy.minL} of ${r.sensitive}, each attack <= ${pct(r.policy.maxAttackShare)}; dates: ${r.datePolicy}):`,
    line('as integrated', r.before),
    line('as released  ', r.after),
    ...(r.generalisation.length > 0 ? ['  generalised:', ...r.generalisation.map((g) => `    ${g}`)] : []),
    ...(r.suppressedPatients + r.studiesLeftOut > 0 ? [`  suppressed: ${r.suppressedPatients} patient${r.suppressedPatients === 1 ? '' : 's'} and ${r.studiesLeftOut} more stud${r.studiesLeftOut === 1 ? 'y' : 'ies'}, left out of the version`] : []),
    '  attacks on the written version with the hospital\'s own records:',
    ...r.attacks.map((a) => `    ${a.label}: ${a.reidentified} of ${r.after.records} re-identified (${pct(a.share)})`),
    r.decision.allowed ? '  decision: within the policy; the version may be released.' : `  decision: REFUSED (${r.decision.failures.join('; ')}). ${r.decision.suggestion ?? ''}`,
  ];
}

export function registerDatasetCommands(program: Command, setExit: (code: number) => void): void {
  const dataset = program.command('dataset').description('Immutable dataset versions of the integrated data: risk gate, release, compliance dossier.');

  dataDirOptions(dataset.command('create').description('Freeze the integrated studies and clinical extract into a new dataset version (manifest, reports, risk).'))
    .requiredOption('--id <id>', 'dataset id (letters, digits, . _ -)')
    .option('--title <text>', 'title (required for a new dataset)')
    .option('--description <text>', 'description')
    .requiredOption('--by <name>', 'who creates it (recorded)')
    .requiredOption('--secret-file <file>', 'the site secret populate used: the ledger keeps the source paths the attack simulation reads sealed under it')
    .option('--purpose <text>', 'the purpose of processing the data may serve (stated in the dossier)')
    .option('--legal-basis <text>', 'the legal basis of the sharing (GDPR article, EHDS article, ethics approval); required to release')
    .option('--holder <name>', 'data holder (organisation)')
    .option('--contact <email>', 'contact point of the data holder')
    .option('--modality <list>', 'cohort: studies with one of these modalities (e.g. CT,MR)')
    .option('--condition <list>', 'cohort: patients with one of these conditions, ICD-10 prefixes or names (e.g. C34,lung_cancer)')
    .option('--body-part <list>', 'cohort: studies with one of these Body Part Examined values (e.g. CHEST)')
    .option('--from <date>', 'cohort: studies on or after this date (YYYY-MM-DD, the hospital\'s own study date)')
    .option('--to <date>', 'cohort: studies on or before this date')
    .option('--has-clinical-record', 'cohort: patients with a clinical record only')
    .option('--cohort <file>', 'the cohort file populate ran with (default: the one the last run recorded); its clinical export is what the attack simulation links back to')
    .option('--release-profile <file>', 'date policy, weights and steward declarations of non-identifying attributes (JSON; docs/release.md)')
    .option('--min-k <n>', 'smallest group of patients a released patient may fall into (default 5)')
    .option('--min-l <n>', 'fewest distinct treatment sets such a group must hold (default 2)')
    .option('--max-suppression <share>', 'share of patients (and of studies) that may be left out to meet the policy (default 0.1)')
    .option('--max-attack-share <share>', 'share of released patients any attacker model may re-identify (default 0.05)')
    .option('--jobs <n>', 'threads that write the version\'s files (default: up to 4)')
    .option('--no-progress', 'no progress bar')
    .action(async (f: CreateFlags) => {
      const minK = number(f.minK, '--min-k', 1, 1000);
      const minL = number(f.minL, '--min-l', 1, 100);
      const maxSuppression = number(f.maxSuppression, '--max-suppression', 0, 1);
      const maxAttackShare = number(f.maxAttackShare, '--max-attack-share', 0, 1);
      const jobs = parseJobs(f.jobs);
      const { createDatasetVersion, parseReleaseProfile, checkSelection } = await release();
      const selection = {
        ...(f.modality ? { modalities: list(f.modality) } : {}), ...(f.condition ? { conditions: list(f.condition) } : {}),
        ...(f.bodyPart ? { bodyParts: list(f.bodyPart) } : {}), ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}),
        ...(f.hasClinicalRecord ? { hasClinicalRecord: true } : {}),
      };
      checkSelection(selection);
      const profile = f.releaseProfile ? parseReleaseProfile(readJsonFile(f.releaseProfile, 'The release profile', 'check --release-profile')) : undefined;
      const cohort = f.cohort ? readCohort({ cohort: f.cohort }) : undefined;
      const secret = readSiteSecret(f.secretFile);
      for (const w of secret.warnings) process.stderr.write(`warning: ${w}\n`);
      const sourcePaths = SourcePathKeys.fromSiteSecret(secret.bytes);
      const created = await withWriterLedger(f, 'dataset create', async (ledger) => {
        const c = await createDatasetVersion({
          ledger, dataDir: resolve(f.dataDir), id: f.id, by: f.by, now: () => new Date().toISOString(),
          ...(f.title ? { title: f.title } : {}), ...(f.description ? { description: f.description } : {}),
          ...(f.purpose ? { purpose: f.purpose } : {}), ...(f.legalBasis ? { legalBasis: f.legalBasis } : {}),
          holder: { ...(f.holder ? { name: f.holder } : {}), ...(f.contact ? { contact: f.contact } : {}) },
          selection, sourcePaths, ...(profile ? { profile } : {}), ...(cohort ? { cohort } : {}), ...(jobs ? { jobs } : {}),
          policy: {
            ...(minK !== undefined ? { minK } : {}), ...(minL !== undefined ? { minL } : {}),
            ...(maxSuppression !== undefined ? { maxSuppression } : {}), ...(maxAttackShare !== undefined ? { maxAttackShare } : {}),
          },
          ...(f.progress && !f.json ? { progress: (files: number) => startProgress('Writing the version', files) } : {}),
        });
        await writeCheckpoint(ledger, resolve(f.dataDir), new Date().toISOString());
        return c;
      });
      const s = created.summary;
      if (f.json) process.stdout.write(`${JSON.stringify({ dataset: created.datasetId, version: created.version, dir: created.dir, manifestSha256: created.manifestSha256, summary: s })}\n`);
      else {
        process.stdout.write([
          `Created ${created.datasetId} version ${created.version} (draft): ${s.counts.patients} patients, ${s.counts.studies} studies, ${s.counts.instances} instances, ${s.counts.files} files.`,
          `  folder: ${created.dir}`,
          `  manifest SHA-256: ${created.manifestSha256}`,
          ...riskLines(s),
          s.legalBasis === null ? 'No legal basis was given: release will refuse this version (create it again with --legal-basis "...").' : '',
          s.risk.decision.allowed ? `Next: oncoatlas dataset release ${created.datasetId} --data-dir ${f.dataDir} --by ${f.by}` : '',
        ].filter(Boolean).join('\n') + '\n');
      }
      setExit(EXIT.OK);
    });

  dataDirOptions(dataset.command('release').argument('<id>', 'dataset id').description('Release a draft version: checks its files against the manifest and its risk against the policy, then writes the dossier.'))
    .option('--dataset-version <n>', 'version number (default: the latest)')
    .requiredOption('--by <name>', 'who releases it (recorded)')
    .option('--override-risk', 'release although the risk is above the policy (needs --justification)')
    .option('--justification <text>', 'why the risk is accepted, and by whom (recorded; its hash goes into the audit log)')
    .option('--no-pdf', 'write the dossier as HTML only (no Chromium needed)')
    .action(async (id: string, f: DataDirOptions & { datasetVersion?: string; by: string; overrideRisk?: boolean; justification?: string; pdf: boolean }) => {
      if (f.overrideRisk && !f.justification?.trim()) throw oncoError('USAGE', '--override-risk needs --justification "...": who accepted the risk, and on what basis.');
      if (!f.overrideRisk && f.justification) throw oncoError('USAGE', '--justification goes with --override-risk.');
      const version = versionNumber(f.datasetVersion);
      const { releaseDatasetVersion } = await release();
      const r = await withWriterLedger(f, 'dataset release', async (ledger) => {
        const released = await releaseDatasetVersion({
          ledger, dataDir: resolve(f.dataDir), id, by: f.by, pdf: f.pdf, now: () => new Date().toISOString(),
          ...(version !== undefined ? { version } : {}), ...(f.overrideRisk ? { overrideJustification: f.justification! } : {}),
        });
        await writeCheckpoint(ledger, resolve(f.dataDir), new Date().toISOString());
        return released;
      });
      process.stdout.write(f.json ? `${JSON.stringify(r)}\n` : [
        `Released ${r.datasetId} version ${r.version}${r.overridden ? ' ABOVE the risk threshold, by steward override (recorded in the audit log)' : ''}.`,
        `  dossier: ${r.dossier.pdf ?? r.dossier.html}`,
      ].join('\n') + '\n');
      setExit(EXIT.OK);
    });

  dataDirOptions(dataset.command('list').description('Datasets and their versions.')).action(async (f: DataDirOptions) => {
    const rows = await withLedger(f, async (l) => ({ datasets: await l.datasets.datasets(), versions: await l.datasets.versions() }));
    const list = rows.datasets.map((d) => ({
      id: d.id, title: d.title,
      versions: rows.versions.filter((v) => v.dataset_id === d.id).map((v) => {
        const s = JSON.parse(v.summary) as VersionSummary;
        return { version: v.version, state: v.state, createdAt: v.created_at, releasedAt: v.released_at, patients: s.counts.patients, studies: s.counts.studies, k: s.risk.after.k, riskAllowed: s.risk.decision.allowed, overridden: v.override_json !== null };
      }),
    }));
    if (f.json) process.stdout.write(`${JSON.stringify(list)}\n`);
    else if (list.length === 0) process.stdout.write('No datasets yet (oncoatlas dataset create).\n');
    else {
      process.stdout.write(list.flatMap((d) => [`${d.id}  ${d.title}`, ...d.versions.map((v) =>
        `  v${v.version}  ${v.state.padEnd(8)}  ${v.patients} patients, ${v.studies} studies, k = ${v.k}${v.riskAllowed ? '' : v.overridden ? ' (risk override)' : ' (risk above policy)'}  created ${v.createdAt}${v.releasedAt ? `, released ${v.releasedAt}` : ''}`)]).join('\n') + '\n');
    }
    setExit(EXIT.OK);
  });

  dataDirOptions(dataset.command('show').argument('<id>', 'dataset id').description('One version: counts, risk, decision, where its files are.'))
    .option('--dataset-version <n>', 'version number (default: the latest)')
    .action(async (id: string, f: DataDirOptions & { datasetVersion?: string }) => {
      const { latestVersion } = await release();
      const out = await withLedger(f, async (l) => {
        const v = await latestVersion(l, id, versionNumber(f.datasetVersion));
        return { dataset: (await l.datasets.dataset(id))!, row: (await l.datasets.version(id, v))! };
      });
      const s = JSON.parse(out.row.summary) as VersionSummary;
      if (f.json) process.stdout.write(`${JSON.stringify({ ...out.dataset, version: out.row.version, state: out.row.state, manifestSha256: out.row.manifest_sha256, releasedAt: out.row.released_at, releasedBy: out.row.released_by, override: out.row.override_json ? JSON.parse(out.row.override_json) : null, summary: s })}\n`);
      else {
        process.stdout.write([
          `${id} version ${out.row.version}: ${out.dataset.title} (${out.row.state})`,
          `  created ${out.row.created_at} by ${out.row.created_by}${out.row.released_at ? `; released ${out.row.released_at} by ${out.row.released_by}` : ''}`,
          `  ${s.counts.patients} patients, ${s.counts.studies} studies, ${s.counts.series} series, ${s.counts.instances} instances; CDM records: ${Object.entries(s.counts.records).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
          `  manifest SHA-256: ${out.row.manifest_sha256}`,
          ...riskLines(s),
        ].join('\n') + '\n');
      }
      setExit(EXIT.OK);
    });

  dataDirOptions(dataset.command('dossier').argument('<id>', 'dataset id').description('(Re)write the compliance dossier of a version (a draft\'s dossier says it is a draft).'))
    .option('--dataset-version <n>', 'version number (default: the latest)')
    .option('--no-pdf', 'HTML only')
    .action(async (id: string, f: DataDirOptions & { datasetVersion?: string; pdf: boolean }) => {
      const { latestVersion, writeDossier } = await release();
      const files = await withWriterLedger(f, 'dataset dossier', async (l) => writeDossier(l, resolve(f.dataDir), id, await latestVersion(l, id, versionNumber(f.datasetVersion)), { pdf: f.pdf, now: () => new Date().toISOString() }));
      process.stdout.write(f.json ? `${JSON.stringify(files)}\n` : `Dossier: ${files.pdf ?? files.html}\n`);
      setExit(EXIT.OK);
    });
}
