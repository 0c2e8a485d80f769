/**
 * The node's side of federated jobs on the shared fixture (a released dataset of the synthetic hospital): a real
 * hub sends job-submit, job-status and job-result through its broker, a loop answers them as the node's agent
 * does, the node's runner runs series-stats in the sandbox and its steward releases the outputs; the hub ends up
 * with exactly the released files. Around it: the node's own permit checks (another researcher, an action not
 * allowed, a revoked permit), a retried submission, a node-submitted job the hub cannot see, and what a failure
 * says to the hub.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { FederatedJobs, Hub, JOB_STATUS_TASK, JOB_SUBMIT_TASK, signAssertion, type HubJobView } from '@oncoatlas/hub';
import { JobRunner, reviewJob, submitJob, type JobView } from '@oncoatlas/jobs';
import { jobContext, nodePermitKey } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { requireTool } from '@oncoatlas/testkit';
import { permittedDataset, RESEARCHER } from '../../../test/support/permitted-dataset.ts';
import { answerJobTask, reasonForHub } from './job-task-handler.ts';

const rejectsWith = (code: string) => (e: unknown) => isOncoAtlasError(e, code as never);

test('a federated job: the node checks its permit, runs, its steward releases, and only released files reach the hub', async (t) => {
  if (!requireTool(t, 'bwrap')) return;
  const d = await permittedDataset();
  const store = await openStore({ dataDir: d.dataDir });
  const hubDir = mkdtempSync(join(tmpdir(), 'oncoatlas-job-tasks-hub-'));
  const hub = await Hub.open({ dataDir: hubDir });
  const jobs = new FederatedJobs({ store: hub.store, broker: hub.broker, pollMs: 50 });
  const stopPolling = jobs.start();
  const stopAgent = new AbortController();
  let agent: Promise<void> = Promise.resolve();
  t.after(async () => { stopPolling(); stopAgent.abort(); await agent; await hub.close(); await store.close(); rmSync(hubDir, { recursive: true, force: true }); });
  const c = jobContext({ ledger: new StudyLedger(store.db), dataDir: d.dataDir, version: 'test' });

  // The node's own checks, before anything runs.
  const { permit } = await d.permit({ actions: ['federated-job'] });
  const submit = (p: string, researcher = RESEARCHER, hubJob = 'hub-checks') => answerJobTask(c, { type: JOB_SUBMIT_TASK, payload: { hubJob, permit: p, tool: 'series-stats', args: [], researcher } });
  await assert.rejects(submit(permit, 'mallory @ https://login.example'), rejectsWith('PERMIT_NOT_APPLICABLE'), 'the hub\'s researcher must be the permit\'s');
  await assert.rejects(submit((await d.permit({ actions: ['in-situ', 'download'] })).permit), rejectsWith('PERMIT_NOT_APPLICABLE'), 'in-situ is not federated-job');
  const revoked = await d.permit({ actions: ['federated-job'] });
  await d.revoke(revoked.claims.id);
  await assert.rejects(submit(revoked.permit), rejectsWith('PERMIT_REVOKED'));
  const local = await submitJob(c, { permit: (await d.permit({ actions: ['in-situ'] })).permit, tool: 'series-stats', submittedBy: RESEARCHER });
  await assert.rejects(answerJobTask(c, { type: JOB_STATUS_TASK, payload: { job: local.id } }), rejectsWith('JOB_NOT_FOUND'), 'a job submitted at the node is not the hub\'s');
  const first = await submit(permit, RESEARCHER, 'hub-retry');
  assert.deepEqual(await submit(permit, RESEARCHER, 'hub-retry'), first, 'a submission delivered twice makes one job');

  // The hub, with the node as a member and the permit it holds for the researcher.
  const { key } = await nodePermitKey(d.dataDir);
  const node = await hub.join({ publicKey: key.publicJwk, proof: await signAssertion(key, { audience: hub.identity().hubId, purpose: 'join', name: 'Permitted hospital' }) });
  await hub.approve(node.id, 'op');
  const held = await d.permit({ actions: ['federated-job'] });
  const now = Date.now();
  await hub.store.db.insertInto('hub_requests').values({ id: 'req-1', title: 'T', state: 'IN_PROGRESS', creator: RESEARCHER, creator_email: null, form: '{}', query: null, created_at: now, updated_at: now, last_activity_at: now, reminded_at: null }).execute();
  await hub.store.db.insertInto('hub_request_resources').values({ id: 'res-1', request_id: 'req-1', node_id: node.id, dataset_uuid: d.uuid, name: 'Synthetic imaging', state: 'RESOURCE_MADE_AVAILABLE', conditions: null, permit_id: held.claims.id, permit_jwt: held.permit, permit_status: 'active', updated_at: now }).execute();
  agent = (async () => {
    while (!stopAgent.signal.aborted) {
      for (const jws of await hub.broker.takeTasks(node.id, 100, stopAgent.signal).catch(() => [])) {
        const task = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).task as { id: string; type: string; payload: unknown };
        const reply = await answerJobTask(c, task).then((body) => ({ status: 'succeeded' as const, body }), (e: { code?: string }) => ({ status: 'failed' as const, body: { code: e.code ?? 'INTERNAL' } }));
        await hub.broker.reply(node.id, task.id, reply).catch(() => undefined);
      }
    }
  })();

  const researcher = { actor: RESEARCHER, roles: ['researcher'] };
  const id = (await jobs.submit(researcher, { tool: 'series-stats', permits: [held.claims.id] })).job.id;
  const until = async (what: string, ok: (v: HubJobView) => boolean): Promise<HubJobView> => {
    for (let i = 0; i < 600; i++) {
      const v = await jobs.view(researcher, id);
      if (ok(v)) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`never: ${what}`);
  };
  const queued = (await until('the node took the job', (v) => v.targets[0]!.nodeJob !== null)).targets[0]!;
  const ran = await new JobRunner(c).runNext();
  // The runner takes the oldest queued job: run until the hub's has run.
  let mine: JobView | undefined = ran;
  while (mine && mine.id !== queued.nodeJob) mine = await new JobRunner(c).runNext();
  assert.equal(mine?.state, 'awaiting-review', mine?.reason ?? '');
  let v = await until('awaiting review at the node', (x) => x.targets[0]!.state === 'awaiting-review');
  assert.equal(v.targets[0]!.outputs.length, 0, 'nothing of an unreviewed job is listed at the hub');
  await assert.rejects(answerJobTask(c, { type: 'job-result', payload: { job: queued.nodeJob } }), rejectsWith('JOB_STATE'));

  const reviewed = await reviewJob(c, queued.nodeJob!, { decision: 'release', by: 'steward', note: 'aggregates' });
  v = await until('released and fetched', (x) => x.targets[0]!.resultFetched);
  const released = reviewed.outputs.filter((o) => o.released);
  assert.ok(released.some((o) => o.path === 'series-stats.csv'));
  assert.deepEqual(v.targets[0]!.outputs.map((o) => [o.path, o.sha256]).sort(), released.map((o) => [o.path, o.sha256]).sort());
  const combined = await jobs.result(researcher, id);
  const csv = combined.files.find((f) => f.name === 'series-stats.csv')?.text ?? '';
  assert.ok(csv.startsWith('node,'), 'the table carries the node column');
  assert.ok(csv.split('\n').slice(1).filter(Boolean).every((l) => l.startsWith('Permitted hospital,')));
  for (const o of released) {
    const file = combined.files.find((f) => f.name === o.path)!;
    const bytes = file.text !== undefined && file.node !== undefined ? Buffer.from(file.text) : file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : undefined;
    if (bytes) assert.equal(createHash('sha256').update(bytes).digest('hex'), o.sha256, `${o.path} arrives as released`);
  }
});

test('a failed tool\'s own message stays at the node; a refusal says so', () => {
  const base = { state: 'failed', reason: 'the tool exited with code 2: Error: patient PSEUDO-123 has no CT', review: null } as unknown as JobView;
  assert.equal(reasonForHub(base), 'the tool exited with code 2 (its messages stay in the job\'s log at the node)');
  assert.equal(reasonForHub({ ...base, reason: 'ran past its time limit of 900 s' }), 'ran past its time limit of 900 s');
  assert.equal(reasonForHub({ ...base, state: 'refused', reason: null, review: { by: 's', at: 'x', note: 'Too fine-grained.' } }), 'Refused at the node\'s review: Too fine-grained.');
});
