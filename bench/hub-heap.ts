/**
 * Is the hub's memory growth in the soak (BENCHMARKS.md, federation) a leak? RSS alone cannot say: V8 and the
 * allocator keep what they once took. This drives the hub's broker in-process (5 approved nodes, every dispatch
 * taken and answered by each, 4,000 queries) and prints the heap in use after a full GC every 500 queries: a leak
 * grows it, headroom does not. The HTTP layer is not in it (its per-request state is the long poll's abort).
 *
 *   node --expose-gc bench/hub-heap.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hub, loadOrCreateSigningKey, signAssertion } from '@oncoatlas/hub';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with node --expose-gc bench/hub-heap.ts');
const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-heap-'));
const hub = await Hub.open({ dataDir: join(dir, 'hub'), budget: { total: 1e9 } });
const nodes: string[] = [];
for (let i = 0; i < 5; i++) {
  const key = await loadOrCreateSigningKey(join(dir, `node-${i}.key`));
  const node = await hub.join({ publicKey: key.publicJwk, proof: await signAssertion(key, { audience: hub.identity().hubId, purpose: 'join', name: `node ${i}` }) });
  await hub.approve(node.id, 'bench');
  nodes.push(node.id);
}
const taskIdOf = (jws: string): string => (JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as { task: { id: string } }).task.id;
const mib = (n: number): string => (n / 2 ** 20).toFixed(1);
for (let round = 1; round <= 8; round++) {
  for (let q = 0; q < 500; q++) {
    const d = await hub.broker.dispatch({ type: 'count', payload: { epsilon: 0.001 }, deadlineMs: 5000, requester: `researcher-${q % 7}` });
    for (const n of nodes) {
      for (const jws of await hub.broker.takeTasks(n, 0)) await hub.broker.reply(n, taskIdOf(jws), { status: 'succeeded', body: { total: { subjects_count: 10 }, padding: 'x'.repeat(2000) } });
    }
    await d.outcome();
  }
  gc();
  gc();
  const m = process.memoryUsage();
  process.stdout.write(`after ${round * 500} queries: heap used ${mib(m.heapUsed)} MiB, RSS ${mib(m.rss)} MiB\n`);
}
await hub.close();
rmSync(dir, { recursive: true, force: true });
