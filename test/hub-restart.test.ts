/**
 * The hub as operators run it (`oncoatlas hub serve`, a child process): stopped and started again on the same
 * data directory and port, every running agent reconnects by itself and answers the next query; nobody
 * touches a node.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { joinHub, runAgent, type AgentLogEntry } from '@oncoatlas/hub';
import { freePort } from '@oncoatlas/testkit';

const CLI = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));

async function startHubProcess(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'hub', 'serve', '--data-dir', dataDir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const end = Date.now() + 30_000;
  while (!out.includes('Ctrl-C stops it')) {
    if (child.exitCode !== null || Date.now() > end) throw new Error(`oncoatlas hub serve did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

test('the hub restarted on the same data directory and port: every agent reconnects without a hand', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-restart-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const hubDir = join(root, 'hub');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let hub = await startHubProcess(hubDir, port);
  t.after(() => stop(hub));
  const cli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [CLI, ...args])).stdout.trim();

  const nodes = await Promise.all(['a', 'b'].map(async (n) => ({ label: n, dir: join(root, n), ...(await joinHub({ hubUrl: url, dataDir: join(root, n), name: n })) })));
  for (const n of nodes) assert.match(await cli('hub', 'nodes', 'approve', n.nodeId, '--data-dir', hubDir), /approved/);
  assert.match(await cli('hub', 'nodes', 'list', '--data-dir', hubDir), new RegExp(nodes[0]!.nodeId));
  const researcher = await cli('hub', 'token', 'new', '--data-dir', hubDir, '--role', 'researcher', '--subject', 'alice');

  const stopAgents = new AbortController();
  const logs = nodes.map(() => [] as AgentLogEntry[]);
  const agents = nodes.map((n, i) => runAgent({
    dataDir: n.dir, signal: stopAgents.signal, pollSeconds: 2, backoff: { minMs: 100, maxMs: 500 },
    log: (e) => logs[i]!.push(e), handler: async (task) => ({ from: n.label, asked: task.payload }),
  }));
  t.after(async () => { stopAgents.abort(); await Promise.all(agents); });

  const ask = async (n: number) => {
    const post = await fetch(`${url}/hub/api/queries`, { method: 'POST', headers: { authorization: `Bearer ${researcher}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'echo', payload: { n }, deadlineMs: 8000 }) });
    assert.equal(post.status, 202);
    const { id } = await post.json() as { id: string };
    return (await fetch(`${url}/hub/api/queries/${id}?wait=15`, { headers: { authorization: `Bearer ${researcher}` } })).json() as Promise<{ status: string; results: { node: string; body: unknown }[] }>;
  };
  const before = await ask(1);
  assert.equal(before.status, 'complete');

  await stop(hub);
  const connected = (i: number) => logs[i]!.filter((e) => e.event === 'state' && e.state === 'connected').length;
  const wait = async (ok: () => boolean) => { const end = Date.now() + 20_000; while (!ok()) { assert.ok(Date.now() < end, 'timed out'); await new Promise((r) => setTimeout(r, 50)); } };
  await wait(() => logs.every((l) => l.some((e) => e.event === 'state' && e.state === 'disconnected')));
  hub = await startHubProcess(hubDir, port);
  await wait(() => nodes.every((_, i) => connected(i) >= 2));
  const after = await ask(2);
  assert.equal(after.status, 'complete');
  assert.deepEqual(after.results.map((r) => r.body).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))), [{ from: 'a', asked: { n: 2 } }, { from: 'b', asked: { n: 2 } }]);
});
