/**
 * A hub and N nodes on loopback for the federation benchmark, each its own `oncoatlas` process started as an
 * operator would (hub serve; node join; approval; onboarding with synthetic documents; serve). The nodes' data directories are copies of one small
 * populated, released and published node made once (copied before joining, so each makes its own key and is
 * its own node at the hub).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agreementFilings } from '@oncoatlas/testkit';
import { onboardSynthetic } from '../scripts/synthetic-onboarding.ts';

const CLI = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));

export interface Proc { readonly child: ChildProcess; readonly output: () => string; readonly url: string }

/** Runs a command to its end; throws with its output when it fails. */
export function cli(args: readonly string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`oncoatlas ${args.slice(0, 2).join(' ')} exited ${r.status}: ${(r.stderr || r.stdout).slice(-2000)}`);
  return r.stdout;
}

/** Starts a long-running command; resolves with the address it prints once listening (`pattern`'s group 1). */
export async function startProc(args: readonly string[], pattern: RegExp, log: string): Promise<Proc> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString('utf8'); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString('utf8'); });
  child.once('exit', () => writeFileSync(log, out));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = pattern.exec(out);
    if (m) return { child, output: () => out, url: m[1]! };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`oncoatlas ${args[0]} did not start: ${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function stopProc(p: Proc): Promise<void> {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((done) => p.child.once('exit', done));
  p.child.kill('SIGTERM');
  await exited;
}

/** One small node (populated, released, published), made once under `root` and reused by later runs. */
export function ensureTemplateNode(root: string, studies: number, say: (line: string) => void): string {
  const dir = join(root, `template-${studies}`);
  const data = join(dir, 'atlas');
  if (existsSync(join(dir, 'complete'))) return data;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hospital = join(dir, 'hospital');
  const secret = join(dir, 'site.secret');
  const started = performance.now();
  cli(['synth', hospital, '--studies', String(studies), '--seed', 'bench-federation']);
  cli(['secret', 'new', secret]);
  cli(['populate', '--data-dir', data, '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'), '--secret-file', secret, '--no-progress']);
  cli(['dataset', 'create', '--data-dir', data, '--secret-file', secret, '--id', 'bench', '--title', 'Benchmark node', '--by', 'bench',
    '--purpose', 'Benchmark on synthetic data', '--legal-basis', 'Not applicable: synthetic data', '--max-suppression', '0.3']);
  cli(['dataset', 'release', 'bench', '--data-dir', data, '--by', 'bench', '--no-pdf']);
  // Publishing needs the agreements of the node's onboarding path on file (docs/access.md).
  for (const args of agreementFilings(join(dir, 'agreements'), data, 'bench')) cli(args);
  cli(['catalogue', 'publish', 'bench', '--data-dir', data, '--by', 'bench', '--steward', join(hospital, 'catalogue-steward.json'), '--public-url', 'http://127.0.0.1:9']);
  writeFileSync(join(dir, 'complete'), '');
  say(`template node: ${studies} studies populated, released and published in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return data;
}

export interface Cluster {
  readonly hub: Proc;
  readonly nodes: (Proc & { readonly id: string; readonly dataDir: string })[];
  readonly researcher: string;
  /** Whether the nodes answer `count` tasks and the Focus route (the count handler is wired in serve). */
  readonly focusToken?: string;
  stop(): Promise<void>;
}

function serveSupportsFocus(): boolean {
  return cli(['serve', '--help']).includes('--focus-token-file');
}

/** Starts a hub and `n` joined, approved, serving nodes under `root` (fresh each time). */
export async function startCluster(root: string, template: string, n: number, say: (line: string) => void): Promise<Cluster> {
  const dir = join(root, 'cluster');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hubDir = join(dir, 'hub');
  // A budget no benchmark reaches: the figures are of the dispatch, not of the refusal.
  const hub = await startProc(['hub', 'serve', '--data-dir', hubDir, '--port', '0', '--budget', '1000000000'], /hub API at (http:\/\/[^/\s]+)/, join(dir, 'hub.log'));
  const researcher = cli(['hub', 'token', 'new', '--data-dir', hubDir, '--role', 'researcher', '--subject', 'bench', '--hours', '8']).trim();
  const operator = cli(['hub', 'token', 'new', '--data-dir', hubDir, '--role', 'operator', '--subject', 'bench-operator', '--hours', '8']).trim();
  const committee = cli(['hub', 'token', 'new', '--data-dir', hubDir, '--role', 'committee', '--subject', 'bench-committee', '--hours', '8']).trim();
  const focus = serveSupportsFocus();
  const focusToken = 'bench-focus-token-0123456789abcdef';
  if (focus) writeFileSync(join(dir, 'focus.token'), `${focusToken}\n`, { mode: 0o600 });
  const nodes: Cluster['nodes'] = [];
  const started = performance.now();
  const cluster: Cluster = {
    hub, nodes, researcher, ...(focus ? { focusToken } : {}),
    stop: async () => {
      await Promise.all(nodes.map(stopProc));
      await stopProc(hub);
    },
  };
  try {
    for (let i = 0; i < n; i++) {
      const dataDir = join(dir, `node-${i}`);
      cpSync(template, dataDir, { recursive: true });
      const joined = cli(['node', 'join', '--hub', hub.url, '--data-dir', dataDir, '--name', `Bench node ${i}`]);
      const id = /Joined as (\S+)/.exec(joined)![1]!;
      const approved = await fetch(`${hub.url}/hub/api/nodes/${id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${operator}` } });
      if (!approved.ok) throw new Error(`approving a node: HTTP ${approved.status}`);
      // Searched once onboarded: the data holder's synthetic onboarding, every review step approved.
      const steward = cli(['hub', 'token', 'new', '--data-dir', hubDir, '--role', 'steward', '--subject', `bench-steward-${i}`, '--hours', '8']).trim();
      await onboardSynthetic({ hubUrl: hub.url, node: id, tokens: { steward, committee, operator }, organisation: `Bench node ${i}` });
      nodes.push({
        ...(await startProc(['serve', '--data-dir', dataDir, '--port', '0', '--no-web', ...(focus ? ['--focus-token-file', join(dir, 'focus.token')] : [])],
          /API at (http:\/\/[^/\s]+)\/api/, join(dir, `node-${i}.log`))),
        id, dataDir,
      });
    }
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  say(`cluster: hub and ${n} nodes joined, approved and serving in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return cluster;
}

/** Resident set of a process in MiB (/proc), NaN once it is gone. */
export function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
