/**
 * The review viewer's routes on a populated synthetic hospital: a held frame at full resolution as a lossless
 * PNG with what the viewer needs to window it, and the held file's de-identified header as DICOM JSON without
 * bulk data. Both are stewards' only and audited as reads of the held file, like the preview.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { buildServer, createTokenVerifier, mintLocalToken } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { generateHospital } from '@oncoatlas/synth';
// The viewer's own PNG reader, so the test proves the browser reads exactly what the node sends.
import { decodePng } from '../packages/web/src/review/png-decode.ts';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const ok = (...args: string[]): string => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r.stdout;
};

type Json = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string; InlineBinary?: string }>;
interface Detail { id: number; study: string; held: { index: number; path: string }[] }

const codeOf = (r: { statusCode: number; json(): unknown }): [number, string] => [r.statusCode, (r.json() as { code: string }).code];

test('a steward views a held image at full resolution and its de-identified header; both are audited reads', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-review-viewer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  generateHospital({ out: join(dir, 'h'), studies: 60, seed: 'steward' });
  const data = join(dir, 'data');
  ok('secret', 'new', join(dir, 's'));
  ok('populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 's'), '--jobs', '2', '--json');
  const store = await openStore({ dataDir: data });
  t.after(() => store.close());
  const localKey = new TextEncoder().encode('the local key of this test node, long enough');
  const app = await buildServer({ ledger: new StudyLedger(store.db), verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test', dataDir: data });
  t.after(() => app.close());
  const as = async (role: 'steward' | 'researcher'): Promise<Record<string, string>> => ({ authorization: `Bearer ${await mintLocalToken(localKey, { subject: `a-${role}`, roles: [role], hours: 1 })}` });
  const [steward, researcher] = [await as('steward'), await as('researcher')];
  const get = (url: string, headers = steward) => app.inject({ method: 'GET', url, headers });

  const pending = (await get('/api/review')).json() as { id: number }[];
  let item: Detail | undefined;
  let index = -1;
  let image: Awaited<ReturnType<typeof get>> | undefined;
  for (const i of pending) {
    const detail = (await get(`/api/review/${i.id}`)).json() as Detail;
    for (const h of detail.held) {
      const res = await get(`/api/review/${i.id}/held/${h.index}/image.png`);
      if (res.statusCode === 422) assert.equal(codeOf(res)[1], 'PREVIEW_UNAVAILABLE');
      else { [item, index, image] = [detail, h.index, res]; break; }
    }
    if (image) break;
  }
  assert.ok(item && image, 'some held image is served');
  const base = `/api/review/${item.id}/held/${index}`;
  assert.equal(image.statusCode, 200);
  assert.deepEqual([image.headers['content-type'], image.headers['cache-control']], ['image/png', 'no-store']);

  const header = await get(`${base}/header`);
  assert.equal(header.statusCode, 200);
  assert.equal(header.headers['cache-control'], 'no-store');
  const json = header.json() as Json;
  assert.ok(!header.body.includes('BulkDataURI'), 'no bulk data reference anywhere in the header');
  assert.equal(json['7FE00010']?.Value, undefined, 'the pixel data is named by its VR only');
  const us = (key: string): number => Number(json[key]?.Value?.[0]);

  // Full resolution, lossless: the PNG is as large as the header says, at the depth its Bits Stored needs.
  const png = PNG.sync.read(image.rawPayload, { skipRescale: true } as never) as unknown as { width: number; height: number; depth: number; data: ArrayLike<number> };
  assert.deepEqual([png.width, png.height], [us('00280011'), us('00280010')]);
  const monochrome = us('00280002') === 1;
  assert.equal(png.depth, monochrome && us('00280101') > 8 ? 16 : 8);
  const viewer = await decodePng(image.rawPayload);
  const channels = monochrome ? 1 : 3;
  assert.deepEqual([viewer.width, viewer.height, viewer.bitDepth, viewer.channels], [png.width, png.height, png.depth, channels]);
  assert.ok(viewer.samples.every((s, i) => s === png.data[Math.floor(i / channels) * 4 + (i % channels)]), 'the viewer reads every sample as pngjs does');
  assert.equal(image.headers['x-image-frames'], String(Number(json['00280008']?.Value?.[0] ?? 1)));
  if (monochrome) {
    let [low, high] = [Infinity, -Infinity];
    for (let i = 0; i < png.width * png.height; i++) { const s = png.data[i * 4]!; if (s < low) low = s; if (s > high) high = s; }
    const value = (s: number): number => s * Number(image.headers['x-value-slope']) + Number(image.headers['x-value-intercept']);
    assert.deepEqual([value(low), value(high)], [Number(image.headers['x-value-min']), Number(image.headers['x-value-max'])], 'samples map to the modality values the headers give');
    if (json['00281050']?.Value) assert.equal(Number(image.headers['x-window-center']), Number(json['00281050'].Value[0]));
  }

  // Refusals: another role, a frame the image lacks, a frame 0, an index out of range.
  for (const path of ['image.png', 'header']) assert.equal((await get(`${base}/${path}`, researcher)).statusCode, 403);
  assert.deepEqual(codeOf(await get(`${base}/image.png?frame=${Number(image.headers['x-image-frames']) + 1}`)), [422, 'PREVIEW_UNAVAILABLE']);
  assert.equal((await get(`${base}/image.png?frame=0`)).statusCode, 400);
  assert.deepEqual(codeOf(await get(`/api/review/${item.id}/held/${item.held.length}/header`)), [404, 'REVIEW_NOT_FOUND']);

  // Logged: the image and the header served, each a read of the held file's bytes; refusals are not.
  const bytes = readFileSync(join(data, 'deidentified', item.held[index]!.path));
  const content = { kind: 'REVIEW_PREVIEW', item: item.id, index, study: item.study, contentHash: createHash('sha256').update(bytes).digest('hex') };
  const reads = ok('audit', 'show', '--data-dir', data, '--json', '--limit', '100000').trim().split('\n')
    .map((l) => JSON.parse(l) as { actor: string; event: { type: string; content?: unknown } }).filter((e) => e.event.type === 'CONTENT_READ');
  assert.deepEqual(reads.map((e) => e.event.content), [content, content]);
});
