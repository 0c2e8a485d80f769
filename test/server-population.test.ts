/**
 * Population runs over the API, as the UI's dashboard drives them: a steward starts a run of the server's
 * configured source, watches its stages, and reads the funnel and the inventory it made; one run at a time;
 * a researcher may do none of it; the run records who started it; nothing returned names a patient.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCohortConfig, tesseractAvailable } from '@oncoatlas/pipeline';
import type { AuditEnvelope } from '@oncoatlas/audit';
import { buildServer, createTokenVerifier, LOCAL_ISSUER, mintLocalToken, type PopulationRun } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { generateHospital } from '@oncoatlas/synth';

interface Population {
  configured: boolean;
  source: string | null;
  current: PopulationRun | null;
  runs: { id: number; command: string; status: string }[];
}

test('a steward starts a population run, watches it finish, and reads its funnel and inventory', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-server-population-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hospital = join(dir, 'h');
  const truth = generateHospital({ out: hospital, studies: 60, seed: 'server-population', pixels: 'text' });
  const data = join(dir, 'data');
  mkdirSync(data);
  const store = await openStore({ dataDir: data });
  t.after(() => store.close());
  const localKey = new TextEncoder().encode('the local key of this test node, long enough');
  const app = await buildServer({
    ledger: new StudyLedger(store.db), verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test',
    population: {
      dataDir: data, source: join(hospital, 'pacs'), cohort: parseCohortConfig(JSON.parse(readFileSync(join(hospital, 'cohort.json'), 'utf8'))), cohortDir: hospital,
      settings: { profile: 'basic', options: [], secret: randomBytes(32), allowBurnedIn: false, recordMappings: false }, jobs: 2, sourceLabel: 'folder export',
    },
  });
  t.after(() => app.close());
  const as = async (role: 'steward' | 'researcher'): Promise<Record<string, string>> => ({ authorization: `Bearer ${await mintLocalToken(localKey, { subject: `a-${role}`, roles: [role], hours: 1 })}` });
  const steward = await as('steward');
  const get = async (url: string, headers = steward) => app.inject({ method: 'GET', url, headers });
  const seen: string[] = [];
  const body = <T>(res: { body: string; json(): unknown }): T => {
    seen.push(res.body);
    return res.json() as T;
  };

  const researcher = await as('researcher');
  assert.equal((await get('/api/population', researcher)).statusCode, 403);
  assert.equal((await app.inject({ method: 'POST', url: '/api/population/runs', headers: researcher })).statusCode, 403);
  assert.equal((await get('/api/inventory', researcher)).statusCode, 403);
  const noInventory = await get('/api/inventory');
  assert.deepEqual([noInventory.statusCode, (noInventory.json() as { code: string }).code], [404, 'REPORT_NOT_FOUND']);
  const before = body<Population>(await get('/api/population'));
  assert.deepEqual(before, { configured: true, source: 'folder export', current: null, runs: [] });

  const started = await app.inject({ method: 'POST', url: '/api/population/runs', headers: steward });
  assert.equal(started.statusCode, 202, started.body);
  const run = body<PopulationRun>(started);
  assert.equal(run.status, 'running');
  assert.match(run.id, /^\d+$/, 'the run is answered once the ledger has recorded it');
  assert.deepEqual(run.stages.map((s) => s.name), ['inventory', 'select', 'deidentify', 'clinical']);
  const again = await app.inject({ method: 'POST', url: '/api/population/runs', headers: steward });
  assert.deepEqual([again.statusCode, (again.json() as { code: string }).code], [409, 'POPULATION_RUNNING']);
  const frozen = await app.inject({ method: 'POST', url: '/api/datasets', headers: steward, payload: { id: 'mid-run', title: 'Mid run' } });
  assert.deepEqual([frozen.statusCode, (frozen.json() as { code: string }).code], [409, 'POPULATION_RUNNING'], 'no version is made of half a run');

  let overview = body<Population>(await get('/api/population'));
  const deadline = Date.now() + 300_000;
  while (overview.current?.status === 'running') {
    assert.ok(Date.now() < deadline, 'the run finishes');
    await new Promise((done) => setTimeout(done, 250));
    overview = body<Population>(await get('/api/population'));
  }
  const done = overview.current!;
  assert.equal(done.status, 'completed', JSON.stringify(done.error));
  assert.equal(done.id, run.id);
  assert.ok(done.finishedAt);
  assert.ok(done.stages.every((s) => s.finished && s.total !== null && s.done >= 0), 'every stage finished with its count known');
  if (tesseractAvailable()) {
    // The held ultrasound and screen captures were read by OCR within the de-identify stage: its own stage, counted once.
    assert.deepEqual(done.stages.map((s) => s.name), ['inventory', 'select', 'deidentify', 'ocr', 'clinical']);
    const ocr = done.stages.find((s) => s.name === 'ocr')!;
    assert.deepEqual([ocr.unit, ocr.done], ['images', done.funnel?.burnedIn?.scanned], 'the stage counts what the funnel calls scanned');
    assert.ok(ocr.done > 0);
  }
  assert.equal(done.funnel?.identified, truth.summary.studies);
  assert.equal(done.funnel?.integrated, truth.summary.integrated);
  assert.deepEqual(body<unknown>(await get('/api/funnel')), done.funnel, 'the run\'s funnel is the node\'s funnel');
  assert.deepEqual(overview.runs.map((r) => [String(r.id), r.command, r.status]), [[run.id, 'populate', 'completed']]);

  // Who started it, subject and issuer: with the run's options, and as the actor of its first audit event.
  const ledger = new StudyLedger(store.db);
  const recorded = (await ledger.runs()).find((r) => String(r.id) === run.id);
  assert.equal((JSON.parse(recorded!.options_json) as { startedBy?: unknown }).startedBy, `a-steward @ ${LOCAL_ISSUER}`);
  const events = (await ledger.readAudit(0, 100_000)).map((r) => JSON.parse(r.event) as AuditEnvelope);
  assert.deepEqual(events.filter((e) => e.event.type === 'RUN_STARTED').map((e) => [e.seq, e.actor, e.event]), [
    [0, `a-steward @ ${LOCAL_ISSUER}`, { type: 'RUN_STARTED', run: Number(run.id), command: 'populate' }],
  ], 'logged once, before anything the run did');

  const inventory = body<{ run: number; files: number; instances: number; studies: number; byModality: Record<string, number>; byYear: Record<string, number>; rejectedFiles: Record<string, number> }>(await get('/api/inventory'));
  assert.equal(String(inventory.run), run.id);
  assert.ok(inventory.files >= inventory.instances && inventory.instances > 0);
  assert.equal(Object.values(inventory.byModality).reduce((a, n) => a + n, 0), inventory.instances, 'every instance counted by modality');
  assert.ok(inventory.byModality.CT! > 0);
  assert.ok(Object.keys(inventory.byYear).every((y) => /^\d{4}$|^unknown$/.test(y)), 'years only, never a date');

  for (const id of new Set(truth.studies.map((s) => s.patient))) assert.ok(!seen.some((b) => b.includes(id)), 'no patient ID in the API');
});
