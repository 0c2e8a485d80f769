/**
 * The node's HTTP API over a populated synthetic hospital: an OpenAPI 3.1 document listing every route,
 * the funnel and datasets as the CLI reports them, and errors as RFC 9457 problems with our codes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildServer, createTokenVerifier, mintLocalToken, ROUTE_ACCESS } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { generateHospital } from '@oncoatlas/synth';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const run = (...args: string[]): string => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

test('the node API: OpenAPI 3.1, funnel, datasets, problem details', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-server-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const truth = generateHospital({ out: join(dir, 'h'), studies: 60, seed: 'server' });
  const data = join(dir, 'data');
  run('secret', 'new', join(dir, 's'));
  run('populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 's'), '--jobs', '2', '--json');
  run('dataset', 'create', '--data-dir', data, '--secret-file', join(dir, 's'), '--id', 'api-set', '--title', 'API set', '--by', 'steward', '--legal-basis', 'Synthetic data: none needed');
  const store = await openStore({ dataDir: data });
  t.after(() => store.close());
  const key = new TextEncoder().encode('a local key of this test node, 32+ bytes');
  const app = await buildServer({ ledger: new StudyLedger(store.db), verifier: createTokenVerifier({ issuers: [], localKey: key }), version: '0.1.0' });
  t.after(() => app.close());
  const admin = { authorization: `Bearer ${await mintLocalToken(key, { subject: 'local-admin', roles: ['admin'], hours: 1 })}` };
  const inject = (url: string) => app.inject({ method: 'GET', url, headers: admin });

  const openapi = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { openapi: string; paths: Record<string, unknown> };
  assert.equal(openapi.openapi, '3.1.0');
  assert.deepEqual(Object.keys(openapi.paths).sort(), [
    '/api/agreements', '/api/permits', '/api/permits/{id}', '/api/permits/{id}/revoke', '/api/permits/check',
    '/api/tools', '/api/jobs', '/api/jobs/{id}', '/api/jobs/{id}/log', '/api/jobs/{id}/outputs/{*}', '/api/jobs/{id}/review',
    '/api/catalogue', '/api/catalogue/datasets/{id}', '/api/catalogue/datasets/{id}/check', '/api/catalogue/datasets/{id}/entry', '/api/catalogue/datasets/{id}/{action}', '/api/catalogue/entries',
    '/api/datasets', '/api/datasets/{id}', '/api/datasets/{id}/dossier.html', '/api/datasets/{id}/dossier.json', '/api/datasets/{id}/dossier.pdf', '/api/datasets/{id}/release', '/api/federation/focus',
    '/api/funnel', '/api/health', '/api/inventory', '/api/population', '/api/population/runs', '/api/qc',
    '/api/review', '/api/review/{id}', '/api/review/{id}/decision', '/api/review/{id}/held/{index}/preview.png', '/api/review/{id}/held/{index}/image.png', '/api/review/{id}/held/{index}/header', '/api/review/{id}/held/{index}/decision',
    // DICOMweb for a dataset version and its downloads: outside /api, the access permit is the credential (docs/dicomweb.md).
    '/dicomweb/datasets/{dataset}/versions/{version}/files/{*}',
    '/dicomweb/datasets/{dataset}/versions/{version}/instances',
    '/dicomweb/datasets/{dataset}/versions/{version}/manifest',
    '/dicomweb/datasets/{dataset}/versions/{version}/series',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/instances',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/metadata',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/series',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/series/{series}',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/series/{series}/instances',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/series/{series}/instances/{instance}',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/series/{series}/instances/{instance}/bulkdata/{*}',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/series/{series}/instances/{instance}/frames/{frames}',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/series/{series}/instances/{instance}/frames/{frames}/rendered',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/series/{series}/instances/{instance}/metadata',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/series/{series}/instances/{instance}/rendered',
    '/dicomweb/datasets/{dataset}/versions/{version}/studies/{study}/series/{series}/metadata',
    // Signing in (the node's own links here: no identity provider) is outside the API's role table.
    '/auth/login', '/auth/logout', '/auth/session',
    // The datasets' stable IRIs, dereferenced by content negotiation (public, outside /api).
    '/catalogue/datasets/{file}',
    // The harvest entry points (public, outside /api): the catalogue at its IRI, the FAIR Data Point, shapes, VoID.
    '/.well-known/void', '/catalogue', '/catalogue.jsonld', '/catalogue.nt', '/catalogue.rdf', '/catalogue.ttl',
    '/fdp', '/fdp/catalogue', '/fdp/datasets/{uuid}', '/fdp/distributions/{uuid}',
    '/fdp/profiles/catalogue.ttl', '/fdp/profiles/dataset.ttl', '/fdp/profiles/distribution.ttl', '/fdp/profiles/fdp.ttl', '/shapes/oncoatlas.ttl', '/shapes/{folder}/{file}',
  ].sort());
  // Every API route the document lists is in the role table, and the other way round.
  const routes = Object.entries(openapi.paths).filter(([path]) => path.startsWith('/api/')).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1').replace(/\{\*\}/g, '*')}`));
  assert.deepEqual(routes.sort(), Object.keys(ROUTE_ACCESS).sort());
  assert.equal((await app.inject({ method: 'GET', url: '/docs' })).statusCode < 400, true, 'the docs page is served');

  const funnel = (await inject('/api/funnel')).json() as { identified: number; integrated: number; studies?: unknown };
  assert.equal(funnel.identified, truth.summary.studies);
  assert.equal(funnel.integrated, truth.summary.integrated);
  assert.equal(funnel.studies, undefined, 'per-study rows only on request');
  const withStudies = (await inject('/api/funnel?studies=true')).json() as { studies: unknown[] };
  assert.equal(withStudies.studies.length, truth.summary.studies);

  const datasets = (await inject('/api/datasets')).json() as { id: string; versions: { state: string }[] }[];
  assert.deepEqual(datasets.map((d) => [d.id, d.versions.map((v) => v.state)]), [['api-set', ['draft']]]);
  const one = (await inject('/api/datasets/api-set?version=1')).json() as { version: number; summary: { risk: { decision: { allowed: boolean } } } };
  assert.equal(one.version, 1);
  assert.equal(one.summary.risk.decision.allowed, false);

  const missing = await inject('/api/datasets/nope');
  assert.equal(missing.statusCode, 404);
  assert.match(missing.headers['content-type'] ?? '', /^application\/problem\+json/);
  assert.equal((missing.json() as { code: string }).code, 'DATASET_NOT_FOUND');
  const invalid = await inject('/api/datasets/api-set?version=zero');
  assert.equal(invalid.statusCode, 400);
  assert.equal((invalid.json() as { code: string }).code, 'USAGE');
  const unknown = await app.inject({ method: 'GET', url: '/api/nothing-here' });
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.headers['content-type'] ?? '', /^application\/problem\+json/);

  // Started without a catalogue, a source or a data directory: nothing public, no runs, no files.
  assert.deepEqual((await app.inject({ method: 'GET', url: '/api/catalogue/entries' })).json(), []);
  assert.equal((await inject('/api/catalogue/datasets/api-set/entry')).statusCode, 404);
  const noSource = await app.inject({ method: 'POST', url: '/api/population/runs', headers: admin });
  assert.deepEqual([noSource.statusCode, (noSource.json() as { code: string }).code], [409, 'USAGE']);
  assert.equal((await inject('/api/datasets/api-set/dossier.html')).statusCode, 404, 'a draft has no dossier');
  const noDataDir = await app.inject({ method: 'POST', url: '/api/datasets/api-set/release', headers: admin });
  assert.deepEqual([noDataDir.statusCode, (noDataDir.json() as { code: string }).code], [400, 'CONFIG_INVALID'], 'a release without a body is a release without override');

  // Nothing the API returns names a patient.
  const everything = JSON.stringify([funnel, withStudies, datasets, one, (await inject('/api/qc')).json()]);
  for (const id of new Set(truth.studies.map((s) => s.patient))) assert.ok(!everything.includes(id), 'no patient ID in the API');
});
