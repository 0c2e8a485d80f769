/**
 * Federated jobs over the hub's HTTP API (fastify inject, SQLite): the tools list, a job sent to two nodes'
 * permits and followed until one released and the other refused, the combined result as JSON and as a CSV
 * download, permit refusals at submission, roles, and one researcher not seeing another's job. The nodes are
 * fake agents answering the real broker's tasks.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { signPermit, type PermitAction } from '@oncoatlas/access';
import { Hub, loadOrCreateSigningKey, signAssertion, type SigningKey } from '@oncoatlas/hub';
import { createTokenVerifier, LOCAL_ISSUER, mintLocalToken } from '../auth/token-verifier.ts';
import { buildHubServer } from './build-hub-server.ts';

const localKey = new TextEncoder().encode('the local key of the federated jobs test hub');
const DAY = 86_400_000;
const RITA = 'rita';
type Json = any;

test('federated jobs over HTTP: tools, submission under permits, per-node status, combined result, refusals', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-job-routes-'));
  const hub = await Hub.open({ dataDir: dir });
  const app = await buildHubServer({ hub, verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test', jobPollMs: 30 });
  const stop = new AbortController();
  const loops: Promise<void>[] = [];
  t.after(async () => { await app.close(); stop.abort(); await Promise.all(loops); await hub.close(); rmSync(dir, { recursive: true, force: true }); });
  const token = (subject: string, role: 'researcher' | 'steward') => mintLocalToken(localKey, { subject, roles: [role], hours: 1 });
  const [rita, otto, steward] = [await token(RITA, 'researcher'), await token('otto', 'researcher'), await token('sam', 'steward')];
  const call = async (who: string, method: 'GET' | 'POST', url: string, body?: unknown) => {
    const r = await app.inject({ method, url: `/hub/api${url}`, headers: { authorization: `Bearer ${who}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
    return { status: r.statusCode, json: (String(r.headers['content-type']).includes('json') ? JSON.parse(r.body) : undefined) as Json, headers: r.headers, body: r.body };
  };
  // The hub names people `subject @ issuer`, as the permit does.
  const researcher = `${RITA} @ ${LOCAL_ISSUER}`;

  const nodes: { id: string; key: SigningKey; release: boolean }[] = [];
  for (const [name, release] of [['A', true], ['B', false]] as const) {
    const key = await loadOrCreateSigningKey(join(dir, `node-${name}.key`));
    const joined = await hub.join({ publicKey: key.publicJwk, proof: await signAssertion(key, { audience: hub.identity().hubId, purpose: 'join', name: `Hospital ${name}` }) });
    await hub.approve(joined.id, 'op');
    nodes.push({ id: joined.id, key, release });
  }
  const csv = 'segment,n,mean_ml\nliver,12,1500.5\n';
  for (const n of nodes) {
    loops.push((async () => {
      while (!stop.signal.aborted) {
        for (const jws of await hub.broker.takeTasks(n.id, 100, stop.signal).catch(() => [])) {
          const task = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).task as { id: string; type: string };
          const sha256 = createHash('sha256').update(csv).digest('hex');
          const body = task.type === 'job-submit' ? { job: 'nj-1', state: 'queued' }
            : task.type === 'job-status' ? (n.release ? { state: 'released', reason: null, outputs: [{ path: 'seg-volumes.csv', bytes: csv.length, sha256, released: true }] } : { state: 'refused', reason: 'Refused at review.', outputs: [] })
              : { files: [{ path: 'seg-volumes.csv', sha256, base64: Buffer.from(csv).toString('base64') }] };
          await hub.broker.reply(n.id, task.id, { status: 'succeeded', body }).catch(() => undefined);
        }
      }
    })());
  }
  const grant = async (node: typeof nodes[0], actions: PermitAction[]): Promise<string> => {
    const now = Date.now();
    const id = randomUUID();
    const jwt = await signPermit(node.key.privateKey, {
      id, node: node.id, researcher, dataset: { uuid: randomUUID(), id: 'ct', version: 1 }, purpose: 'Testing', actions,
      issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + DAY).toISOString(), request: `q-${id}`, resource: `r-${id}`, grantedBy: 'holder',
    });
    await hub.store.db.insertInto('hub_requests').values({ id: `q-${id}`, title: 'T', state: 'IN_PROGRESS', creator: researcher, creator_email: null, form: '{}', query: null, created_at: now, updated_at: now, last_activity_at: now, reminded_at: null }).execute();
    await hub.store.db.insertInto('hub_request_resources').values({ id: `r-${id}`, request_id: `q-${id}`, node_id: node.id, dataset_uuid: 'u', name: `CT at ${node.id.slice(0, 6)}`, state: 'RESOURCE_MADE_AVAILABLE', conditions: null, permit_id: id, permit_jwt: jwt, permit_status: 'active', updated_at: now }).execute();
    return id;
  };
  const [a, b] = nodes as [typeof nodes[0], typeof nodes[0]];

  const tools = (await call(rita, 'GET', '/jobs/tools')).json.tools as Json[];
  assert.deepEqual(tools.map((x) => x.name), ['series-stats', 'seg-volume']);
  assert.ok(tools.every((x) => /^[0-9a-f]{64}$/.test(x.sha256) && typeof x.usage === 'string'));
  assert.equal((await call(steward, 'POST', '/jobs', { tool: 'seg-volume', permits: ['x'] })).status, 403, 'researchers only');
  assert.equal((await call(rita, 'POST', '/jobs', { tool: 'seg-volume', permits: [] })).status, 400);
  const downloadOnly = await call(rita, 'POST', '/jobs', { tool: 'seg-volume', permits: [await grant(a, ['download'])] });
  assert.deepEqual([downloadOnly.status, downloadOnly.json.code], [403, 'PERMIT_NOT_APPLICABLE']);
  assert.equal((await call(otto, 'POST', '/jobs', { tool: 'seg-volume', permits: [await grant(a, ['federated-job'])] })).json.code, 'ACCESS_NOT_FOUND', 'not another researcher\'s permit');

  const created = await call(rita, 'POST', '/jobs', { tool: 'seg-volume', args: ['--label', 'liver'], permits: [await grant(a, ['federated-job']), await grant(b, ['in-situ', 'federated-job'])] });
  assert.equal(created.status, 201, created.body);
  const id = created.json.job.id as string;
  let v: Json;
  for (let i = 0; i < 200; i++) {
    v = (await call(rita, 'GET', `/jobs/${id}`)).json;
    if (v.job.status === 'finished') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.deepEqual(v.targets.map((x: Json) => [x.nodeName, x.state, x.reason]).sort(), [['Hospital A', 'released', null], ['Hospital B', 'refused', 'Refused at review.']]);
  assert.equal(v.resultReady, true);
  assert.deepEqual((await call(rita, 'GET', '/jobs')).json.jobs.map((j: Json) => [j.id, j.tool, j.args]), [[id, 'seg-volume', ['--label', 'liver']]]);

  const result = (await call(rita, 'GET', `/jobs/${id}/result`)).json;
  assert.deepEqual(result.files, [{ name: 'seg-volumes.csv', contentType: 'text/csv; charset=utf-8', text: 'node,segment,n,mean_ml\nHospital A,liver,12,1500.5\n' }]);
  const file = await call(rita, 'GET', `/jobs/${id}/result/seg-volumes.csv`);
  assert.equal(file.status, 200);
  assert.equal(file.body, result.files[0].text);
  assert.match(String(file.headers['content-disposition']), /attachment; filename="seg-volumes.csv"/);
  assert.equal((await call(rita, 'GET', `/jobs/${id}/result/other.csv`)).json.code, 'HUB_JOB_NOT_FOUND');
  for (const url of [`/jobs/${id}`, `/jobs/${id}/result`]) assert.equal((await call(otto, 'GET', url)).status, 404, `${url}: another researcher's job is not found`);
  assert.deepEqual((await call(otto, 'GET', '/jobs')).json.jobs, []);
});
