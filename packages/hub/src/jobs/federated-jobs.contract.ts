/**
 * What federated jobs need of the hub's database on every engine (SQLite: federated-jobs.test.ts; PostgreSQL:
 * federated-jobs.int.test.ts): a job over two nodes' permits followed through fake agents answering the real
 * broker (queued, running, awaiting review, released at one, refused at the other), the released files
 * fetched once and combined, the permit checks at submission, who sees what, and the hub's audit entries.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { signPermit, type PermitAction } from '@oncoatlas/access';
import { isOncoAtlasError } from '@oncoatlas/core';
import { signAssertion } from '../credentials.ts';
import { Hub } from '../hub.ts';
import { loadOrCreateSigningKey, type SigningKey } from '../signing-key.ts';
import { FederatedJobs } from './federated-jobs.ts';
import type { HubJobView } from './job-views.ts';

const DAY = 86_400_000;
const RITA = { actor: 'rita @ urn:test', roles: ['researcher'] };
const rejectsWith = (code: string) => (e: unknown) => isOncoAtlasError(e, code as never);
type NodeJob = { state: string; reason: string | null; files: { path: string; text: string }[] };

export function federatedJobsContract(engine: string, database: () => string | undefined): void {
  test(`federated jobs on ${engine}: two nodes, per-node status, released files combined, permit checks, audit`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-jobs-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const db = database();
    const hub = await Hub.open({ dataDir: dir, ...(db ? { database: db } : {}) });
    const jobs = new FederatedJobs({ store: hub.store, broker: hub.broker, pollMs: 40 });
    const stopPolling = jobs.start();
    const stopNodes = new AbortController();
    const loops: Promise<void>[] = [];
    t.after(async () => { stopPolling(); stopNodes.abort(); await Promise.all(loops); await hub.close(); });

    const nodes: { id: string; key: SigningKey; jobs: Map<string, NodeJob>; asked: string[] }[] = [];
    for (const name of ['A', 'B']) {
      const key = await loadOrCreateSigningKey(join(dir, `node-${name}.key`));
      const joined = await hub.join({ publicKey: key.publicJwk, proof: await signAssertion(key, { audience: hub.identity().hubId, purpose: 'join', name: `Hospital ${name}` }) });
      await hub.approve(joined.id, 'op');
      nodes.push({ id: joined.id, key, jobs: new Map(), asked: [] });
    }
    // Each node's agent: takes the job, reports the state the test sets, sends released files only.
    for (const n of nodes) {
      loops.push((async () => {
        while (!stopNodes.signal.aborted) {
          const tasks = await hub.broker.takeTasks(n.id, 100, stopNodes.signal).catch(() => []);
          for (const jws of tasks) {
            const task = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).task as { id: string; type: string; payload: any };
            n.asked.push(task.type);
            const job = n.jobs.get(task.payload.job ?? '');
            let reply: { status: 'succeeded' | 'failed'; body: unknown };
            if (task.type === 'job-submit' && task.payload.tool === 'seg-volume') reply = { status: 'failed', body: { code: 'PERMIT_REVOKED' } };
            else if (task.type === 'job-submit') {
              const id = `job-${n.jobs.size + 1}`;
              n.jobs.set(id, { state: 'queued', reason: null, files: [] });
              assert.equal(task.payload.researcher, RITA.actor);
              assert.ok(typeof task.payload.permit === 'string' && task.payload.permit.split('.').length === 3, 'the permit JWT travels to its node');
              reply = { status: 'succeeded', body: { job: id, state: 'queued' } };
            } else if (!job) reply = { status: 'failed', body: { code: 'JOB_NOT_FOUND' } };
            else if (task.type === 'job-status') {
              const released = job.state === 'released' ? job.files : [];
              reply = { status: 'succeeded', body: { state: job.state, reason: job.reason, outputs: released.map((f) => ({ path: f.path, bytes: f.text.length, sha256: sha(f.text), released: true })) } };
            } else reply = { status: 'succeeded', body: { files: job.files.map((f) => ({ path: f.path, sha256: sha(f.text), base64: Buffer.from(f.text).toString('base64') })) } };
            await hub.broker.reply(n.id, task.id, reply).catch(() => undefined);
          }
        }
      })());
    }
    const [a, b] = nodes as [typeof nodes[0], typeof nodes[0]];
    const permitA = await grant(hub, a, RITA.actor, ['in-situ', 'federated-job'], 'Lung CT A');
    const permitB = await grant(hub, b, RITA.actor, ['federated-job'], 'Lung CT B');

    // Permit checks at the hub: the caller's own, active, unexpired, allowing federated-job.
    const other = { actor: 'otto @ urn:test', roles: ['researcher'] };
    await assert.rejects(jobs.submit(other, { tool: 'series-stats', permits: [permitA] }), rejectsWith('ACCESS_NOT_FOUND'));
    await assert.rejects(jobs.submit(RITA, { tool: 'series-stats', permits: [await grant(hub, a, RITA.actor, ['download'], 'X')] }), rejectsWith('PERMIT_NOT_APPLICABLE'));
    await assert.rejects(jobs.submit(RITA, { tool: 'series-stats', permits: [await grant(hub, a, RITA.actor, ['federated-job'], 'X', 'revoked')] }), rejectsWith('PERMIT_REVOKED'));
    await assert.rejects(jobs.submit(RITA, { tool: 'series-stats', permits: [await grant(hub, a, RITA.actor, ['federated-job'], 'X', 'active', -DAY)] }), rejectsWith('PERMIT_EXPIRED'));
    await assert.rejects(jobs.submit(RITA, { tool: 'rm -rf /', permits: [permitA] }), rejectsWith('USAGE'));
    await assert.rejects(jobs.submit(RITA, { tool: 'series-stats', permits: [] }), rejectsWith('USAGE'));

    const submitted = await jobs.submit(RITA, { tool: 'series-stats', args: ['--modality', 'CT'], permits: [permitA, permitB] });
    assert.deepEqual(submitted.targets.map((x) => x.state), ['submitting', 'submitting']);
    const id = submitted.job.id;
    const until = async (what: string, ok: (v: HubJobView) => boolean, job = id): Promise<HubJobView> => {
      for (let i = 0; i < 300; i++) {
        const v = await jobs.view(RITA, job);
        if (ok(v)) return v;
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.fail(`the job never reached: ${what}`);
    };
    const at = (v: HubJobView, n: { id: string }) => v.targets.find((x) => x.node === n.id)!;
    let v = await until('queued at both nodes', (x) => x.targets.every((y) => y.state === 'queued'));
    assert.deepEqual(v.targets.map((x) => x.nodeName).sort(), ['Hospital A', 'Hospital B']);
    assert.equal(v.job.status, 'active');

    a.jobs.get('job-1')!.state = 'running';
    b.jobs.get('job-1')!.state = 'awaiting-review';
    v = await until('running at A, awaiting review at B', (x) => at(x, a).state === 'running' && at(x, b).state === 'awaiting-review');
    assert.equal(v.resultReady, false);
    await assert.rejects(jobs.result(RITA, id), rejectsWith('JOB_STATE'));

    Object.assign(a.jobs.get('job-1')!, { state: 'released', files: [{ path: 'series-stats.csv', text: 'series,modality,n\n1,CT,40\n2,SEG,1\n' }, { path: 'summary.json', text: '{"CT":1}' }] });
    Object.assign(b.jobs.get('job-1')!, { state: 'refused', reason: 'The reviewer refused: too detailed.' });
    v = await until('released at A (result fetched), refused at B', (x) => at(x, a).resultFetched && at(x, b).state === 'refused');
    assert.equal(v.job.status, 'finished');
    assert.equal(at(v, b).reason, 'The reviewer refused: too detailed.');
    assert.deepEqual(at(v, a).outputs.map((o) => o.path), ['series-stats.csv', 'summary.json']);
    const combined = await jobs.result(RITA, id);
    assert.deepEqual(combined.files.map((f) => [f.name, f.node ?? null]), [['series-stats.csv', null], ['summary.json', 'Hospital A']]);
    assert.equal(combined.files[0]!.text, 'node,series,modality,n\nHospital A,1,CT,40\nHospital A,2,SEG,1\n');
    const csv = await jobs.resultFile(RITA, id, 'series-stats.csv');
    assert.match(csv.file.contentType, /^text\/csv/);
    await assert.rejects(jobs.resultFile(RITA, id, 'nothing.csv'), rejectsWith('HUB_JOB_NOT_FOUND'));
    await assert.rejects(jobs.view(other, id), rejectsWith('HUB_JOB_NOT_FOUND'), 'another researcher does not see the job');
    assert.deepEqual((await jobs.list(other)).jobs, []);
    assert.deepEqual((await jobs.list(RITA)).jobs.map((j) => [j.id, j.states]), [[id, { released: 1, refused: 1 }]]);

    // A final part is asked nothing more; the result was fetched once.
    const asked = a.asked.length;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(a.asked.length, asked);
    assert.equal(a.asked.filter((x) => x === 'job-result').length, 1);
    assert.equal(b.asked.includes('job-result'), false, 'nothing is fetched from a refused job');

    // A node that refuses the submission (its own permit check): that part fails with the reason.
    const second = await jobs.submit(RITA, { tool: 'seg-volume', permits: [await grant(hub, b, RITA.actor, ['federated-job'], 'Lung CT B2')] });
    const failed = (await until('the refused submission settled', (x) => x.job.status === 'finished', second.job.id)).targets[0]!;
    assert.deepEqual([failed.state, failed.code, failed.reason], ['failed', 'PERMIT_REVOKED', 'The node refused the job: the permit was revoked.']);

    const events = await auditTypes(hub);
    for (const e of ['JOB_SUBMITTED', 'QUERY_DISPATCHED', 'RESULT_RECEIVED', 'JOB_RESULT_FETCHED', 'JOB_RESULT_READ']) assert.ok(events.includes(e), e);
    assert.equal(events.filter((e) => e === 'JOB_RESULT_FETCHED').length, 1);
  });
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A granted resource of an access request holding a permit the node signed, as the access flow leaves it. */
async function grant(hub: Hub, node: { id: string; key: SigningKey }, researcher: string, actions: PermitAction[], name: string, status: 'active' | 'revoked' = 'active', validMs = 30 * DAY): Promise<string> {
  const now = Date.now();
  const id = crypto.randomUUID();
  const dataset = crypto.randomUUID();
  const jwt = await signPermit(node.key.privateKey, {
    id, node: node.id, researcher, dataset: { uuid: dataset, id: 'lung', version: 1 }, purpose: 'Testing federated jobs', actions,
    issuedAt: new Date(now - 2 * DAY).toISOString(), expiresAt: new Date(now + validMs).toISOString(), request: `req-${id}`, resource: `res-${id}`, grantedBy: 'holder @ urn:test',
  });
  await hub.store.db.insertInto('hub_requests').values({ id: `req-${id}`, title: name, state: 'IN_PROGRESS', creator: researcher, creator_email: null, form: '{}', query: null, created_at: now, updated_at: now, last_activity_at: now, reminded_at: null }).execute();
  await hub.store.db.insertInto('hub_request_resources').values({
    id: `res-${id}`, request_id: `req-${id}`, node_id: node.id, dataset_uuid: dataset, name, state: 'RESOURCE_MADE_AVAILABLE', conditions: null, permit_id: id, permit_jwt: jwt, permit_status: status, updated_at: now,
  }).execute();
  return id;
}

async function auditTypes(hub: Hub): Promise<string[]> {
  const size = (await hub.store.auditHead()).size;
  return (await hub.store.readAudit(0, size)).map((e) => (JSON.parse(e.event) as { event: { type: string } }).event.type);
}
