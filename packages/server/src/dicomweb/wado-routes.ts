/**
 * WADO-RS (PS3.18 10.4) of a dataset version: studies, series and instances as multipart/related
 * application/dicom parts holding the stored files' bytes unchanged (each part says its own transfer syntax:
 * the node serves what it released and transcodes nothing), metadata as DICOM JSON with BulkDataURIs, frames of
 * uncompressed pixel data, bulk values, and rendered PNGs (@oncoatlas/pipeline's renderPreview).
 * Retrieving bytes needs the `download` action; metadata and rendered images, which a viewer shows, either action.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  acceptMultipart, acceptSingle, instanceBulkData, instanceFrames, instanceMetadata, multipartChunks, multipartType, newBoundary, type Part,
} from '@oncoatlas/dicomweb';
import { oncoError } from '@oncoatlas/core';
import { renderPreview } from '@oncoatlas/pipeline';
import { resourceOf, retrieveUrls, rootUrl, type DicomWebOptions, type Params, type Request } from './dicomweb-routes.ts';
import { DOWNLOAD, permitFor, VIEW, type Permitted } from './permit-guard.ts';
import { indexOf, instanceOf, instancesOf, readInstance, type InstanceAt } from './version-reads.ts';

type Ids = { study: string; series?: string; instance?: string };
const tags = ['dicomweb'];
const OCTETS_LE = 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1';
/** Rendered images are drawn at the stored size unless a viewport asks for less. */
const RENDER_MAX = 4096;

function scopeOf(ids: Ids): string[] {
  return ids.instance ? ['instance', ids.study, ids.series!, ids.instance] : ids.series ? ['series', ids.study, ids.series] : ['study', ids.study];
}

async function targets(o: DicomWebOptions, p: Permitted, ids: Ids): Promise<InstanceAt[]> {
  const index = await indexOf(o.dataDir(), p);
  return ids.instance ? [instanceOf(index, ids.study, ids.series!, ids.instance)] : instancesOf(index, ids.study, ids.series);
}

/** Instances read ahead of the one being sent (the libuv thread pool has four threads). */
const READ_AHEAD = 8;

function sendMultipart(reply: FastifyReply, partType: string, parts: AsyncIterable<Part>): FastifyReply {
  const boundary = newBoundary();
  return reply.type(multipartType(partType, boundary)).send(Readable.from(multipartChunks(boundary, parts)));
}

function frameNumbers(list: string): number[] {
  const numbers = list.split(',').map((s) => s.trim());
  if (numbers.length === 0 || numbers.length > 10_000 || !numbers.every((n) => /^[1-9]\d{0,8}$/.test(n))) {
    throw oncoError('DICOMWEB_BAD_REQUEST', 'Frames are asked as a comma-separated list of numbers from 1.');
  }
  return numbers.map(Number);
}

function viewportSize(query: Readonly<Record<string, unknown>>): number {
  const v = query.viewport;
  if (typeof v !== 'string') return RENDER_MAX;
  const [w, h] = v.split(',').slice(0, 2).map(Number);
  const side = Math.max(w ?? 0, h ?? 0);
  if (!Number.isInteger(side) || side < 1) throw oncoError('DICOMWEB_BAD_REQUEST', 'viewport is width,height in pixels.');
  return Math.min(side, RENDER_MAX);
}

export async function registerWadoRoutes(dw: FastifyInstance, o: DicomWebOptions): Promise<void> {
  const instance = '/studies/:study/series/:series/instances/:instance';
  for (const [url, level] of [['/studies/:study', 'study'], ['/studies/:study/series/:series', 'series'], [instance, 'instance']] as const) {
    dw.get<{ Params: Params<Ids> }>(url, { schema: { summary: `WADO-RS (permit: download): the ${level}'s instances as multipart/related; type="application/dicom", the stored bytes unchanged`, tags } }, async (request, reply) => {
      const p = await permitFor(o, request, DOWNLOAD, resourceOf('wado', ...scopeOf(request.params)));
      const asked = acceptMultipart(request.headers.accept, 'application/dicom', 'An instance retrieve').params['transfer-syntax'];
      const list = await targets(o, p, request.params);
      if (asked && asked !== '*' && list.some((t) => t.instance.transferSyntaxUid !== asked)) {
        void reply.header('warning', '299 - "Instances are served in the transfer syntax they were released in; each part says which."');
      }
      const dataDir = o.dataDir();
      return sendMultipart(reply, 'application/dicom', (async function* () {
        // A few reads in flight while parts go out: one file at a time left the connection waiting on each
        // open/read/close round trip of the thread pool (measured: BENCHMARKS.md, "Using data under a permit").
        const ahead: Promise<Buffer>[] = [];
        let next = 0;
        const fill = (): void => { while (next < list.length && ahead.length < READ_AHEAD) ahead.push(readInstance(dataDir, p, list[next++]!.instance)); };
        for (const t of list) {
          fill();
          const body = await ahead.shift()!;
          yield { contentType: `application/dicom; transfer-syntax=${t.instance.transferSyntaxUid}`, body };
        }
      })());
    });
    dw.get<{ Params: Params<Ids> }>(`${url}/metadata`, { schema: { summary: `WADO-RS metadata (permit: in-situ or download): DICOM JSON of the ${level}'s instances, bulk values as BulkDataURI`, tags } }, async (request, reply) => {
      const p = await permitFor(o, request, VIEW, resourceOf('metadata', ...scopeOf(request.params)));
      acceptSingle(request.headers.accept, 'application/dicom+json', 'Metadata', ['application/json']);
      const urls = retrieveUrls(rootUrl(o, request as unknown as Request));
      const out = [];
      for (const t of await targets(o, p, request.params)) {
        const base = urls.instance(t.study.studyInstanceUid, t.series.seriesInstanceUid, t.instance.sopInstanceUid);
        out.push(instanceMetadata(await readInstance(o.dataDir(), p, t.instance), { bulkDataUri: (path) => `${base}/bulkdata/${path}` }));
      }
      return reply.type('application/dicom+json').send(JSON.stringify(out));
    });
  }

  dw.get<{ Params: Params<Required<Ids> & { frames: string }> }>(`${instance}/frames/:frames`, { schema: { summary: 'WADO-RS frames (permit: download): multipart/related; type="application/octet-stream", one part per frame asked, uncompressed little endian', tags } }, async (request, reply) => {
    const p = await permitFor(o, request, DOWNLOAD, resourceOf('frames', ...scopeOf(request.params).slice(1), request.params.frames));
    acceptMultipart(request.headers.accept, 'application/octet-stream', 'Frames');
    const numbers = frameNumbers(request.params.frames);
    const [t] = await targets(o, p, request.params);
    const frames = instanceFrames(await readInstance(o.dataDir(), p, t!.instance), numbers);
    return sendMultipart(reply, 'application/octet-stream', (async function* () {
      for (const body of frames) yield { contentType: OCTETS_LE, body };
    })());
  });

  dw.get<{ Params: Params<Required<Ids> & { '*': string }> }>(`${instance}/bulkdata/*`, { schema: { summary: 'WADO-RS bulk data (permit: download): the value a BulkDataURI of the metadata names, as one application/octet-stream part', tags } }, async (request, reply) => {
    const p = await permitFor(o, request, DOWNLOAD, resourceOf('bulkdata', ...scopeOf(request.params).slice(1), request.params['*']));
    acceptMultipart(request.headers.accept, 'application/octet-stream', 'Bulk data');
    const [t] = await targets(o, p, request.params);
    const body = instanceBulkData(await readInstance(o.dataDir(), p, t!.instance), request.params['*']);
    return sendMultipart(reply, 'application/octet-stream', (async function* () { yield { contentType: OCTETS_LE, body }; })());
  });

  const rendered = async (request: Request<Required<Ids> & { frames?: string }>, reply: FastifyReply): Promise<FastifyReply> => {
    const frame = request.params.frames ?? '1';
    const p = await permitFor(o, request, VIEW, resourceOf('rendered', ...scopeOf(request.params).slice(1), frame));
    acceptSingle(request.headers.accept, 'image/png', 'A rendered image');
    if (!/^[1-9]\d{0,8}$/.test(frame)) throw oncoError('DICOMWEB_BAD_REQUEST', 'A rendered frame is asked by one number from 1.');
    const [t] = await targets(o, p, request.params);
    const png = renderPreview(await readInstance(o.dataDir(), p, t!.instance), { frame: Number(frame), maxSize: viewportSize(request.query) });
    return reply.type('image/png').send(png);
  };
  dw.get(`${instance}/rendered`, { schema: { summary: 'WADO-RS rendered (permit: in-situ or download): the first frame as image/png, windowed as the file says', tags } }, rendered);
  dw.get(`${instance}/frames/:frames/rendered`, { schema: { summary: 'WADO-RS rendered frame (permit: in-situ or download): one frame as image/png', tags } }, rendered);
}
