/**
 * Jobs over the node's HTTP API (fastify inject, the permitted-dataset fixture, the server's own runner in
 * bubblewrap): submission under in-situ permits and its refusals, who sees which job, the steward's live log,
 * outputs served for review and, once released, to the researcher who submitted them; blocked outputs never.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { addTool, sandboxAvailable } from '@oncoatlas/jobs';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { permittedDataset, RESEARCHER } from '../../../../test/support/permitted-dataset.ts';
import { createTokenVerifier, mintLocalToken } from '../auth/token-verifier.ts';
import { buildServer } from '../build-server.ts';
import type { Role } from '../auth/roles.ts';

type Json = any;
const localKey = new TextEncoder().encode('the local key of the job routes test node, long enough');

function requireSandbox(t: TestContext): boolean {
  const s = sandboxAvailable();
  if (s.ok) return true;
  if (process.env.CI === 'true') throw new Error(`The job sandbox is unavailable: ${s.why}`);
  t.skip(`the job sandbox is unavailable: ${s.why} (bash .ci/run installs bubblewrap)`);
  return false;
}

/** A tool of the allow-list that copies one image of the dataset to its outputs: what the checks must block. */
function addCopyTool(dataDir: string): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-copy-tool-'));
  writeFileSync(join(dir, 'copy.mjs'), [
    "import { copyFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';",
    "const first = (d) => { for (const n of readdirSync(d).sort()) { const p = `${d}/${n}`; if (statSync(p).isDirectory()) { const f = first(p); if (f) return f; } else if (n.endsWith('.dcm')) return p; } };",
    "copyFileSync(first('/data/files'), '/output/image.dcm');",
    "writeFileSync('/output/summary.csv', 'modality,n\\nCT,40\\n');",
    "console.log('copied one image');",
  ].join('\n'));
  return addTool(dataDir, { name: 'copy-one', version: '1.0.0', description: 'Copies one image (a test of the disclosure checks)', dir, entry: 'copy.mjs', runtime: 'node' })
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('jobs over HTTP: submit under a permit, see one\'s own, follow, review, download released outputs only', async (t) => {
  if (!requireSandbox(t)) return;
  const fixture = await permittedDataset();
  await addCopyTool(fixture.dataDir);
  const store = await openStore({ dataDir: fixture.dataDir });
  const app = await buildServer({
    ledger: new StudyLedger(store.db), verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test', dataDir: fixture.dataDir, jobs: { runner: true },
  });
  t.after(async () => { await app.close(); await store.close(); });
  const token = (subject: string, role: Role) => mintLocalToken(localKey, { subject, roles: [role], hours: 1 });
  const [alice, bob, steward] = await Promise.all([token('alice', 'researcher'), token('bob', 'researcher'), token('sam', 'steward')]);
  const call = async (who: string, method: 'GET' | 'POST', url: string, body?: unknown) => {
    const r = await app.inject({ method, url: `/api${url}`, headers: { authorization: `Bearer ${who}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
    return { status: r.statusCode, headers: r.headers, body: r.body, json: (String(r.headers['content-type']).includes('json') ? JSON.parse(r.body) : undefined) as Json };
  };
  const settled = async (id: string): Promise<Json> => {
    for (const until = Date.now() + 90_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
      const job = (await call(steward, 'GET', `/jobs/${id}`)).json;
      if (job.state !== 'queued' && job.state !== 'running') return job;
    }
    assert.fail('the job did not end within 90 s');
  };

  const tools = await call(alice, 'GET', '/tools');
  assert.equal(tools.status, 200);
  assert.ok(['series-stats', 'seg-volume', 'copy-one'].every((n) => tools.json.tools.some((x: Json) => x.name === n)), 'built-in and added tools are listed');

  // Refusals: each with its code, before anything is queued.
  const downloadOnly = await fixture.permit({ actions: ['download'] });
  const revoked = await fixture.permit();
  await fixture.revoke(revoked.claims.id);
  const { permit } = await fixture.permit();
  for (const [body, status, code] of [
    [{ permit: downloadOnly.permit, tool: 'series-stats' }, 403, 'PERMIT_NOT_APPLICABLE'],
    [{ permit: revoked.permit, tool: 'series-stats' }, 403, 'PERMIT_REVOKED'],
    [{ permit: 'not.a.permit', tool: 'series-stats' }, 403, 'PERMIT_INVALID'],
    [{ permit, tool: 'rm-rf' }, 403, 'JOB_TOOL_NOT_ALLOWED'],
    [{ permit, tool: 'series-stats', extra: 1 }, 400, 'USAGE'],
  ] as const) {
    const r = await call(alice, 'POST', '/jobs', body);
    assert.deepEqual([r.status, r.json.code], [status, code], JSON.stringify(r.json));
  }
  assert.equal((await call(alice, 'GET', '/jobs')).json.jobs.length, 0);

  const submitted = await call(alice, 'POST', '/jobs', { permit, tool: 'copy-one', args: [] });
  assert.equal(submitted.status, 201, JSON.stringify(submitted.json));
  const id: string = submitted.json.id;
  assert.equal(submitted.json.submittedBy, 'alice @ urn:oncoatlas:node');
  assert.equal(submitted.json.researcher, RESEARCHER, 'the permit names the researcher, whoever submits');

  // Who sees it: alice and the stewards; bob neither in his list nor by its id; the log is the stewards'.
  assert.deepEqual((await call(alice, 'GET', '/jobs')).json.jobs.map((j: Json) => j.id), [id]);
  assert.deepEqual((await call(bob, 'GET', '/jobs')).json.jobs, []);
  assert.ok((await call(steward, 'GET', '/jobs')).json.jobs.some((j: Json) => j.id === id));
  assert.deepEqual([(await call(bob, 'GET', `/jobs/${id}`)).json.code], ['JOB_NOT_FOUND']);
  assert.equal((await call(alice, 'GET', `/jobs/${id}/log`)).status, 403);

  const job = await settled(id);
  assert.equal(job.state, 'awaiting-review', job.reason);
  const log = await call(steward, 'GET', `/jobs/${id}/log?from=0`);
  assert.equal(log.status, 200);
  assert.match(log.json.text, /copied one image/);
  assert.equal(log.json.done, true);
  const tail = await call(steward, 'GET', `/jobs/${id}/log?from=${log.json.next}`);
  assert.deepEqual([tail.json.text, tail.json.done], ['', true]);

  // The image is blocked; the summary is served to the reviewer as text, not to alice before the release.
  const image = job.outputs.find((o: Json) => o.path === 'image.dcm');
  assert.ok(image?.blocked && image.flags.some((f: Json) => f.code === 'DICOM_FILE' && f.severity === 'block'), JSON.stringify(job.outputs));
  const review = await call(steward, 'GET', `/jobs/${id}/outputs/summary.csv`);
  assert.deepEqual([review.status, review.headers['content-type'], review.body], [200, 'text/plain; charset=utf-8', 'modality,n\nCT,40\n']);
  assert.equal((await call(steward, 'GET', `/jobs/${id}/outputs/image.dcm`)).json.code, 'JOB_OUTPUT_BLOCKED');
  assert.equal((await call(alice, 'GET', `/jobs/${id}/outputs/summary.csv`)).json.code, 'JOB_STATE');
  assert.equal((await call(steward, 'GET', `/jobs/${id}/outputs/..%2Fsecret`)).status, 404);

  // The review: stewards only, once, with a note.
  assert.equal((await call(alice, 'POST', `/jobs/${id}/review`, { decision: 'release', note: 'mine' })).status, 403);
  assert.equal((await call(steward, 'POST', `/jobs/${id}/review`, { decision: 'release', note: '' })).status, 400);
  const released = await call(steward, 'POST', `/jobs/${id}/review`, { decision: 'release', note: 'Counts per modality only; the image stays.' });
  assert.equal(released.status, 200, JSON.stringify(released.json));
  assert.equal(released.json.state, 'released');
  assert.deepEqual(released.json.review.note, 'Counts per modality only; the image stays.');
  assert.equal((await call(steward, 'POST', `/jobs/${id}/review`, { decision: 'refuse', note: 'again' })).json.code, 'JOB_STATE');

  const download = await call(alice, 'GET', `/jobs/${id}/outputs/summary.csv`);
  assert.deepEqual([download.status, download.headers['content-type'], download.headers['content-disposition'], download.body],
    [200, 'text/csv; charset=utf-8', 'attachment; filename="summary.csv"', 'modality,n\nCT,40\n']);
  assert.equal((await call(alice, 'GET', `/jobs/${id}/outputs/image.dcm`)).json.code, 'JOB_OUTPUT_BLOCKED');
  assert.equal((await call(bob, 'GET', `/jobs/${id}/outputs/summary.csv`)).json.code, 'JOB_NOT_FOUND');
  assert.deepEqual((await call(alice, 'GET', '/jobs?state=released')).json.jobs.map((j: Json) => j.id), [id]);
});
