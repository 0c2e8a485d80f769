import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { part10, SOP, TS, el } from '@oncoatlas/testkit';
import { readAll, type SourceItem } from '../source.ts';
import { DicomwebSource, emptySyncState } from './dicomweb.ts';

/*
 * Server behaviours Orthanc does not show, played by a fake fetch: a multipart answer cut short, a QIDO-RS
 * that ignores limit or offset, answers of the wrong type, a server that never answers.
 */

const ROOT = 'http://pacs.example:8080/dicom-web';
const BOUNDARY = 'fake-boundary';

function instance(study: string, n: number): Buffer {
  const sop = `${study}.1.${n}`;
  return part10({ transferSyntax: TS.explicitLE, sopClassUid: SOP.ct, sopInstanceUid: sop, dataset: [el(0x00080018, 'UI', sop), el(0x0020000D, 'UI', study)] });
}

function studyJson(uid: string, count: number): object {
  return { '0020000D': { vr: 'UI', Value: [uid] }, '00201208': { vr: 'IS', Value: [count] } };
}

function multipart(parts: Buffer[], cut = 0): ReadableStream<Uint8Array> {
  const whole = Buffer.concat([...parts.flatMap((p) => [Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`), p, Buffer.from('\r\n')]), Buffer.from(`--${BOUNDARY}--`)]);
  const bytes = whole.subarray(0, whole.length - cut);
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(new Uint8Array(bytes.subarray(at, at + 100)));
      at += 100;
    },
  });
}

const MULTIPART = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;

type Route = (url: URL) => Response | Promise<Response>;
const fakeFetch = (route: Route, seen: string[] = []): typeof fetch => async (input) => {
  const url = new URL(String(input));
  seen.push(`${url.pathname.replace('/dicom-web', '')}${url.search}`);
  return route(url);
};

async function collect(items: AsyncIterable<SourceItem>): Promise<{ ok: string[]; failed: string[]; problems: string[] }> {
  const out = { ok: [] as string[], failed: [] as string[], problems: [] as string[] };
  for await (const item of items) {
    if (item.kind === 'problem') out.problems.push(`${item.error.code}: ${item.error.message}`);
    else await readAll(item.content).then(() => out.ok.push(item.sopInstanceUid!), (err: unknown) => out.failed.push(`${item.sopInstanceUid}: ${isOncoAtlasError(err) ? err.code : String(err)}`));
  }
  return out;
}

test('a WADO-RS answer cut short: the broken part errors, the study is a problem item, the next study comes, and a resync fetches only the rest', async () => {
  const a = '1.2.3.1';
  const b = '1.2.3.2';
  let cut = 100; // inside the second instance
  const route: Route = (url) => {
    const p = url.pathname.replace('/dicom-web', '');
    if (p === '/studies') return Response.json([studyJson(a, 2), studyJson(b, 1)], { headers: { 'content-type': 'application/dicom+json' } });
    if (p === `/studies/${a}`) return new Response(multipart([instance(a, 1), instance(a, 2)], cut), { headers: { 'content-type': MULTIPART } });
    if (p === `/studies/${b}`) return new Response(multipart([instance(b, 1)]), { headers: { 'content-type': MULTIPART } });
    if (p === `/studies/${a}/instances`) return Response.json([1, 2].map((n) => ({ '0020000E': { Value: [`${a}.1`] }, '00080018': { Value: [`${a}.1.${n}`] } })));
    if (p === `/studies/${a}/series/${a}.1/instances/${a}.1.2`) return new Response(multipart([instance(a, 2)]), { headers: { 'content-type': MULTIPART } });
    return new Response('', { status: 404 });
  };
  const state = emptySyncState();
  const first = await collect(new DicomwebSource({ url: ROOT, state, fetch: fakeFetch(route) }).items());
  assert.deepEqual(first.ok, [`${a}.1.1`, `${b}.1.1`]);
  assert.deepEqual(first.failed, [`${a}.1.2: SOURCE_PROTOCOL`]);
  assert.equal(first.problems.length, 1);
  assert.match(first.problems[0]!, /^SOURCE_PROTOCOL: Study 1 \(ref .{8}\): The multipart body ended inside a part.* 1 instance\(s\) of it were taken/);
  assert.doesNotMatch(first.problems[0]!, /1\.2\.3/);

  cut = 0;
  const seen: string[] = [];
  const second = await collect(new DicomwebSource({ url: ROOT, state, fetch: fakeFetch(route, seen) }).items());
  assert.deepEqual(second, { ok: [`${a}.1.2`], failed: [], problems: [] });
  assert.ok(!seen.includes(`/studies/${a}`), 'the study is not retrieved whole again');
});

test('QIDO-RS paging copes with servers that ignore limit, or offset', async () => {
  const all = Array.from({ length: 7 }, (_, i) => studyJson(`1.2.9.${i}`, 1));
  for (const mode of ['honours', 'ignores-limit', 'ignores-offset'] as const) {
    const seen: string[] = [];
    const route: Route = (url) => {
      if (url.pathname.endsWith('/studies')) {
        const limit = Number(url.searchParams.get('limit'));
        const offset = mode === 'ignores-offset' ? 0 : Number(url.searchParams.get('offset'));
        return Response.json(mode === 'ignores-limit' ? all.slice(offset) : all.slice(offset, offset + limit));
      }
      const uid = url.pathname.split('/').pop()!;
      return new Response(multipart([instance(uid, 1)]), { headers: { 'content-type': MULTIPART } });
    };
    const r = await collect(new DicomwebSource({ url: ROOT, pageSize: 3, fetch: fakeFetch(route, seen) }).items());
    const expected = mode === 'ignores-offset' ? 3 : 7; // a server that ignores offset only ever shows its first page
    assert.equal(r.ok.length, expected, mode);
    assert.ok(seen.filter((s) => s.startsWith('/studies?')).length <= 3, `${mode}: ${seen.length} searches`);
  }
});

test('answers of the wrong kind are SOURCE_PROTOCOL naming what was expected', async () => {
  const html: Route = () => new Response('<html>login</html>', { headers: { 'content-type': 'text/html' } });
  await assert.rejects(collect(new DicomwebSource({ url: ROOT, fetch: fakeFetch(html) }).items()), (err: unknown) =>
    isOncoAtlasError(err, 'SOURCE_PROTOCOL') && /text\/html where application\/dicom\+json was expected: is the URL the DICOMweb root/.test(err.message));
  const notJson: Route = () => new Response('{oops', { headers: { 'content-type': 'application/dicom+json' } });
  await assert.rejects(collect(new DicomwebSource({ url: ROOT, fetch: fakeFetch(notJson) }).items()), (err: unknown) =>
    isOncoAtlasError(err, 'SOURCE_PROTOCOL') && /not JSON/.test(err.message));
  const wrongWado: Route = (url) => url.pathname.endsWith('/studies')
    ? Response.json([studyJson('1.2.5.1', 1)])
    : new Response('{}', { headers: { 'content-type': 'application/json' } });
  const r = await collect(new DicomwebSource({ url: ROOT, fetch: fakeFetch(wrongWado) }).items());
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!, /^SOURCE_PROTOCOL: .*application\/json where multipart\/related; type="application\/dicom" was expected/);
});

test('a server that accepts the connection but never answers is SOURCE_UNREACHABLE after the timeout', async () => {
  const silent: typeof fetch = (_input, init) => new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
  await assert.rejects(collect(new DicomwebSource({ url: ROOT, fetch: silent, timeoutMs: 50 }).items()), (err: unknown) =>
    isOncoAtlasError(err, 'SOURCE_UNREACHABLE') && /pacs\.example:8080 could not be reached: it did not answer within/.test(err.message));
});

test('a caller abort stops the sync with the abort reason, not a source error', async () => {
  const controller = new AbortController();
  const route: Route = (url) => {
    if (url.pathname.endsWith('/studies')) return Response.json([studyJson('1.2.6.1', 1), studyJson('1.2.6.2', 1)]);
    const uid = url.pathname.split('/').pop()!;
    return new Response(multipart([instance(uid, 1)]), { headers: { 'content-type': MULTIPART } });
  };
  const items = new DicomwebSource({ url: ROOT, fetch: fakeFetch(route) }).items(controller.signal);
  await assert.rejects(async () => {
    for await (const item of items) {
      if (item.kind === 'instance') await readAll(item.content);
      controller.abort(new Error('user stopped'));
    }
  }, /user stopped/);
});
