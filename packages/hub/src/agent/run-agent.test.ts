import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { signingKeyOf } from '../signing-key.ts';
import { signTask } from '../task-signing.ts';
import { runAgent, type AgentLogEntry } from './run-agent.ts';
import { MEMBERSHIP_FILE } from './node-membership.ts';

test('the agent runs what its pinned hub signed for it, and refuses forged and expired tasks without running them', async (t) => {
  const hub = await signingKeyOf(generateKeyPairSync('ed25519').privateKey);
  const forger = await signingKeyOf(generateKeyPairSync('ed25519').privateKey);
  const now = Date.now();
  const task = (id: string, createdAt = now) => ({ id, type: 'ping', payload: { id }, ttl: 60_000, retry: { maxTries: 1, backoffMs: 1 }, createdAt });
  const to = { hubId: 'urn:hub', nodeId: 'node-a' };
  const batches = [[
    await signTask(forger, task('forged'), to),
    await signTask(hub, task('expired', now - 120_000), to),
    await signTask(hub, task('other-node'), { ...to, nodeId: 'node-b' }),
    await signTask(hub, task('good'), to),
  ]];
  const posted: { path: string; body: unknown }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/hub/api/agent/token') return res.end(JSON.stringify({ accessToken: 'opaque', expiresAt: Date.now() + 600_000 }));
      if (req.url?.startsWith('/hub/api/agent/tasks?')) return setTimeout(() => res.end(JSON.stringify({ tasks: batches.shift() ?? [] })), 20);
      posted.push({ path: req.url!, body: JSON.parse(body) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-agent-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(join(dir, MEMBERSHIP_FILE), JSON.stringify({ hubUrl: url, hubId: 'urn:hub', hubPublicKey: hub.publicJwk, nodeId: 'node-a', name: 'A' }));

  const ran: unknown[] = [];
  const log: AgentLogEntry[] = [];
  const stop = new AbortController();
  const done = runAgent({ dataDir: dir, signal: stop.signal, log: (e) => log.push(e), pollSeconds: 1, handler: async (tk) => { ran.push(tk.payload); return { pong: true }; } });
  while (posted.length === 0) await new Promise((r) => setTimeout(r, 20));
  stop.abort();
  await done;
  assert.deepEqual(ran, [{ id: 'good' }]);
  assert.deepEqual(posted, [{ path: '/hub/api/agent/tasks/good/result', body: { status: 'succeeded', body: { pong: true } } }]);
  assert.equal(log.filter((e) => e.event === 'task-refused').length, 3);
  assert.deepEqual(log.filter((e) => e.event === 'task-refused').map((e) => (e as { code: string }).code), ['HUB_TASK_INVALID', 'HUB_TASK_INVALID', 'HUB_TASK_INVALID']);
});
