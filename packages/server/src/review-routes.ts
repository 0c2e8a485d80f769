/**
 * The review queue over HTTP: studies with instances held for possible burned-in text, a preview of each held
 * instance, its frames at full resolution and its de-identified header for the viewer, and the steward's decision. Items name studies by key and files by their pseudonymous output
 * paths; the decision's reason is kept in the ledger and only its hash goes into the audit log (decideReview).
 * Each preview, image or header served is logged as a read (CONTENT_READ), since a held image may show text in its pixels.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isOncoAtlasError, oncoError } from '@oncoatlas/core';
import { instanceMetadata, type DicomJson } from '@oncoatlas/dicomweb';
import { decideReview, renderPreview, renderReviewImage, reviewDetail, writeCheckpoint, type ReviewDetail } from '@oncoatlas/pipeline';
import type { ReviewItemRow, ReviewStatus, StudyLedger } from '@oncoatlas/store';
import { auditRead } from './audited-read.ts';
import { actorOf } from './auth/access-hook.ts';
import { problemOf, sendProblem } from './problem-details.ts';
import type { Serially } from './serial-queue.ts';

const problem = { $ref: 'Problem#' };

/** Larger files (long multi-frame series) are not read whole into the server's memory for a thumbnail. */
const MAX_PREVIEW_FILE_BYTES = 512 * 1024 * 1024;

const STATUSES: Readonly<Record<string, readonly ReviewStatus[]>> = {
  pending: ['pending'], decided: ['approved', 'rejected'], all: ['pending', 'approved', 'rejected'],
};

const ITEM_PROPERTIES = {
  id: { type: 'integer' }, study: { type: 'string', description: 'study key (a hash; never a UID of the source)' },
  kind: { type: 'string' }, status: { type: 'string', enum: ['pending', 'approved', 'rejected'] },
  createdAt: { type: 'string' }, decidedBy: { type: ['string', 'null'] }, decidedAt: { type: ['string', 'null'] },
} as const;

const ITEM = {
  type: 'object', additionalProperties: false,
  properties: { ...ITEM_PROPERTIES, held: { type: 'integer', description: 'instances of the study held now' } },
} as const;

const DETAIL = {
  type: 'object', additionalProperties: false,
  properties: {
    ...ITEM_PROPERTIES,
    note: { type: ['string', 'null'], description: 'the reason given with the decision' },
    held: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: { index: { type: 'integer' }, modality: { type: ['string', 'null'] }, path: { type: 'string', description: 'pseudonymous path under the output tree' } },
      },
    },
  },
} as const;

const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;

function itemJson(i: ReviewItemRow): Record<string, unknown> {
  return { id: i.id, study: i.study_key, kind: i.kind, status: i.status, createdAt: i.created_at, decidedBy: i.decided_by, decidedAt: i.decided_at };
}

function detailJson(d: ReviewDetail): Record<string, unknown> {
  return { ...itemJson(d.item), note: d.item.note, held: d.held.map((h, index) => ({ index, modality: h.modality, path: h.path })) };
}

async function detailOf(ledger: StudyLedger, id: number): Promise<ReviewDetail> {
  if (!(await ledger.reviewItem(id))) throw oncoError('REVIEW_NOT_FOUND', `There is no review item ${id} on this node.`);
  return reviewDetail(ledger, id);
}

type HeldParams = { id: number; index: number };
const HELD_PARAMS = { type: 'object', required: ['id', 'index'], properties: { ...ID_PARAMS.properties, index: { type: 'integer', minimum: 0 } } } as const;

interface HeldFile { readonly detail: ReviewDetail; readonly index: number; readonly bytes: Buffer }

/** The bytes of a held instance of an item, as the release would ship them; PREVIEW_UNAVAILABLE when they cannot be shown. */
async function readHeld(ledger: StudyLedger, dataDir: string, p: HeldParams): Promise<HeldFile> {
  const d = await detailOf(ledger, p.id);
  const held = d.held[p.index];
  if (!held) throw oncoError('REVIEW_NOT_FOUND', `Review item ${d.item.id} holds ${d.held.length} instance(s) now; there is none at index ${p.index}.`);
  const root = resolve(dataDir, 'deidentified');
  const file = resolve(root, held.path);
  // The path comes from the ledger, not the request; checked anyway so no row can point outside the tree.
  if (!file.startsWith(root + sep)) throw oncoError('INTERNAL', 'A held instance\'s recorded path leaves the output tree.');
  const size = await stat(file).then((s) => s.size, (err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw oncoError('PREVIEW_UNAVAILABLE', 'No preview: the held file is not in the data directory any more.');
    throw err;
  });
  if (size > MAX_PREVIEW_FILE_BYTES) throw oncoError('PREVIEW_UNAVAILABLE', `No preview: the file is ${Math.round(size / 2 ** 20)} MB, more than the preview reads; open it in a DICOM viewer.`);
  return { detail: d, index: p.index, bytes: await readFile(file) };
}

/** Every view of a held file (preview, full image, header) is logged as a read of that file, once it is ready to send. */
function auditHeld(ledger: StudyLedger, request: FastifyRequest, h: HeldFile): Promise<void> {
  return auditRead(ledger, request, {
    kind: 'REVIEW_PREVIEW', item: h.detail.item.id, index: h.index, study: h.detail.item.study_key,
    contentHash: createHash('sha256').update(h.bytes).digest('hex'),
  });
}

/** DICOM JSON with bulk data references dropped: the viewer shows the header, and the pixels come as image.png. */
function withoutBulkData(json: DicomJson): DicomJson {
  const out: DicomJson = {};
  for (const [key, { BulkDataURI: _dropped, ...a }] of Object.entries(json)) {
    out[key] = a.vr === 'SQ' && a.Value ? { ...a, Value: a.Value.map((item) => withoutBulkData(item as DicomJson)) } : a;
  }
  return out;
}

/** A USAGE problem with 409: the request was right, the item's state no longer allows it. */
function conflict(reply: FastifyReply, message: string): FastifyReply {
  return sendProblem(reply, problemOf(oncoError('USAGE', message)), 409);
}

/**
 * `serially` is the server's one queue of writes: approving moves files before the ledger records it, so two
 * decisions of one item interleaving could release files of an item the other rejected.
 */
export async function registerReviewRoutes(api: FastifyInstance, ledger: StudyLedger, dataDir: () => string, serially: Serially): Promise<void> {

  api.get<{ Querystring: { status?: string } }>('/review', {
    schema: {
      summary: 'Review items: studies with instances held for possible burned-in text (oldest first, at most 1000)',
      tags: ['review'],
      querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: Object.keys(STATUSES), default: 'pending' } } },
      response: { 200: { type: 'array', items: ITEM }, default: problem },
    },
  }, async (request) => {
    const items = await ledger.reviewItems(STATUSES[request.query.status ?? 'pending']!);
    return items.map((i) => ({ ...itemJson(i), held: i.held }));
  });

  api.get<{ Params: { id: number } }>('/review/:id', {
    schema: { summary: 'One review item with its held instances', tags: ['review'], params: ID_PARAMS, response: { 200: DETAIL, default: problem } },
  }, async (request) => detailJson(await detailOf(ledger, request.params.id)));

  api.get<{ Params: HeldParams }>('/review/:id/held/:index/preview.png', {
    schema: {
      summary: 'A held instance\'s first frame as PNG (windowed, at most 1024 px); 422 PREVIEW_UNAVAILABLE for non-image instances and codecs other than RLE Lossless and JPEG Baseline',
      tags: ['review'],
      params: HELD_PARAMS,
      response: { 200: { description: 'image/png', type: 'string', format: 'binary' }, default: problem },
    },
  }, async (request, reply) => {
    const held = await readHeld(ledger, dataDir(), request.params);
    const png = renderPreview(held.bytes);
    // Logged once the preview exists (a 422 showed nothing) and before it is sent.
    await auditHeld(ledger, request, held);
    // A held image may show a name in its pixels: never kept in a shared cache or the browser's disk cache.
    return reply.type('image/png').header('cache-control', 'no-store').send(png);
  });

  api.get<{ Params: HeldParams; Querystring: { frame?: number } }>('/review/:id/held/:index/image.png', {
    schema: {
      summary: 'A held instance\'s frame at full resolution as a lossless PNG, for the review viewer',
      description: 'Monochrome: the stored values (16-bit grey when Bits Stored is over 8, else 8-bit), shifted into an unsigned range; '
        + 'the modality value of a sample s is s * x-value-slope + x-value-intercept. Colour: 8-bit RGB. Headers: x-image-frames, '
        + 'x-image-photometric (MONOCHROME1 shows low values white), x-value-slope, x-value-intercept, x-value-min, x-value-max '
        + '(modality values), x-rescale-slope, x-rescale-intercept, and x-window-center / x-window-width (the file\'s first window, when it has one). '
        + '422 PREVIEW_UNAVAILABLE as preview.png.',
      tags: ['review'],
      params: HELD_PARAMS,
      querystring: { type: 'object', additionalProperties: false, properties: { frame: { type: 'integer', minimum: 1, default: 1 } } },
      response: { 200: { description: 'image/png', type: 'string', format: 'binary' }, default: problem },
    },
  }, async (request, reply) => {
    const held = await readHeld(ledger, dataDir(), request.params);
    const image = renderReviewImage(held.bytes, { frame: request.query.frame ?? 1 });
    await auditHeld(ledger, request, held);
    const headers: Record<string, string | number> = {
      'x-image-frames': image.frames, 'x-image-photometric': image.photometric,
      'x-value-slope': image.valueSlope, 'x-value-intercept': image.valueIntercept, 'x-value-min': image.min, 'x-value-max': image.max,
      'x-rescale-slope': image.rescaleSlope, 'x-rescale-intercept': image.rescaleIntercept,
      ...(image.window ? { 'x-window-center': image.window.centre, 'x-window-width': image.window.width } : {}),
    };
    return reply.type('image/png').header('cache-control', 'no-store').headers(headers).send(image.png);
  });

  api.get<{ Params: HeldParams }>('/review/:id/held/:index/header', {
    schema: {
      summary: 'A held instance\'s de-identified header as DICOM JSON (PS3.18 F.2), without bulk data: binary values are given by their VR only',
      tags: ['review'],
      params: HELD_PARAMS,
      response: { 200: { type: 'object', additionalProperties: true }, default: problem },
    },
  }, async (request, reply) => {
    const held = await readHeld(ledger, dataDir(), request.params);
    const json = withoutBulkData(instanceMetadata(held.bytes, { bulkDataUri: () => '', inlineLimit: 0 }));
    await auditHeld(ledger, request, held);
    return reply.header('cache-control', 'no-store').send(json);
  });

  api.post<{ Params: { id: number }; Body: { decision: 'approve' | 'reject'; reason: string } }>('/review/:id/decision', {
    schema: {
      summary: 'Approve (release the held instances) or reject (keep them out) a review item; final, recorded with who and why',
      tags: ['review'],
      params: ID_PARAMS,
      body: {
        type: 'object', additionalProperties: false, required: ['decision', 'reason'],
        properties: { decision: { type: 'string', enum: ['approve', 'reject'] }, reason: { type: 'string', minLength: 1, maxLength: 2000 } },
      },
      response: { 200: DETAIL, default: problem },
    },
  }, async (request, reply) => serially(async () => {
    const { id } = request.params;
    const before = await detailOf(ledger, id);
    if (before.item.status !== 'pending') return conflict(reply, `Review item ${id} was already decided (${before.item.status}); decisions are final.`);
    const by = actorOf(request);
    const at = new Date().toISOString();
    try {
      await decideReview(ledger, join(dataDir(), 'deidentified'), id, { approve: request.body.decision === 'approve', by, why: request.body.reason, at });
    } catch (err) {
      // Decided by another process (the CLI) since the check above.
      if (isOncoAtlasError(err, 'USAGE') && (await ledger.reviewItem(id))?.status !== 'pending') return conflict(reply, `Review item ${id} was decided meanwhile; decisions are final.`);
      throw err;
    }
    await writeCheckpoint(ledger, dataDir(), at);
    return detailJson(await reviewDetail(ledger, id));
  }, 'serve: review decision'));
}
