/**
 * A simulated cluster: `populate --distribute` on one PostgreSQL with 1, 2, 4 and 8 `oncoatlas worker`
 * processes, each pinned to one CPU (taskset, round robin over this machine's cores), on the same synthetic
 * hospital, one run each. Reports the de-identify stage's throughput (studies/s across all workers) and its
 * scaling against one worker, and, in the same run, the one-process populate on PostgreSQL (no queue) as the
 * baseline the queue's overhead is measured against. Every run is checked against truth.json afterwards.
 *
 * With more workers than cores the processes share CPUs: the table says how many cores there were, so a
 * reader sees where scaling must stop on this machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const ADMIN = process.env.ONCOATLAS_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ClusterRow {
  readonly workers: number | 'one process';
  readonly deidentifySeconds: number;
  readonly totalSeconds: number;
  readonly studies: number;
  readonly check: string;
}

export interface ClusterBench {
  readonly studies: number;
  readonly cores: number;
  readonly rows: ClusterRow[];
}

async function database(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 3000 });
  await admin.connect();
  const name = `oncoatlas_cluster_${Date.now()}`;
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => { await admin.query(`drop database if exists ${name} with (force)`); await admin.end(); } };
}

interface Funnel { studies: { study: string; state: string; reason: string | null }[]; workQueue?: { dead: number; completed: number }; seconds: { deidentify: number } }

export async function benchCluster(o: { root: string; node: string; repo: string; studies: number; counts?: readonly number[]; say: (s: string) => void }): Promise<ClusterBench> {
  const cli = join(o.repo, 'packages/cli/bin/oncoatlas.js');
  const hospital = join(o.root, 'cluster-hospital');
  rmSync(hospital, { recursive: true, force: true });
  if (spawnSync(o.node, [cli, 'synth', hospital, '--studies', String(o.studies), '--seed', 'bench-cluster', '--no-progress']).status !== 0) throw new Error('oncoatlas synth failed');
  const secret = join(o.root, 'cluster.secret');
  rmSync(secret, { force: true });
  spawnSync(o.node, [cli, 'secret', 'new', secret]);
  const truth = JSON.parse(readFileSync(join(hospital, 'truth.json'), 'utf8')) as { studies: { study: string; expected: string; reason: string | null }[] };
  const expected = new Map(truth.studies.map((t) => [t.study, `${t.expected} ${t.reason}`]));
  const selected = truth.studies.filter((t) => t.expected !== 'rejected').length;
  const cores = availableParallelism();
  const rows: ClusterRow[] = [];

  const one = async (workers: number): Promise<void> => {
    const db = await database();
    const data = join(o.root, 'cluster-data');
    rmSync(data, { recursive: true, force: true });
    const started: ChildProcess[] = [];
    try {
      for (let k = 0; k < workers; k++) {
        // One CPU each: the cluster's machines, simulated.
        started.push(spawn('taskset', ['-c', String(k % cores), o.node, cli, 'worker', '--database', db.url, '--data-dir', data, '--secret-file', secret, '--concurrency', '8'], { stdio: 'ignore' }));
      }
      const args = [cli, 'populate', '--data-dir', data, '--database', db.url, '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'),
        '--secret-file', secret, '--json', '--no-progress', ...(workers > 0 ? ['--distribute', '--local-concurrency', '0'] : ['--jobs', '1'])];
      const t0 = performance.now();
      // The one-process baseline is pinned to one CPU as well: one worker's worth of machine.
      const r = spawnSync(workers > 0 ? o.node : 'taskset', workers > 0 ? args : ['-c', '0', o.node, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const totalSeconds = (performance.now() - t0) / 1000;
      if (r.status !== 0) throw new Error(`populate with ${workers} workers failed (exit ${r.status}): ${r.stderr.slice(0, 400)}`);
      const f = JSON.parse(r.stdout) as Funnel;
      const differ = f.studies.filter((s) => expected.get(s.study) !== `${s.state} ${s.reason}`).length + Math.abs(truth.studies.length - f.studies.length);
      const check = `${differ === 0 ? 'funnel = truth.json' : `FUNNEL DIFFERS for ${differ} studies`}${f.workQueue ? `; ${f.workQueue.completed} jobs completed, ${f.workQueue.dead} dead` : ''}`;
      rows.push({ workers: workers > 0 ? workers : 'one process', deidentifySeconds: f.seconds.deidentify, totalSeconds, studies: selected, check });
      o.say(`cluster: ${workers > 0 ? `${workers} workers` : 'one process'}: de-identify ${f.seconds.deidentify.toFixed(1)} s (${(selected / f.seconds.deidentify).toFixed(0)} studies/s), populate ${totalSeconds.toFixed(1)} s; ${check}`);
    } finally {
      for (const c of started) c.kill('SIGTERM');
      await Promise.all(started.map((c) => new Promise((resolve) => { if (c.exitCode !== null) resolve(undefined); else c.on('exit', resolve); })));
      await db.drop();
      rmSync(data, { recursive: true, force: true });
    }
  };
  await one(0);
  for (const n of o.counts ?? [1, 2, 4, 8]) await one(n);
  rmSync(hospital, { recursive: true, force: true });
  return { studies: o.studies, cores, rows };
}

export function clusterSection(b: ClusterBench): string[] {
  const base = b.rows.find((r) => r.workers === 1);
  const single = b.rows.find((r) => r.workers === 'one process');
  const rate = (r: ClusterRow): number => r.studies / r.deidentifySeconds;
  return [
    '## Scale-out: workers on one PostgreSQL',
    '',
    `\`populate --distribute --local-concurrency 0\` on the ${b.studies.toLocaleString('en-GB')}-study synthetic hospital with N \`oncoatlas worker\` processes (concurrency 8 each: studies fetched together and committed together),`,
    `each pinned to one CPU with taskset (round robin over this machine's ${b.cores} cores), one run each; the first row is \`populate\` on PostgreSQL`,
    'without the queue, pinned to one CPU, in the same run. The de-identify stage is timed by populate itself (inventory, selection and the',
    'clinical stage run in the populate process alone and are in the total).',
    '',
    '| workers | de-identify stage | studies/s | x 1 worker | x one process | populate total | checks after the run |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...b.rows.map((r) => `| ${r.workers} | ${r.deidentifySeconds.toFixed(1)} s | ${rate(r).toFixed(0)} | ${base ? (rate(r) / rate(base)).toFixed(2) : '-'} | ${single ? (rate(r) / rate(single)).toFixed(2) : '-'} | ${r.totalSeconds.toFixed(1)} s | ${r.check} |`),
    '',
  ];
}
