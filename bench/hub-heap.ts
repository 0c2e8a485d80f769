/**
 * Is the hub's memory growth in the soak (BENCHMARKS.md, federation) a leak? RSS alone cannot say: V8 and the
 * allocator keep what they once took. This runs the hub's whole HTTP stack in one process (hub server on a
 * loopback port, 5 joined and approved nodes whose agents long-poll it over HTTP and answer every task, a
 * researcher's client dispatching queries and waiting for them) and prints the heap in use after a full GC every
 * `--every` queries: a leak grows it, headroom does not. The agents share the process, so the heap measured holds
 * theirs too (a leak in either shows).
 *
 *   node --expose-gc bench/hub-heap.ts [--queries 3000] [--every 500]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Hub, joinHub, runAgent } from '@oncoatlas/hub';
import { buildHubServer, createTokenVerifier, mintLocalToken } from '@oncoatlas/server';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with node --expose-gc bench/hub-heap.ts');
const { values } = parseArgs({ options: { queries: { type: 'string', default: '3000' }, every: { type: 'string', default: '500' } } });
const total = Number(values.queries);
const every = Number(values.every);

const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-heap-'));
const localKey = new TextEncoder().encode('the local key of the hub heap probe, long enough');
const hub = await Hub.open({ dataDir: join(dir, 'hub'), budget: { total: 1e9, windowDays: 30 } });
const app = await buildHubServer({ hub, verifier: createTokenVerifier({ issuers: [], localKey }), version: 'bench' });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const stop = new AbortController();
const agents: Promise<void>[] = [];
for (let i = 0; i < 5; i++) {
  const nodeDir = join(dir, `node-${i}`);
  const joined = await joinHub({ hubUrl: url, dataDir: nodeDir, name: `node ${i}` });
  await hub.approve(joined.nodeId, 'bench');
  agents.push(runAgent({ dataDir: nodeDir, signal: stop.signal, log: () => undefined, handler: async () => ({ total: { subjects_count: 10, studies_count: 20 }, padding: 'x'.repeat(2000) }) }));
}
const bearer = await mintLocalToken(localKey, { subject: 'researcher', roles: ['researcher'], hours: 1 });
const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ id?: string; status?: string }> => {
  const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ id?: string; status?: string }>;
};
const mib = (n: number): string => (n / 2 ** 20).toFixed(1);
for (let q = 1; q <= total; q++) {
  const { id } = await call('POST', '/hub/api/queries', { type: 'count', payload: { epsilon: 0.001 }, deadlineMs: 10_000 });
  const state = await call('GET', `/hub/api/queries/${id}?wait=15`);
  if (state.status !== 'complete') throw new Error(`query ${q} ended ${state.status}`);
  if (q % every === 0) {
    gc();
    gc();
    const m = process.memoryUsage();
    process.stdout.write(`after ${q} queries: heap used ${mib(m.heapUsed)} MiB, RSS ${mib(m.rss)} MiB\n`);
  }
}
stop.abort();
await Promise.allSettled(agents);
await app.close();
await hub.close();
rmSync(dir, { recursive: true, force: true });
