/**
 * End-to-end population of the 12,484-study synthetic hospital (small pixels): `oncoatlas populate` with the
 * ledger on SQLite and on PostgreSQL, against, in the same run, `oncoatlas deid` of the same export (the
 * de-identification alone, no ledger, no selection) and `cp -a` of it (the limit of moving the bytes).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { measure, type RssMethod } from './measure.ts';

export interface PopulateBench {
  readonly studies: number;
  readonly rows: { readonly name: string; readonly seconds: number; readonly rssMb: number; readonly note?: string }[];
}

const ADMIN = process.env.ONCOATLAS_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const admin = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 3000 });
  if (!(await admin.connect().then(() => true, () => false))) return undefined;
  const name = `oncoatlas_bench_${Date.now()}`;
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => { await admin.query(`drop database if exists ${name} with (force)`); await admin.end(); } };
}

export async function benchPopulate(o: { root: string; node: string; repo: string; studies: number; method: RssMethod; logs: string; jobs: number; say: (s: string) => void }): Promise<PopulateBench> {
  const cli = join(o.repo, 'packages/cli/bin/oncoatlas.js');
  const hospital = join(o.root, 'populate-hospital');
  rmSync(hospital, { recursive: true, force: true });
  const made = await measure({ file: o.node, args: [cli, 'synth', hospital, '--studies', String(o.studies), '--seed', 'bench-populate', '--no-progress'] }, o.method, join(o.logs, 'populate-synth.log'));
  if (made.exitCode !== 0) throw new Error('oncoatlas synth failed');
  const secret = join(o.root, 'site.secret');
  const args = (data: string): string[] => [cli, 'populate', '--data-dir', data, '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'),
    '--secret-file', secret, '--jobs', String(o.jobs), '--no-progress'];
  const rows: PopulateBench['rows'][number][] = [];
  const run = async (name: string, file: string, a: string[], out: string, check?: () => string, keep = false): Promise<void> => {
    if (!keep) rmSync(out, { recursive: true, force: true });
    const m = await measure({ file, args: a }, o.method, join(o.logs, `populate-${rows.length}.log`));
    const ok = m.exitCode === 0 || m.exitCode === 3;
    const note = ok ? check?.() : `FAILED: exit ${m.exitCode}`;
    if (!keep) rmSync(out, { recursive: true, force: true });
    rows.push({ name, seconds: m.seconds, rssMb: m.peakRssMb, ...(note ? { note } : {}) });
    o.say(`populate: ${name.padEnd(44)} ${m.seconds.toFixed(1)} s, ${m.peakRssMb.toFixed(0)} MB${ok ? '' : ' (FAILED)'}`);
  };
  await run('cp -a of the export (limit)', 'cp', ['-a', join(hospital, 'pacs'), join(o.root, 'populate-copy')], join(o.root, 'populate-copy'));
  await run(`oncoatlas deid of the export (--jobs ${o.jobs})`, o.node, [cli, 'deid', join(hospital, 'pacs'), join(o.root, 'populate-deid'), '--secret-file', secret, '--jobs', String(o.jobs), '--no-progress'], join(o.root, 'populate-deid'));
  /** Untimed, after the run: the funnel against truth.json study by study, and the audit log verified. */
  const check = (data: string, db?: string) => (): string => {
    const where = ['--data-dir', data, ...(db ? ['--database', db] : [])];
    const funnel = JSON.parse(spawnSync(o.node, [cli, 'funnel', ...where, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout) as { integrated: number; studies: { study: string; state: string; reason: string | null }[] };
    const truth = JSON.parse(readFileSync(join(hospital, 'truth.json'), 'utf8')) as { studies: { study: string; expected: string; reason: string | null }[] };
    const expected = new Map(truth.studies.map((t) => [t.study, `${t.expected} ${t.reason}`]));
    const differ = funnel.studies.filter((f) => expected.get(f.study) !== `${f.state} ${f.reason}`).length + Math.abs(truth.studies.length - funnel.studies.length);
    const audit = spawnSync(o.node, [cli, 'audit', 'verify', ...where], { encoding: 'utf8' });
    const events = /verified: (\d+) events/.exec(audit.stdout)?.[1];
    return `${differ === 0 ? `funnel = truth.json for all ${funnel.studies.length.toLocaleString('en-GB')} studies` : `FUNNEL DIFFERS from truth.json for ${differ} studies`}; ${audit.status === 0 ? `audit log verified (${events} events)` : 'AUDIT VERIFY FAILED'}`;
  };
  const sqlite = join(o.root, 'populate-sqlite');
  rmSync(sqlite, { recursive: true, force: true });
  await run('oncoatlas populate, ledger on SQLite', o.node, args(sqlite), sqlite, check(sqlite), true);
  // The release of what was integrated: the least generalisation searched per patient, every file rewritten
  // with it and read back, measured, attacked with the hospital's own files and tables; then the manifest is
  // checked again and the dossier printed.
  await run('oncoatlas dataset create (SQLite)', o.node, [cli, 'dataset', 'create', '--data-dir', sqlite, '--secret-file', secret, '--id', 'bench', '--title', 'Bench', '--by', 'bench',
    '--legal-basis', 'Synthetic data', '--no-progress'], sqlite, () => {
    const shown = spawnSync(o.node, [cli, 'dataset', 'show', 'bench', '--data-dir', sqlite, '--json'], { encoding: 'utf8' });
    if (shown.status !== 0) return 'NO VERSION';
    const sm = (JSON.parse(shown.stdout) as { summary: { counts: { patients: number; studies: number; files: number }; risk: { after: { k: number }; suppressedPatients: number; studiesLeftOut: number; generalisation: string[]; attacks: { model: string; reidentified: number }[]; decision: { allowed: boolean } } } }).summary;
    const r = sm.risk;
    return `${sm.counts.patients.toLocaleString('en-GB')} patients, ${sm.counts.studies.toLocaleString('en-GB')} studies, ${sm.counts.files.toLocaleString('en-GB')} files rewritten, read back and hashed; ` +
      `k = ${r.after.k} per patient, ${r.suppressedPatients} patients suppressed and ${r.studiesLeftOut} studies left out; kept finer than * : ${r.generalisation.filter((g) => !g.endsWith('(*)')).join(', ') || 'none of the generalised'}; ` +
      `re-identified by the attacks: ${r.attacks.map((a) => `${a.model} ${a.reidentified}`).join(', ')}; ${r.decision.allowed ? 'release allowed' : 'release REFUSED'}`;
  }, true);
  await run('oncoatlas dataset release with PDF dossier (SQLite)', o.node, [cli, 'dataset', 'release', 'bench', '--data-dir', sqlite, '--by', 'bench'], sqlite, () => {
    const pdf = join(sqlite, 'datasets', 'bench', 'v1', 'dossier.pdf');
    return `every file re-hashed against the manifest; ${existsSync(pdf) ? 'dossier.pdf written' : 'NO dossier.pdf'}`;
  }, true);
  rmSync(sqlite, { recursive: true, force: true });
  const db = await postgresDatabase();
  if (db) {
    try {
      await run('oncoatlas populate, ledger on PostgreSQL', o.node, [...args(join(o.root, 'populate-pg')), '--database', db.url], join(o.root, 'populate-pg'), check(join(o.root, 'populate-pg'), db.url));
    } finally {
      await db.drop();
    }
  } else rows.push({ name: 'oncoatlas populate, ledger on PostgreSQL', seconds: NaN, rssMb: NaN, note: 'PostgreSQL not reachable at 127.0.0.1:5432' });
  rmSync(hospital, { recursive: true, force: true });
  return { studies: o.studies, rows };
}

export function populateSection(b: PopulateBench): string[] {
  const limit = b.rows[0]!.seconds;
  const deid = b.rows[1]!.seconds;
  return [
    '## Populating the atlas end to end',
    '',
    `\`oncoatlas populate\` (inventory -> select -> de-identify with verification -> clinical CDM and QC, ledger row per study) on the ${b.studies.toLocaleString('en-GB')}-study`,
    'synthetic hospital (small pixels), one run each. Target: under 15 minutes on this machine.',
    '',
    '| what | time | peak RSS | x cp -a time | x deid time | target, and checks after the run (untimed) |',
    '|---|---:|---:|---:|---:|---|',
    ...b.rows.map((r) => `| ${r.name} | ${Number.isFinite(r.seconds) ? `${r.seconds.toFixed(1)} s` : '-'} | ${Number.isFinite(r.rssMb) ? `${r.rssMb.toFixed(0)} MB` : ''} | ${(r.seconds / limit).toFixed(1)} | ${(r.seconds / deid).toFixed(2)} | ${[r.name.startsWith('oncoatlas populate') ? (r.seconds < 900 ? 'PASS (< 15 min)' : 'MISS') : '', r.note ?? ''].filter(Boolean).join('; ')} |`),
    '',
    'The dataset rows run on the SQLite data directory just populated: `create` searches the least generalisation meeting',
    'the policy (k = 5, l = 2, one record per patient), rewrites every released file with it, reads every file and table back,',
    'measures and attacks that (with the hospital\'s own files and tables) and hashes it into the manifest; `release` re-hashes',
    'every file against the manifest and prints the compliance dossier with Chromium. The x deid column is the ratio to the',
    'de-identification of the same export in the same run.',
    '',
  ];
}
