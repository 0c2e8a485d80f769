/**
 * The review queue over HTTP: studies with instances held for possible burned-in text, a preview of each held
 * instance, its frames at full resolution and its de-identified header for the viewer, what OCR found in its
 * pixels, and the steward's decisions: per image (release, redact these boxes, reject) or for the whole item.
 * Items name studies by key and files by their pseudonymous output paths; a decision's reason is kept in the
 * ledger and only its hash goes into the audit log. Each preview, image or header served is logged as a read
 * (CONTENT_READ), since a held image may show text in its pixels; a decided image served is its released file.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isOncoAtlasError, oncoError } from '@oncoatlas/core';
import { instanceMetadata, type DicomJson } from '@oncoatlas/dicomweb';
import { decideHeldInstance, decideReview, ocrEngine, renderPreview, renderReviewImage, reviewDetail, writeCheckpoint, type ReviewDetail } from '@oncoatlas/pipeline';
import type { PixelAction, ReviewStatus, SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { auditRead } from './audited-read.ts';
import { actorOf } from './auth/access-hook.ts';
import { problemOf } from './problem-details.ts';
import { DETAIL, detailJson, HELD_DECIDED, HELD_DECISION_BODY, heldDecidedJson, INCOMPLETE_PROBLEM, ITEM, itemJson, problem } from './review-schemas.ts';
import type { Serially } from './serial-queue.ts';

/** Larger files (long multi-frame series) are not read whole into the server's memory for a thumbnail. */
const MAX_PREVIEW_FILE_BYTES = 512 * 1024 * 1024;

const STATUSES: Readonly<Record<string, readonly ReviewStatus[]>> = {
  pending: ['pending'], decided: ['approved', 'rejected'], all: ['pending', 'approved', 'rejected'],
};

const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;

async function detailOf(ledger: StudyLedger, id: number): Promise<ReviewDetail> {
  if (!(await ledger.reviewItem(id))) throw oncoError('REVIEW_NOT_FOUND', `There is no review item ${id} on this node.`);
  return reviewDetail(ledger, id);
}

type HeldParams = { id: number; index: number };
const HELD_PARAMS = { type: 'object', required: ['id', 'index'], properties: { ...ID_PARAMS.properties, index: { type: 'integer', minimum: 0 } } } as const;

interface HeldFile { readonly detail: ReviewDetail; readonly index: number; readonly bytes: Buffer }

/**
 * The bytes of a held instance of an item, as the release would ship them (once released or redacted, the
 * released file); PREVIEW_UNAVAILABLE when they cannot be shown.
 */
async function readHeld(ledger: StudyLedger, dataDir: string, p: HeldParams): Promise<HeldFile> {
  const d = await detailOf(ledger, p.id);
  const held = d.held[p.index];
  if (!held) throw oncoError('REVIEW_NOT_FOUND', `Review item ${d.item.id} holds ${d.held.length} instance(s); there is none at index ${p.index}.`);
  if (held.file === null) throw oncoError('PREVIEW_UNAVAILABLE', 'No preview: the image was rejected in review and its file removed.');
  const root = resolve(dataDir, 'deidentified');
  const file = resolve(root, held.file);
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

export interface ReviewRouteOptions {
  /** The site secret's keys of the ledger's sealed source paths: a redaction is verified against the source's identifiers only with them. */
  readonly sourcePaths?: SourcePathKeys;
  /** The tesseract command (default: tesseract on PATH). */
  readonly tesseract?: string;
}

/**
 * `serially` is the server's one queue of writes: approving moves files before the ledger records it, so two
 * decisions of one item interleaving could release files of an item the other rejected.
 */
export async function registerReviewRoutes(api: FastifyInstance, ledger: StudyLedger, dataDir: () => string, serially: Serially, o: ReviewRouteOptions = {}): Promise<void> {
  const ocr = (): string | null => ocrEngine(o.tesseract);

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
    schema: {
      summary: 'One review item with every instance held in it: what OCR found in its pixels (boxes and kinds) and what was decided for it',
      tags: ['review'], params: ID_PARAMS, response: { 200: DETAIL, default: problem },
    },
  }, async (request) => detailJson(await detailOf(ledger, request.params.id), ocr()));

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
      summary: 'Approve (release every image still held) or reject (keep them all out) a review item; final, recorded with who and why',
      description: '409 REVIEW_ALREADY_DECIDED when the item was decided (by this route, the CLI, or its last image\'s decision).',
      tags: ['review'],
      params: ID_PARAMS,
      body: {
        type: 'object', additionalProperties: false, required: ['decision', 'reason'],
        properties: { decision: { type: 'string', enum: ['approve', 'reject'] }, reason: { type: 'string', minLength: 1, maxLength: 2000 } },
      },
      response: { 200: DETAIL, default: problem },
    },
  }, async (request) => serially(async () => {
    const { id } = request.params;
    await detailOf(ledger, id);
    const at = new Date().toISOString();
    await decideReview(ledger, join(dataDir(), 'deidentified'), id, { approve: request.body.decision === 'approve', by: actorOf(request), why: request.body.reason, at });
    await writeCheckpoint(ledger, dataDir(), at);
    return detailJson(await reviewDetail(ledger, id), ocr());
  }, 'serve: review decision'));

  api.post<{ Params: HeldParams; Body: { action: PixelAction; boxes?: number[][]; reason: string } }>('/review/:id/held/:index/decision', {
    schema: {
      summary: 'Decide one held image: release it as it is, redact the boxes given, or reject it; final, recorded with who and why',
      description: 'Redact blanks the boxes in every frame and releases the image; when the node can read the source file and has OCR, '
        + 'the redacted pixels are OCR\'d first, and if one of the patient\'s identifiers is still read nothing is written: 422 '
        + 'REDACTION_INCOMPLETE listing where (`remaining`: kind and box, never the text). 400 REDACTION_INVALID_BOX for a box '
        + 'not in whole pixels inside the image, 409 REVIEW_ALREADY_DECIDED, 422 REDACTION_UNSUPPORTED for pixels that cannot be '
        + 'redacted losslessly. The item closes with its last image: approved when any image was released or redacted.',
      tags: ['review'],
      params: HELD_PARAMS,
      body: HELD_DECISION_BODY,
      response: { 200: HELD_DECIDED, 422: INCOMPLETE_PROBLEM, default: problem },
    },
  }, async (request, reply) => serially(async () => {
    const { id, index } = request.params;
    const at = new Date().toISOString();
    try {
      const decided = await decideHeldInstance(ledger, join(dataDir(), 'deidentified'), id, index, {
        action: request.body.action, ...(request.body.boxes ? { boxes: request.body.boxes } : {}), by: actorOf(request), why: request.body.reason, at,
        ...(o.sourcePaths ? { sourcePaths: o.sourcePaths } : {}), ...(o.tesseract ? { tesseract: o.tesseract } : {}),
      });
      await writeCheckpoint(ledger, dataDir(), at);
      return heldDecidedJson(decided, ocr());
    } catch (err) {
      if (!isOncoAtlasError(err, 'REDACTION_INCOMPLETE')) throw err;
      const remaining = JSON.parse(String(err.details.remaining ?? '[]')) as unknown[];
      return reply.status(422).type('application/problem+json').send({ ...problemOf(err), remaining });
    }
  }, 'serve: review image decision'));
}
