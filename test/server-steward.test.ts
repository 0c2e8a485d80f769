/**
 * The steward's work over the API, as the UI does it on a populated synthetic hospital: the review queue (list,
 * detail, a PNG preview of a held image, a final decision that releases the held files), a dataset version
 * created and released through the risk gate with its dossier, then checked and published in the catalogue,
 * where an anonymous visitor finds it. Every write, and every read of a preview, a dossier or the per-study
 * funnel, is audited with the signed-in user (subject and issuer); nothing names a patient.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromiumAvailable } from '@oncoatlas/release';
import { buildServer, createTokenVerifier, LOCAL_ISSUER, mintLocalToken } from '@oncoatlas/server';
import { openStore, SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { CATALOGUE_SETTINGS_FILE, CATALOGUE_STEWARD_FILE, generateHospital } from '@oncoatlas/synth';
import { PUBLICATION_AGREEMENTS, syntheticPdf } from '@oncoatlas/testkit';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const ok = (...args: string[]): string => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r.stdout;
};

interface Held { index: number; modality: string | null; path: string; decision?: { action: string; by: string } | null }
interface Detail { id: number; study: string; status: string; decidedBy: string | null; note: string | null; held: Held[] }
type Res = Awaited<ReturnType<Awaited<ReturnType<typeof buildServer>>['inject']>>;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const codeOf = (r: Res): [number, string] => [r.statusCode, (r.json() as { code: string }).code];

test('a steward reviews a held study, releases a dataset with its dossier and publishes it; a visitor finds it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-server-steward-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hospital = join(dir, 'h');
  const truth = generateHospital({ out: hospital, studies: 60, seed: 'steward' });
  const data = join(dir, 'data');
  ok('secret', 'new', join(dir, 's'));
  ok('populate', '--data-dir', data, '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'), '--secret-file', join(dir, 's'), '--jobs', '2', '--json');
  const store = await openStore({ dataDir: data });
  t.after(() => store.close());
  const localKey = new TextEncoder().encode('the local key of this test node, long enough');
  const app = await buildServer({
    ledger: new StudyLedger(store.db), verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test', dataDir: data,
    catalogue: { dataDir: data, settings: JSON.parse(readFileSync(join(hospital, CATALOGUE_SETTINGS_FILE), 'utf8')) as never },
    // As oncoatlas serve --secret-file reads it: the secret's text, which keys the ledger's sealed source paths.
    sourcePaths: SourcePathKeys.fromSiteSecret(Buffer.from(readFileSync(join(dir, 's'), 'utf8').trim(), 'utf8')),
  });
  t.after(() => app.close());
  const as = async (role: 'steward' | 'researcher'): Promise<Record<string, string>> => ({ authorization: `Bearer ${await mintLocalToken(localKey, { subject: `a-${role}`, roles: [role], hours: 1 })}` });
  const [steward, researcher] = [await as('steward'), await as('researcher')];
  const seen: string[] = [];
  const call = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object): Promise<Res> => {
    const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    if (!/^image|^application\/pdf/.test(res.headers['content-type'] ?? '')) seen.push(res.body);
    return res;
  };

  // The review queue: researchers see none of it.
  assert.equal((await call('GET', '/api/review', researcher)).statusCode, 403);
  const pending = (await call('GET', '/api/review', steward)).json() as { id: number; status: string; held: number }[];
  assert.ok(pending.length > 0 && pending.every((i) => i.status === 'pending' && i.held > 0), 'the burned-in studies wait for review');
  assert.deepEqual((await call('GET', '/api/review?status=decided', steward)).json(), []);
  // The first held image the preview decodes (a compressed one answers 422 PREVIEW_UNAVAILABLE).
  let item: Detail | undefined;
  let png: Res | undefined;
  let shown = -1;
  for (const i of pending) {
    const detail = (await call('GET', `/api/review/${i.id}`, steward)).json() as Detail;
    assert.equal(detail.held.length, i.held);
    assert.ok(detail.held.every((h) => h.path.startsWith('_review/')), 'held files are named by their pseudonymous output path');
    for (const h of detail.held) {
      const res = await call('GET', `/api/review/${i.id}/held/${h.index}/preview.png`, steward);
      if (res.statusCode === 422) assert.equal(codeOf(res)[1], 'PREVIEW_UNAVAILABLE');
      else { item = detail; png = res; shown = h.index; break; }
    }
    if (png) break;
  }
  assert.ok(item && png, 'some held image has a preview');
  assert.equal(png.statusCode, 200);
  assert.equal(png.headers['content-type'], 'image/png');
  assert.equal(png.headers['cache-control'], 'no-store');
  assert.deepEqual([...png.rawPayload.subarray(0, 8)], PNG_SIGNATURE);
  assert.deepEqual(codeOf(await call('GET', `/api/review/${item.id}/held/${item.held.length}/preview.png`, steward)), [404, 'REVIEW_NOT_FOUND']);
  assert.deepEqual(codeOf(await call('GET', '/api/review/999999', steward)), [404, 'REVIEW_NOT_FOUND']);
  assert.equal((await call('POST', `/api/review/${item.id}/decision`, steward, { decision: 'approve', reason: '' })).statusCode, 400, 'a decision needs a reason');

  const approved = await call('POST', `/api/review/${item.id}/decision`, steward, { decision: 'approve', reason: 'no text in the pixels' });
  assert.equal(approved.statusCode, 200, approved.body);
  const after = approved.json() as Detail;
  const [asSteward, asResearcher] = [`a-steward @ ${LOCAL_ISSUER}`, `a-researcher @ ${LOCAL_ISSUER}`];
  assert.deepEqual([after.status, after.decidedBy, after.note], ['approved', asSteward, 'no text in the pixels'], 'decided by the subject of its issuer');
  assert.deepEqual(after.held.map((h) => [h.path, h.decision?.action, h.decision?.by]), item.held.map((h) => [h.path, 'release', asSteward]), 'each held image released, with its own decision');
  for (const h of item.held) {
    assert.ok(!existsSync(join(data, 'deidentified', h.path)), 'no longer held');
    assert.ok(existsSync(join(data, 'deidentified', h.path.replace(/^_review\//, ''))), 'released into the output tree');
  }
  assert.deepEqual(codeOf(await call('POST', `/api/review/${item.id}/decision`, steward, { decision: 'reject', reason: 'changed my mind' })), [409, 'REVIEW_ALREADY_DECIDED'], 'decisions are final');
  assert.deepEqual(((await call('GET', '/api/review?status=decided', steward)).json() as { id: number }[]).map((i) => i.id), [item.id]);

  // A dataset version: created, refused or released by the risk gate, its dossier served once released.
  assert.equal((await call('POST', '/api/datasets', researcher, { id: 'web-set', title: 'Web set' })).statusCode, 403);
  assert.equal((await call('POST', '/api/datasets', steward, { id: 'bad id!', title: 'x' })).statusCode, 400);
  const created = await call('POST', '/api/datasets', steward, { id: 'web-set', title: 'Web set', purpose: 'Testing the node API.', legalBasis: 'Synthetic data: no person behind any record', maxSuppression: 0.2 });
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual(created.json(), { id: 'web-set', version: 1, state: 'draft' });
  assert.equal(created.headers.location, '/api/datasets/web-set?version=1');
  assert.deepEqual(codeOf(await call('GET', '/api/datasets/web-set/dossier.html', researcher)), [404, 'DATASET_NOT_FOUND'], 'a draft has no dossier to serve');
  const draft = (await call('GET', '/api/datasets/web-set', steward)).json() as { state: string; summary: { risk: { decision: { allowed: boolean } } } };
  assert.equal(draft.state, 'draft');
  assert.equal(draft.summary.risk.decision.allowed, false, 'this small hospital stays above the policy (the branch below relies on it)');
  assert.deepEqual(codeOf(await call('POST', '/api/datasets/web-set/release', steward, {})), [409, 'RISK_RELEASE_REFUSED']);
  assert.deepEqual(codeOf(await call('POST', '/api/datasets/web-set/release', steward, { overrideRisk: true })), [400, 'USAGE'], 'an override needs a justification');
  const released = await call('POST', '/api/datasets/web-set/release', steward, { overrideRisk: true, justification: 'Synthetic data only, no person behind any record' });
  // A cohort asked for through the API, as the UI's form sends it.
  const ct = await call('POST', '/api/datasets', steward, { id: 'ct-set', title: 'CT set', legalBasis: 'Synthetic data', cohort: { modalities: ['CT'], hasClinicalRecord: true } });
  assert.equal(ct.statusCode, 201, ct.body);
  const ctVersion = (await call('GET', '/api/datasets/ct-set', steward)).json() as { summary: { cohort: { selection: unknown; excluded: { modality?: number } } } };
  assert.deepEqual(ctVersion.summary.cohort.selection, { modalities: ['CT'], hasClinicalRecord: true });
  assert.ok((ctVersion.summary.cohort.excluded.modality ?? 0) > 0, 'the studies without CT were left out, counted');
  assert.deepEqual(codeOf(await call('POST', '/api/datasets', steward, { id: 'bad-dates', title: 'x', cohort: { from: '2020-13-01' } })), [400, 'USAGE']);
  assert.equal(released.statusCode, 200, released.body);
  const pdf = chromiumAvailable();
  assert.deepEqual(released.json(), { id: 'web-set', version: 1, state: 'released', dossier: { html: true, pdf } });
  assert.deepEqual(codeOf(await call('POST', '/api/datasets/web-set/release', steward, {})), [409, 'DATASET_NOT_DRAFT']);

  const html = await call('GET', '/api/datasets/web-set/dossier.html', researcher);
  assert.equal(html.statusCode, 200);
  assert.match(html.headers['content-type'] ?? '', /^text\/html/);
  assert.equal(html.headers['cache-control'], 'no-store');
  assert.match(String(html.headers['content-security-policy']), /default-src 'none'.*sandbox/);
  assert.match(html.body, /web-set/);
  const json = await call('GET', '/api/datasets/web-set/dossier.json?version=1', researcher);
  assert.equal(json.statusCode, 200);
  assert.ok(typeof json.json() === 'object');
  const pdfFile = await call('GET', '/api/datasets/web-set/dossier.pdf', researcher);
  if (pdf) {
    assert.equal(pdfFile.statusCode, 200);
    assert.equal(pdfFile.headers['content-type'], 'application/pdf');
    assert.equal(pdfFile.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  } else assert.deepEqual(codeOf(pdfFile), [404, 'DATASET_NOT_FOUND']);
  // The UI asks with HEAD whether there is a PDF.
  assert.equal((await app.inject({ method: 'HEAD', url: '/api/datasets/web-set/dossier.pdf?version=1', headers: researcher })).statusCode, pdf ? 200 : 404);
  assert.deepEqual(codeOf(await call('GET', '/api/datasets/web-set/dossier.html?version=2', researcher)), [404, 'DATASET_NOT_FOUND']);

  // The catalogue: the steward's entry, checked and published; then public.
  const fields = JSON.parse(readFileSync(join(hospital, CATALOGUE_STEWARD_FILE), 'utf8')) as Record<string, unknown>;
  assert.equal((await call('GET', '/api/catalogue/datasets/web-set/entry', researcher)).statusCode, 403);
  const fresh = (await call('GET', '/api/catalogue/datasets/web-set/entry', steward)).json() as { state: string; allowedActions: string[]; steward: unknown; generated: { version: number; counts: { studies: number }; sex: { value: string }[]; conditions: { value: string }[]; ageRange?: { min: number; max: number } } };
  assert.deepEqual([fresh.state, fresh.allowedActions, fresh.steward], ['released', ['publish'], null]);
  assert.equal(fresh.generated.version, 1);
  assert.ok(fresh.generated.counts.studies > 0);
  assert.deepEqual((await call('GET', '/api/catalogue/entries', {})).json(), [], 'nothing is public before publishing');
  const check = await call('POST', '/api/catalogue/datasets/web-set/check', steward, { steward: fields });
  assert.equal((check.json() as { conforms: boolean }).conforms, true, check.body);
  // Not before the agreements of the node's onboarding path are on file: 409 naming each one; filed, it publishes.
  const noAgreements = await call('POST', '/api/catalogue/datasets/web-set/publish', steward, { steward: fields });
  assert.deepEqual(codeOf(noAgreements), [409, 'AGREEMENT_MISSING']);
  assert.match((noAgreements.json() as { detail: string }).detail, /Data Sharing Agreement \(dsa\) is not on file; Access conditions \(access-conditions\) is not on file/);
  assert.equal((await call('GET', '/api/agreements', researcher)).statusCode, 403);
  const before = (await call('GET', '/api/agreements', steward)).json() as { path: string; missing: { id: string }[] };
  assert.deepEqual([before.path, before.missing.map((k) => k.id)], ['federated', ['dsa', 'access-conditions']]);
  for (const { kind, title } of PUBLICATION_AGREEMENTS) {
    const filed = await app.inject({ method: 'POST', url: `/api/agreements?kind=${kind}&filename=${kind}.pdf&validUntil=2099-12-31`, headers: { ...steward, 'content-type': 'application/pdf' }, payload: syntheticPdf(title) });
    assert.equal(filed.statusCode, 200, filed.body);
    const agreement = filed.json() as { kind: string; filedBy: string };
    assert.deepEqual([agreement.kind, agreement.filedBy], [kind, asSteward]);
  }
  assert.deepEqual(((await call('GET', '/api/agreements', steward)).json() as { missing: unknown[] }).missing, []);
  const published = await call('POST', '/api/catalogue/datasets/web-set/publish', steward, { steward: fields });
  const { identifier, ...change } = published.json() as { identifier: string };
  assert.deepEqual(change, { from: 'released', to: 'published', version: 1 });
  // No public URL configured: the address the steward reached the node at names the dataset, once.
  assert.match(identifier, /^http:\/\/localhost\/catalogue\/datasets\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const atIri = await call('GET', new URL(identifier).pathname, { accept: 'text/turtle' });
  assert.deepEqual([atIri.statusCode, atIri.headers.vary], [200, 'Accept']);
  assert.ok(atIri.body.includes(`<${identifier}> a dcat:Dataset`));

  const entries = await call('GET', '/api/catalogue/entries', {});
  assert.equal(entries.statusCode, 200, entries.body);
  const [card, ...others] = entries.json() as { id: string; title: string; state: string; version: number; studies: number; subjects: number; modalities: string[]; keywords: string[]; landingUrl?: string }[];
  assert.equal(others.length, 0);
  assert.deepEqual([card!.id, card!.title, card!.state, card!.version], ['web-set', 'Synthetic hospital cancer imaging cohort', 'published', 1]);
  assert.equal(card!.studies, fresh.generated.counts.studies);
  assert.ok(card!.subjects > 0 && card!.modalities.includes('CT') && card!.keywords.includes('CT'));
  assert.equal(card!.landingUrl, fields.accessUrl);
  // The facets' facts are the release's own, pooling included; condition names are looked up for the codes.
  const facets = card as unknown as { conditions: string[]; conditionNames: Record<string, string>; sexes: string[]; ageRange: unknown };
  assert.deepEqual(facets.sexes, fresh.generated.sex.map((c) => c.value));
  assert.deepEqual(facets.ageRange, fresh.generated.ageRange ?? null);
  assert.deepEqual(facets.conditions, fresh.generated.conditions.map((c) => c.value));
  if (facets.conditions.includes('C34')) assert.equal(facets.conditionNames.C34, 'Malignant neoplasm of bronchus and lung');
  assert.ok(Object.keys(facets.conditionNames).every((code) => facets.conditions.includes(code)), 'names only for the codes listed');
  const entry = (await call('GET', '/api/catalogue/datasets/web-set/entry', steward)).json() as { state: string; allowedActions: string[]; steward: unknown };
  assert.deepEqual([entry.state, entry.allowedActions, entry.steward], ['published', ['invalidate', 'unpublish'], fields]);
  assert.equal((await call('POST', '/api/catalogue/datasets/web-set/invalidate', steward, {})).statusCode, 200);
  assert.equal((await call('GET', new URL(identifier).pathname, {})).statusCode, 410, 'a withdrawn dataset\'s IRI is gone, not missing');
  assert.deepEqual(((await call('GET', '/api/catalogue/entries', {})).json() as { state: string }[]).map((e) => e.state), ['invalidated'], 'a withdrawn dataset stays listed, marked so');
  assert.deepEqual(((await call('GET', '/api/catalogue/datasets/web-set/entry', steward)).json() as { allowedActions: string[] }).allowedActions, ['reactivate']);

  // The per-study funnel, as a steward exports it (read last: the reads above are counted below).
  const funnel = await call('GET', '/api/funnel?studies=true', steward);
  const listed = (funnel.json() as { studies: unknown[] }).studies.length;
  assert.equal(listed, truth.summary.studies);

  // Audited with the signed-in user, subject and issuer; the checkpoint the routes wrote verifies.
  const events = ok('audit', 'show', '--data-dir', data, '--json', '--limit', '100000');
  for (const type of ['REVIEW_DECIDED', 'CREATE_DATASET', 'RISK_OVERRIDDEN']) assert.match(events, new RegExp(`"actor":"${asSteward}"[^\\n]*"type":"${type}"`), type);
  const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
  const reads = events.trim().split('\n').map((l) => JSON.parse(l) as { actor: string; event: { type: string; content?: unknown } })
    .filter((e) => e.event.type === 'CONTENT_READ').map((e) => [e.actor, e.event.content]);
  const dossier = (format: string, res: Res): unknown[] => [asResearcher, { kind: 'DATASET_DOSSIER', datasetId: 'web-set', version: 1, format, contentHash: sha256(res.rawPayload) }];
  assert.deepEqual(reads, [
    // The held file shown, since released by the approval (moved, not rewritten).
    [asSteward, { kind: 'REVIEW_PREVIEW', item: item.id, index: shown, study: item.study, contentHash: sha256(readFileSync(join(data, 'deidentified', item.held[shown]!.path.replace(/^_review\//, '')))) }],
    dossier('html', html), dossier('json', json), ...(pdf ? [dossier('pdf', pdfFile)] : []),
    [asSteward, { kind: 'FUNNEL_STUDIES', studies: listed }],
  ], 'every preview, dossier and per-study funnel served is logged once; refusals, 422s, 404s and HEAD are not');
  const lines = ok('audit', 'show', '--data-dir', data, '--limit', '100000');
  assert.match(lines, new RegExp(`CONTENT_READ +read: preview of review ${item.id} held image ${shown} \\(study ${item.study}\\) +by ${asSteward}\n`));
  assert.match(lines, new RegExp(`CONTENT_READ +read: dossier.html of dataset web-set v1 +by ${asResearcher}\n`));
  assert.match(lines, new RegExp(`CONTENT_READ +read: funnel studies list \\(${listed} studies\\) +by ${asSteward}\n`));
  assert.match(ok('audit', 'verify', '--data-dir', data), /verified/);
  for (const id of new Set(truth.studies.map((s) => s.patient))) {
    assert.ok(!seen.some((b) => b.includes(id)), 'no patient ID in the API');
    assert.ok(!events.includes(id) && !lines.includes(id), 'no patient ID in the audit log');
  }
});
