/**
 * A hub and its nodes as real processes on loopback, built and run through the CLI only: `oncoatlas synth`,
 * `populate`, `dataset create|release`, `catalogue publish` make each small synthetic hospital (two published
 * datasets that share patients); `oncoatlas hub serve`, `node join`, `hub nodes approve` and `oncoatlas serve`
 * (which runs the agent) wire them up; each node is onboarded at the hub over its API (scripts/synthetic-onboarding.ts)
 * with synthetic documents, so its datasets are searched. For the federation e2e tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onboardSynthetic } from '../../scripts/synthetic-onboarding.ts';
import { agreementFilings } from '@oncoatlas/testkit';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/oncoatlas.js', import.meta.url));
const JUSTIFICATION = 'Synthetic data only, no person behind any record';
export const FOCUS_TOKEN = 'focus-token-of-the-e2e-test-0123456789';

interface After { after(fn: () => unknown): void }

export async function cli(...args: string[]): Promise<{ status: number | null; out: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
  const status = await new Promise<number | null>((done) => child.once('close', done));
  return { status, out };
}

async function ok(...args: string[]): Promise<string> {
  const r = await cli(...args);
  if (r.status !== 0) throw new Error(`oncoatlas ${args.slice(0, 2).join(' ')} failed: ${r.out}`);
  return r.out;
}

/**
 * A small synthetic hospital with two published datasets (`ct`: CT studies; `lung`: lung and breast cancer).
 * `publish: false` leaves them released, with no agreement on file (the access e2e's node 1).
 */
export async function buildHospital(root: string, seed: string, studies: number, o: { readonly publish?: boolean } = {}): Promise<string> {
  const dir = join(root, seed);
  const data = join(dir, 'data');
  await ok('synth', join(dir, 'h'), '--studies', String(studies), '--seed', seed);
  await ok('secret', 'new', join(dir, 's'));
  await ok('populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 's'), '--jobs', '1', '--json', '--no-progress');
  // Publishing needs the agreements of the node's onboarding path on file (docs/access.md).
  if (o.publish !== false) for (const args of agreementFilings(join(dir, 'agreements'), data)) await ok(...args);
  for (const [id, cohort] of [['ct', ['--modality', 'CT']], ['lung', ['--condition', 'C34,C50']]] as const) {
    await ok('dataset', 'create', '--data-dir', data, '--secret-file', join(dir, 's'), '--id', id, '--title', `${seed} ${id}`, '--by', 'steward',
      '--legal-basis', 'Synthetic data: no person behind any record', '--max-suppression', '0.5', ...cohort);
    if ((await cli('dataset', 'release', id, '--data-dir', data, '--by', 'dpo', '--no-pdf')).status !== 0) {
      await ok('dataset', 'release', id, '--data-dir', data, '--by', 'dpo', '--no-pdf', '--override-risk', '--justification', JUSTIFICATION);
    }
    if (o.publish !== false) await ok('catalogue', 'publish', id, '--data-dir', data, '--by', 'steward', '--steward', join(dir, 'h', 'catalogue-steward.json'), '--public-url', `http://${seed}.test`);
  }
  return data;
}

export interface Running {
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves once the output matches (or rejects after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startCli(t: After, ...args: string[]): Running {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const grew = new Set<() => void>();
  const add = (c: Buffer): void => { out += c.toString(); for (const f of grew) f(); };
  child.stdout!.on('data', add);
  child.stderr!.on('data', add);
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  t.after(() => stop('SIGKILL'));
  return {
    child, output: () => out, stop,
    waitFor: (pattern, ms = 20_000) => new Promise((resolve, reject) => {
      const check = (): void => {
        const m = out.slice(0).match(pattern);
        if (m) { clearTimeout(timer); grew.delete(check); resolve(m); }
      };
      const timer = setTimeout(() => { grew.delete(check); reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`)); }, ms);
      grew.add(check);
      void exited.then(() => { if (grew.has(check)) { clearTimeout(timer); grew.delete(check); reject(new Error(`exited before ${pattern}; output:\n${out}`)); } });
      check();
    }),
  };
}

export interface ClusterNode {
  readonly id: string;
  readonly dataDir: string;
  url: string;
  serve: Running;
  /**
   * Starts (or restarts) the node's `oncoatlas serve`. Its agent polls at once, but says `connected` only when
   * its first long poll returns (up to 25 s): a task dispatched meanwhile is taken by that poll.
   */
  start(): Promise<void>;
}

export interface Cluster {
  readonly hubDir: string;
  readonly hubUrl: string;
  readonly hub: Running;
  readonly nodes: readonly ClusterNode[];
  readonly focusTokenFile: string;
  token(subject: string, role: 'researcher' | 'operator'): Promise<string>;
  /** A one-time browser sign-in link of a researcher at the hub. */
  signInLink(subject: string): Promise<string>;
}

/**
 * A hub and one node per `hospitals` entry, joined and approved, each node serving with a Focus token.
 * The hospitals are built in parallel; `hubArgs` are extra flags of `hub serve` (e.g. `--web DIR`).
 */
export async function startCluster(t: After, o: { readonly hospitals: readonly { seed: string; studies: number }[]; readonly deadlineSeconds: number; readonly hubArgs?: readonly string[] }): Promise<Cluster> {
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-federation-e2e-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const t0 = Date.now();
  const dataDirs = await Promise.all(o.hospitals.map((h) => buildHospital(root, h.seed, h.studies)));
  if (process.env.ONCOATLAS_E2E_TIMING) process.stderr.write(`hospitals built in ${Date.now() - t0} ms\n`);
  const hubDir = join(root, 'hub');
  const hub = startCli(t, 'hub', 'serve', '--data-dir', hubDir, '--port', '0', '--deadline-seconds', String(o.deadlineSeconds), ...(o.hubArgs ?? ['--no-web']));
  const hubUrl = (await hub.waitFor(/hub API at (http:\/\/[\d.:]+)\/hub\/api/))[1]!;
  const focusTokenFile = join(root, 'focus.token');
  writeFileSync(focusTokenFile, `${FOCUS_TOKEN}\n`, { mode: 0o600 });
  const nodes: ClusterNode[] = [];
  const tokenOf = async (subject: string, role: string) => (await ok('hub', 'token', 'new', '--data-dir', hubDir, '--role', role, '--subject', subject)).trim();
  const [committee, operator] = [await tokenOf('cluster-committee', 'committee'), await tokenOf('cluster-operator', 'operator')];
  for (const [i, dataDir] of dataDirs.entries()) {
    const joined = await ok('node', 'join', '--hub', hubUrl, '--data-dir', dataDir, '--name', o.hospitals[i]!.seed);
    const id = /Joined as (\S+) /.exec(joined)![1]!;
    await ok('hub', 'nodes', 'approve', id, '--data-dir', hubDir);
    const steward = await tokenOf(`steward-${o.hospitals[i]!.seed}`, 'steward');
    await onboardSynthetic({ hubUrl, node: id, tokens: { steward, committee, operator }, organisation: `Synthetic hospital ${o.hospitals[i]!.seed}` });
    const node: ClusterNode = {
      id, dataDir, url: '', serve: undefined as unknown as Running,
      async start() {
        node.serve = startCli(t, 'serve', '--data-dir', dataDir, '--port', '0', '--no-web', '--focus-token-file', focusTokenFile, '--access-log', join(root, `${id}-access.log`),
          '--catalogue-settings', join(dirname(dataDir), 'h', 'catalogue-settings.json'));
        node.url = (await node.serve.waitFor(/API at (http:\/\/[\d.:]+)\/api/))[1]!;
        await node.serve.waitFor(/Hub agent started/);
      },
    };
    nodes.push(node);
  }
  await Promise.all(nodes.map((n) => n.start()));
  if (process.env.ONCOATLAS_E2E_TIMING) process.stderr.write(`cluster up in ${Date.now() - t0} ms\n`);
  return {
    hubDir, hubUrl, hub, nodes, focusTokenFile,
    token: async (subject, role) => (await ok('hub', 'token', 'new', '--data-dir', hubDir, '--role', role, '--subject', subject)).trim(),
    signInLink: async (subject) => (await ok('hub', 'token', 'new', '--data-dir', hubDir, '--role', 'researcher', '--subject', subject, '--sign-in-link', '--url', hubUrl)).trim(),
  };
}
