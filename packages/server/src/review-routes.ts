/**
 * The review queue over HTTP: studies with instances held for possible burned-in text, a preview of each held
 * instance, and the steward's decision. Items name studies by key and files by their pseudonymous output
 * paths; the decision's reason is kept in the ledger and only its hash goes into the audit log (decideReview).
 * Each preview served is logged as a read (CONTENT_READ), since a held image may show text in its pixels.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isOncoAtlasError, oncoError } from '@oncoatlas/core';
import { decideReview, renderPreview, reviewDetail, writeCheckpoint, type ReviewDetail } from '@oncoatlas/pipeline';
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

  api.get<{ Params: { id: number; index: number } }>('/review/:id/held/:index/preview.png', {
    schema: {
      summary: 'A held instance\'s first frame as PNG (windowed, at most 1024 px); 422 PREVIEW_UNAVAILABLE for non-image instances and codecs other than RLE Lossless and JPEG Baseline',
      tags: ['review'],
      params: { type: 'object', required: ['id', 'index'], properties: { ...ID_PARAMS.properties, index: { type: 'integer', minimum: 0 } } },
      response: { 200: { description: 'image/png', type: 'string', format: 'binary' }, default: problem },
    },
  }, async (request, reply) => {
    const d = await detailOf(ledger, request.params.id);
    const held = d.held[request.params.index];
    if (!held) throw oncoError('REVIEW_NOT_FOUND', `Review item ${d.item.id} holds ${d.held.length} instance(s) now; there is none at index ${request.params.index}.`);
    const root = resolve(dataDir(), 'deidentified');
    const file = resolve(root, held.path);
    // The path comes from the ledger, not the request; checked anyway so no row can point outside the tree.
    if (!file.startsWith(root + sep)) throw oncoError('INTERNAL', 'A held instance\'s recorded path leaves the output tree.');
    const size = await stat(file).then((s) => s.size, (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw oncoError('PREVIEW_UNAVAILABLE', 'No preview: the held file is not in the data directory any more.');
      throw err;
    });
    if (size > MAX_PREVIEW_FILE_BYTES) throw oncoError('PREVIEW_UNAVAILABLE', `No preview: the file is ${Math.round(size / 2 ** 20)} MB, more than the preview reads; open it in a DICOM viewer.`);
    const bytes = await readFile(file);
    const png = renderPreview(bytes);
    // Logged once the preview exists (a 422 showed nothing) and before it is sent.
    await auditRead(ledger, request, {
      kind: 'REVIEW_PREVIEW', item: d.item.id, index: request.params.index, study: d.item.study_key,
      contentHash: createHash('sha256').update(bytes).digest('hex'),
    });
    // A held image may show a name in its pixels: never kept in a shared cache or the browser's disk cache.
    return reply.type('image/png').header('cache-control', 'no-store').send(png);
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
