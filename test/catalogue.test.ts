/**
 * The catalogue records of the synthetic hospital's released dataset: generated from the released data and
 * the steward's fields, they meet every mandatory property of our shapes; the Turtle parses with an
 * independent parser (rapper); a missing steward field is named; the counts are the released version's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CATALOGUE_STEWARD_FILE, generateHospital } from '@oncoatlas/synth';
import { buildServer, createTokenVerifier, mintLocalToken } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { agreementFilings, requireTool } from '@oncoatlas/testkit';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const ok = (...args: string[]): string => {
  const r = run(...args);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r.stdout;
};

/**
 * A released version of a small hospital: within the policy, or above it under a recorded override (the catalogue
 * needs one released). `data` is populated with the site secret `s` beside it.
 */
function createAndRelease(data: string, id: string, title: string): void {
  ok('dataset', 'create', '--data-dir', data, '--secret-file', join(dirname(data), 's'), '--id', id, '--title', title, '--by', 'steward', '--legal-basis', 'Synthetic data: no person behind any record', '--max-suppression', '0.2');
  const r = run('dataset', 'release', id, '--data-dir', data, '--by', 'dpo', '--no-pdf');
  if (r.status === 0) return;
  assert.match(r.stderr, /RISK_RELEASE_REFUSED/);
  ok('dataset', 'release', id, '--data-dir', data, '--by', 'dpo', '--no-pdf', '--override-risk', '--justification', 'Synthetic data only, no person behind any record');
}

test('the synthetic dataset\'s DCAT-AP records conform, parse with rapper, and name a missing field', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-catalogue-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const truth = generateHospital({ out: join(dir, 'h'), studies: 120, seed: 'catalogue' });
  const data = join(dir, 'data');
  const steward = join(dir, 'h', CATALOGUE_STEWARD_FILE);
  ok('secret', 'new', join(dir, 's'));
  ok('populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 's'), '--jobs', '2', '--json');
  assert.match(run('catalogue', 'check', 'syn', '--data-dir', data, '--steward', steward).stderr, /DATASET_NOT_FOUND/, 'only a released dataset is described');
  createAndRelease(data, 'syn', 'Synthetic');

  assert.match(ok('catalogue', 'check', 'syn', '--data-dir', data, '--steward', steward), /meet every mandatory property/);
  const turtle = ok('catalogue', 'show', 'syn', '--data-dir', data, '--steward', steward);
  assert.match(turtle, /dcat:Dataset/);
  const shown = JSON.parse(ok('dataset', 'show', 'syn', '--data-dir', data, '--json')) as { summary: { counts: { patients: number } } };
  assert.match(turtle, new RegExp(`healthdcatap:numberOfUniqueIndividuals "?${shown.summary.counts.patients}`), 'the count of individuals is the released version\'s');
  for (const id of new Set(truth.studies.map((s) => s.patient))) assert.ok(!turtle.includes(id), 'no patient ID in the records');
  // Counts come from QC'd data: no raw sex typo, and ages in days were converted (the hospital plants both).
  assert.ok(truth.clinical.defects.some((d) => d.kind === 'sex_typo') && truth.clinical.defects.some((d) => d.kind === 'age_in_days'));
  assert.ok(!/Unkown|Desconocido/i.test(turtle));
  const maxAge = Number(/healthdcatap:maxTypicalAge "?(\d+)/.exec(turtle)?.[1]);
  assert.ok(maxAge > 0 && maxAge <= 120, `typical ages are years (max ${maxAge})`);
  const jsonld = JSON.parse(ok('catalogue', 'show', 'syn', '--data-dir', data, '--steward', steward, '--format', 'jsonld')) as object;
  assert.ok(JSON.stringify(jsonld).includes('Synthetic hospital cancer imaging cohort'));

  if (requireTool(t, 'rapper')) {
    const file = join(dir, 'records.ttl');
    writeFileSync(file, turtle);
    const parsed = spawnSync('rapper', ['-i', 'turtle', '-c', file], { encoding: 'utf8' });
    assert.equal(parsed.status, 0, parsed.stderr);
    assert.match(parsed.stderr, /returned \d+ triples/);
  }

  const { title: _title, ...withoutTitle } = JSON.parse(readFileSync(steward, 'utf8')) as Record<string, unknown>;
  const partial = join(dir, 'steward-without-title.json');
  writeFileSync(partial, JSON.stringify(withoutTitle));
  const refused = run('catalogue', 'check', 'syn', '--data-dir', data, '--steward', partial);
  assert.equal(refused.status, 1);
  assert.match(refused.stdout, /^- Title: /m);

  // The lifecycle: publish (records must conform), no second publish, invalidate, reactivate checked again.
  const publicUrl = 'https://node.hospital-sintetic.example';
  // Not before the agreements of the node's onboarding path are on file: refused naming each one, until filed.
  const noAgreements = run('catalogue', 'publish', 'syn', '--data-dir', data, '--by', 'steward', '--steward', steward, '--public-url', publicUrl);
  assert.equal(noAgreements.status, 1);
  assert.match(noAgreements.stderr, /^error AGREEMENT_MISSING: [^\n]*Data Sharing Agreement \(dsa\) is not on file; Access conditions \(access-conditions\) is not on file/m);
  assert.match(ok('agreements', 'list', '--data-dir', data), /Data Sharing Agreement \(dsa\): MISSING/);
  const filings = agreementFilings(join(dir, 'agreements'), data);
  for (const args of filings) ok(...args);
  assert.match(ok('agreements', 'list', '--data-dir', data), /Every agreement publishing needs is on file/);
  const noTitle = run('catalogue', 'publish', 'syn', '--data-dir', data, '--by', 'steward', '--steward', partial, '--public-url', publicUrl);
  assert.match(noTitle.stderr, /CATALOGUE_INVALID_RECORD[\s\S]*- Title: /);
  assert.match(run('catalogue', 'publish', 'syn', '--data-dir', data, '--by', 'steward', '--steward', steward).stderr, /USAGE[^\n]*--public-url/, 'a first publication needs the node\'s address');
  const published = ok('catalogue', 'publish', 'syn', '--data-dir', data, '--by', 'steward', '--steward', steward, '--public-url', publicUrl);
  assert.match(published, /released -> published/);
  const iri = /Its identifier: (\S+)/.exec(published)?.[1];
  assert.match(iri ?? '', /^https:\/\/node\.hospital-sintetic\.example\/catalogue\/datasets\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUID IRI under the node\'s address');
  assert.ok(ok('catalogue', 'show', 'syn', '--data-dir', data, '--steward', steward).includes(`<${iri}> a dcat:Dataset`), 'show names it by its stored IRI');
  assert.match(run('catalogue', 'publish', 'syn', '--data-dir', data, '--by', 'steward').stderr, /CATALOGUE_ILLEGAL_TRANSITION/);
  assert.match(ok('catalogue', 'invalidate', 'syn', '--data-dir', data, '--by', 'steward'), /published -> invalidated/);
  // An agreement past its valid-until no longer counts: reactivating is refused naming it, until a valid one is filed.
  const dsa = filings[0]!;
  ok(...dsa, '--valid-until', '2020-12-31');
  const expired = run('catalogue', 'reactivate', 'syn', '--data-dir', data, '--by', 'steward');
  assert.equal(expired.status, 1);
  assert.match(expired.stderr, /AGREEMENT_MISSING[^\n]*Data Sharing Agreement \(dsa\) expired on 2020-12-31/);
  ok(...dsa, '--valid-until', '2099-12-31');
  assert.match(ok('catalogue', 'reactivate', 'syn', '--data-dir', data, '--by', 'steward'), new RegExp(`invalidated -> published.*Its identifier: ${iri}$`, 'm'), 'the stored fields are checked again and pass; the IRI is the same');
  const events = ok('audit', 'show', '--data-dir', data, '--json', '--limit', '100000').trim().split('\n').map((l) => JSON.parse(l) as { event: { type: string; details?: string; datasetId?: string } });
  assert.deepEqual(events.filter((e) => e.event.type === 'UPDATE_DATASET' && e.event.datasetId === 'syn/v1').map((e) => e.event.details), ['RELEASE', 'PUBLISH', 'INVALIDATE', 'REACTIVATE']);
  assert.match(ok('audit', 'verify', '--data-dir', data), /verified/);
});

test('the public catalogue serves the published datasets as Turtle or JSON-LD, in pages', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-catalogue-api-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  generateHospital({ out: join(dir, 'h'), studies: 60, seed: 'catalogue-api' });
  const data = join(dir, 'data');
  const steward = join(dir, 'h', CATALOGUE_STEWARD_FILE);
  ok('secret', 'new', join(dir, 's'));
  ok('populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 's'), '--jobs', '2', '--json');
  for (const id of ['first', 'second']) {
    createAndRelease(data, id, id);
  }
  for (const args of agreementFilings(join(dir, 'agreements'), data)) ok(...args);
  const first = (JSON.parse(ok('catalogue', 'publish', 'first', '--data-dir', data, '--by', 'steward', '--steward', steward, '--public-url', 'https://node.hospital-sintetic.example', '--json')) as { identifier: string }).identifier;

  const store = await openStore({ dataDir: data });
  t.after(() => store.close());
  const settings = {
    iri: 'https://node.hospital-sintetic.example/catalogue', title: { en: 'Synthetic hospital catalogue' }, description: { en: 'Published datasets of the synthetic hospital.' },
    publisher: { name: 'Hospital Universitari Sintètic', email: 'research-data@hospital-sintetic.example' }, applicableLegislation: ['http://data.europa.eu/eli/reg/2025/327/oj'],
  };
  const localKey = new TextEncoder().encode('the local key of this test node, long enough');
  const app = await buildServer({ ledger: new StudyLedger(store.db), verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test', catalogue: { dataDir: data, settings } });
  t.after(() => app.close());
  const as = async (role: 'steward' | 'researcher'): Promise<Record<string, string>> => ({ authorization: `Bearer ${await mintLocalToken(localKey, { subject: `a-${role}`, roles: [role], hours: 1 })}` });

  const turtle = await app.inject({ method: 'GET', url: '/api/catalogue', headers: { accept: 'text/turtle' } });
  assert.equal(turtle.statusCode, 200, turtle.body);
  assert.match(turtle.headers['content-type'] ?? '', /^text\/turtle/);
  assert.ok(turtle.body.includes(`<${first}>`), 'the published dataset is listed, by the IRI it was published with');
  assert.deepEqual(new Set(turtle.body.match(/\/catalogue\/datasets\/[0-9a-f-]{36}/g)), new Set([new URL(first).pathname]), 'a released but unpublished dataset is not');
  const jsonld = await app.inject({ method: 'GET', url: '/api/catalogue/datasets/first', headers: { accept: 'application/ld+json' } });
  assert.equal(jsonld.statusCode, 200);
  assert.ok(JSON.stringify(jsonld.json()).includes('Synthetic hospital cancer imaging cohort'));
  assert.equal((await app.inject({ method: 'GET', url: '/api/catalogue/datasets/second' })).statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/api/catalogue', headers: { accept: 'image/png' } })).statusCode, 406);

  // The steward's form: live feedback from the shapes, then publishing through the API (stewards only).
  const fields = JSON.parse(readFileSync(steward, 'utf8')) as Record<string, unknown>;
  const { title: _t, ...untitled } = fields;
  const feedback = await app.inject({ method: 'POST', url: '/api/catalogue/datasets/second/check', headers: await as('steward'), payload: { steward: untitled } });
  assert.equal(feedback.statusCode, 200, feedback.body);
  assert.ok((feedback.json() as { problems: { property: string }[] }).problems.some((p) => p.property === 'dct:title'));
  assert.equal((await app.inject({ method: 'POST', url: '/api/catalogue/datasets/second/publish', headers: await as('researcher'), payload: { steward: fields } })).statusCode, 403);
  assert.equal((await app.inject({ method: 'POST', url: '/api/catalogue/datasets/second/publish', headers: await as('steward'), payload: { steward: fields, extra: 1 } })).statusCode, 400);
  const refusedPublish = await app.inject({ method: 'POST', url: '/api/catalogue/datasets/second/publish', headers: await as('steward'), payload: { steward: untitled } });
  assert.deepEqual([refusedPublish.statusCode, (refusedPublish.json() as { code: string }).code], [422, 'CATALOGUE_INVALID_RECORD']);
  const published = await app.inject({ method: 'POST', url: '/api/catalogue/datasets/second/publish', headers: await as('steward'), payload: { steward: fields } });
  assert.equal(published.statusCode, 200, published.body);
  assert.equal((published.json() as { to: string }).to, 'published');
  const second = (published.json() as { identifier: string }).identifier;
  assert.ok(second.startsWith('https://node.hospital-sintetic.example/catalogue/datasets/'), 'named under the URL the ledger kept, not the request\'s');
  assert.ok((await app.inject({ method: 'GET', url: '/api/catalogue' })).body.includes(`<${second}>`));
  const events = ok('audit', 'show', '--data-dir', data, '--json', '--limit', '100000');
  assert.match(events, /"actor":"a-steward @ urn:oncoatlas:node"[^\n]*"details":"PUBLISH"/, 'the API change is audited with the signed-in steward and its issuer');

  if (requireTool(t, 'rapper')) {
    const file = join(dir, 'catalogue.ttl');
    writeFileSync(file, turtle.body);
    assert.equal(spawnSync('rapper', ['-i', 'turtle', '-c', file], { encoding: 'utf8' }).status, 0);
  }
});
