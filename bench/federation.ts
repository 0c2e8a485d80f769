/**
 * Federated counting through the hub, on loopback, every node its own `oncoatlas serve` process joined to a
 * `oncoatlas hub serve` process (bench/federation-cluster.ts).
 *
 * 1. Latency: `--queries` queries (default 1000) one after another over `--nodes` nodes (default 5), end to end as
 *    a researcher sees them (POST /hub/api/queries, then GET /hub/api/queries/:id?wait= until complete: dispatch,
 *    the agents' long polls, their answers), each followed by the baseline of the same run: the same count asked
 *    of one node directly over HTTP (its Focus route POST /api/federation/focus; GET /api/health where serve has
 *    no Focus route yet). Goal: p95 < 200 ms over 5 nodes.
 * 2. Soak: `--soak-nodes` nodes (default 20) for `--soak-seconds` (default 600) of mixed queries, 4 in flight;
 *    every query must complete with every node answering; RSS of the hub and of each node sampled every 5 s.
 *
 * `node bench/federation.ts [--quick]` runs it alone and replaces the federation section of BENCHMARKS.md (the
 * rest is kept); `npm run bench` runs it with the others. --quick: 100 queries, a 30 s soak over 10 nodes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureTemplateNode, rssMb, startCluster, type Cluster } from './federation-cluster.ts';
import { currentLoad, describeEnvironment, replaceSection, type Environment } from './report.ts';

export interface FederationOptions {
  readonly root: string;
  readonly nodes: number;
  readonly queries: number;
  readonly soakNodes: number;
  readonly soakSeconds: number;
  readonly say: (line: string) => void;
}

/** Mixed ASTs of the soak (and the first one, of the latency run): Lens's OR(AND(OR(...))) shape. */
const ASTS: readonly unknown[] = [
  { operand: 'OR', children: [] },
  { operand: 'OR', children: [{ operand: 'AND', children: [{ operand: 'OR', children: [{ key: 'modality', type: 'EQUALS', value: 'CT' }] }] }] },
  { operand: 'OR', children: [{ operand: 'AND', children: [{ operand: 'OR', children: [{ key: 'sex', type: 'EQUALS', value: 'female' }] }, { operand: 'OR', children: [{ key: 'age_at_diagnosis', type: 'BETWEEN', value: { min: 40, max: 70 } }] }] }] },
  { operand: 'OR', children: [{ operand: 'AND', children: [{ operand: 'OR', children: [{ key: 'condition', type: 'EQUALS', value: 'C34' }, { key: 'condition', type: 'EQUALS', value: 'C50' }] }] }] },
];

interface Asked { readonly ms: number; readonly complete: boolean; readonly answered: number; readonly failed: number }

/** One query end to end through the hub, as a researcher's client runs it. */
async function askHub(c: Cluster, type: string, ast: unknown, nodes: readonly string[]): Promise<Asked> {
  const auth = { authorization: `Bearer ${c.researcher}` };
  const t0 = performance.now();
  const sent = await fetch(`${c.hub.url}/hub/api/queries`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ type, payload: { ast, epsilon: 0.01 }, nodes, deadlineMs: 10_000 }),
  });
  if (sent.status !== 202) throw new Error(`dispatch: HTTP ${sent.status} ${await sent.text()}`);
  const { id } = await sent.json() as { id: string };
  let state: { status: string; results: { status: string }[] };
  do state = await (await fetch(`${c.hub.url}/hub/api/queries/${id}?wait=15`, { headers: auth })).json() as typeof state;
  while (state.status === 'running');
  return {
    ms: performance.now() - t0, complete: state.status === 'complete',
    answered: state.results.length, failed: state.results.filter((r) => r.status !== 'succeeded').length,
  };
}

/** The baseline: the same count asked of one node directly (Focus route), or its liveness route without one. */
async function askDirect(c: Cluster, ast: unknown): Promise<number> {
  const node = c.nodes[0]!;
  const t0 = performance.now();
  const res = c.focusToken
    ? await fetch(`${node.url}/api/federation/focus`, { method: 'POST', headers: { authorization: `Bearer ${c.focusToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ ast, id: 'bench' }) })
    : await fetch(`${node.url}/api/health`);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`direct call: HTTP ${res.status}`);
  return performance.now() - t0;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export interface Percentiles { readonly p50: number; readonly p95: number; readonly p99: number; readonly mean: number }
function percentiles(xs: readonly number[]): Percentiles {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** Which task the nodes answer: `count` once serve wires its handler, else `ping` (said in the report). */
async function taskType(c: Cluster, nodes: readonly string[]): Promise<string> {
  const r = await askHub(c, 'count', ASTS[0], nodes);
  return r.complete && r.failed === 0 ? 'count' : 'ping';
}

export interface LatencyResult { readonly nodes: number; readonly queries: number; readonly type: string; readonly baseline: string; readonly hub: Percentiles; readonly direct: Percentiles; readonly errors: number }

async function latency(c: Cluster, o: FederationOptions): Promise<LatencyResult> {
  const ids = c.nodes.slice(0, o.nodes).map((n) => n.id);
  const type = await taskType(c, ids);
  for (let i = 0; i < 20; i++) { await askHub(c, type, ASTS[0], ids); await askDirect(c, ASTS[0]); } // warm-up
  const hub: number[] = [];
  const direct: number[] = [];
  let errors = 0;
  for (let i = 0; i < o.queries; i++) {
    const r = await askHub(c, type, ASTS[0], ids);
    if (!r.complete || r.failed > 0 || r.answered !== ids.length) errors++;
    hub.push(r.ms);
    direct.push(await askDirect(c, ASTS[0]));
    if ((i + 1) % 200 === 0) o.say(`latency: ${i + 1}/${o.queries} queries`);
  }
  return {
    nodes: ids.length, queries: o.queries, type, errors, hub: percentiles(hub), direct: percentiles(direct),
    baseline: c.focusToken ? 'the same count asked of one node directly: POST /api/federation/focus (its Focus route, same AST)' : 'GET /api/health of one node (serve has no Focus route in this build, so no direct count)',
  };
}

export interface SoakResult {
  readonly nodes: number; readonly seconds: number; readonly queries: number; readonly errors: number; readonly type: string; readonly p95: number;
  readonly hubRss: { first: number; last: number; max: number }; readonly nodeRss: { first: number; last: number; max: number };
}

async function soak(c: Cluster, o: FederationOptions): Promise<SoakResult> {
  const ids = c.nodes.map((n) => n.id);
  const type = await taskType(c, ids);
  const samples: { hub: number; nodes: number }[] = [];
  const sample = (): void => {
    const nodeRss = c.nodes.map((n) => rssMb(n.child.pid));
    samples.push({ hub: rssMb(c.hub.child.pid), nodes: Math.max(...nodeRss) });
  };
  sample();
  const timer = setInterval(sample, 5000);
  const until = performance.now() + o.soakSeconds * 1000;
  const times: number[] = [];
  let errors = 0;
  let n = 0;
  const worker = async (w: number): Promise<void> => {
    while (performance.now() < until) {
      const i = n++;
      // Mixed: the four ASTs in turn, every fifth query a ping, some queries to a subset of the nodes.
      const subset = i % 3 === 0 ? ids.filter((_, k) => (k + w) % 2 === 0) : ids;
      const r = await askHub(c, i % 5 === 4 ? 'ping' : type, ASTS[i % ASTS.length], subset).catch(() => undefined);
      if (!r || !r.complete || r.failed > 0 || r.answered !== subset.length) errors++;
      if (r) times.push(r.ms);
      if (i % 500 === 499) o.say(`soak: ${i + 1} queries, ${Math.round((until - performance.now()) / 1000)} s left`);
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  clearInterval(timer);
  sample();
  // First and last fifth of the run, after the first sample (start-up): growth shows as last > first.
  const window = Math.max(1, Math.floor(samples.length / 5));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const stat = (f: (s: { hub: number; nodes: number }) => number) => ({
    first: mean(samples.slice(1, 1 + window).map(f)), last: mean(samples.slice(-window).map(f)), max: Math.max(...samples.map(f)),
  });
  return { nodes: ids.length, seconds: o.soakSeconds, queries: n, errors, type, p95: percentiles(times).p95, hubRss: stat((s) => s.hub), nodeRss: stat((s) => s.nodes) };
}

export interface FederationResult { readonly latency: LatencyResult; readonly soak: SoakResult; readonly when: string }

export async function benchFederation(o: FederationOptions): Promise<FederationResult> {
  mkdirSync(o.root, { recursive: true });
  const template = ensureTemplateNode(o.root, 60, o.say);
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  let c = await startCluster(o.root, template, o.nodes, o.say);
  let lat: LatencyResult;
  try {
    lat = await latency(c, o);
    o.say(`latency over ${lat.nodes} nodes: hub p95 ${lat.hub.p95.toFixed(1)} ms, direct p95 ${lat.direct.p95.toFixed(1)} ms`);
  } finally {
    await c.stop();
  }
  c = await startCluster(o.root, template, o.soakNodes, o.say);
  try {
    const s = await soak(c, o);
    o.say(`soak: ${s.queries} queries over ${s.nodes} nodes in ${s.seconds} s, ${s.errors} errors`);
    return { latency: lat, soak: s, when };
  } finally {
    await c.stop();
  }
}

const ms = (x: number): string => x.toFixed(1);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
export const SECTION_BEGIN = '<!-- federation:begin -->';
export const SECTION_END = '<!-- federation:end -->';

/** The section of BENCHMARKS.md, between its markers. */
export function federationSection(r: FederationResult, o: { command: string; environment: Environment; loadAtStart: number }): string[] {
  const e = o.environment;
  const { latency: l, soak: s } = r;
  const row = (what: string, p: Percentiles): string =>
    `| ${what} | ${ms(p.p50)} | ${ms(p.p95)} | ${ms(p.p99)} | ${ms(p.mean)} | ${ratio(p.p50, l.direct.p50)} | ${ratio(p.p95, l.direct.p95)} |`;
  const growth = (x: { first: number; last: number }): string => `${(((x.last - x.first) / x.first) * 100).toFixed(1)} %`;
  return [
    SECTION_BEGIN,
    '## Federated counting through the hub',
    '',
    `\`${o.command}\` on ${r.when} UTC. Machine: ${e.cores} cores (${e.cpu}), ${e.memoryGb.toFixed(1)} GiB RAM, ${e.kernel}; load average ${o.loadAtStart.toFixed(2)} when it started. Node ${e.node}; ${e.oncoatlas}.`,
    '',
    `Hub (\`oncoatlas hub serve\`, SQLite) and nodes (\`oncoatlas serve\`, each its own process, its own copy of a 60-study`,
    'published node, joined and approved) on loopback; the agents long-poll the hub. Each query is timed as a researcher\'s client',
    'sees it: `POST /hub/api/queries` then `GET /hub/api/queries/:id?wait=15` until complete (dispatch in a transaction with the',
    'privacy budget and audit log, tasks signed per node, long polls woken, each node verifies its task, answers, posts the result).',
    `Task: \`${l.type}\`${l.type === 'count' ? '' : ' (the nodes\' count handler was not wired in this build; ping measures the same path without the count)'}.`,
    `Baseline, timed in the same run (each hub query followed by one direct call): ${l.baseline}.`,
    '',
    `| ${l.queries} queries, ${l.nodes} nodes | p50 (ms) | p95 (ms) | p99 (ms) | mean (ms) | p50 vs direct | p95 vs direct |`,
    '|---|--:|--:|--:|--:|--:|--:|',
    row('through the hub', l.hub),
    row('direct to one node (baseline)', l.direct),
    '',
    `- ${l.hub.p95 < 200 ? 'PASS' : 'MISS'}: p95 ${ms(l.hub.p95)} ms over ${l.nodes} nodes; goal < 200 ms. Errors: ${l.errors}.`,
    `- Dispatch overhead (hub p50 − direct p50): ${ms(l.hub.p50 - l.direct.p50)} ms.`,
    '',
    `Soak: ${s.nodes} nodes for ${s.seconds} s${s.seconds < 600 ? ' (a shortened run; the goal is 600 s)' : ''}, 4 queries in flight, mixed (four ASTs of Lens's shape, every fifth a ping, every third to half of the nodes): `
    + `${s.queries} queries, ${s.errors} errors (a query not complete, or a node not answering or failing); p95 ${ms(s.p95)} ms.`,
    '',
    '| RSS (MiB), sampled every 5 s | first fifth (mean) | last fifth (mean) | growth | max |',
    '|---|--:|--:|--:|--:|',
    `| hub | ${s.hubRss.first.toFixed(0)} | ${s.hubRss.last.toFixed(0)} | ${growth(s.hubRss)} | ${s.hubRss.max.toFixed(0)} |`,
    `| largest node | ${s.nodeRss.first.toFixed(0)} | ${s.nodeRss.last.toFixed(0)} | ${growth(s.nodeRss)} | ${s.nodeRss.max.toFixed(0)} |`,
    SECTION_END,
  ];
}

/** Replaces the federation section of `file` (or appends it): the other sections are another run's. */
export function writeFederationSection(file: string, lines: readonly string[]): void {
  replaceSection(file, SECTION_BEGIN, SECTION_END, lines);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      nodes: { type: 'string', default: '5' }, queries: { type: 'string' },
      'soak-nodes': { type: 'string' }, 'soak-seconds': { type: 'string' }, out: { type: 'string' },
    },
  });
  const repo = fileURLToPath(new URL('..', import.meta.url));
  const say = (line: string): void => { process.stderr.write(`${line}\n`); };
  const o: FederationOptions = {
    root: '/dev/shm/oncoatlas-bench/federation', say,
    nodes: Number(values.nodes), queries: Number(values.queries ?? (values.quick ? 100 : 1000)),
    soakNodes: Number(values['soak-nodes'] ?? (values.quick ? 10 : 20)), soakSeconds: Number(values['soak-seconds'] ?? (values.quick ? 30 : 600)),
  };
  const loadAtStart = currentLoad();
  const r = await benchFederation(o);
  const out = values.out ?? join(repo, 'BENCHMARKS.md');
  writeFederationSection(out, federationSection(r, { command: ['node bench/federation.ts', ...process.argv.slice(2)].join(' '), environment: describeEnvironment(repo), loadAtStart }));
  say(`wrote the federation section of ${out}`);
}
