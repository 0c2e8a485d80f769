/**
 * The review queue's JSON over HTTP: an item, its held instances with what OCR found in their pixels (boxes
 * and kinds, never the text) and what was decided for each, and the problem a redaction OCR still reads an
 * identifier in. Items name studies by key and files by their pseudonymous output paths.
 */
import type { HeldDecisionResult, HeldInstance, ReviewDetail } from '@oncoatlas/pipeline';
import type { ReviewItemRow } from '@oncoatlas/store';

export const problem = { $ref: 'Problem#' };

const BOX = { type: 'array', items: { type: 'integer' }, minItems: 4, maxItems: 4, description: '[x, y, width, height] in pixels of the stored image, origin top left' } as const;

export const ITEM_PROPERTIES = {
  id: { type: 'integer' }, study: { type: 'string', description: 'study key (a hash; never a UID of the source)' },
  kind: { type: 'string' }, status: { type: 'string', enum: ['pending', 'approved', 'rejected'] },
  createdAt: { type: 'string' }, decidedBy: { type: ['string', 'null'] }, decidedAt: { type: ['string', 'null'] },
} as const;

export const ITEM = {
  type: 'object', additionalProperties: false,
  properties: { ...ITEM_PROPERTIES, held: { type: 'integer', description: 'instances of the study held now' } },
} as const;

const FINDING = {
  type: 'object', additionalProperties: false,
  properties: {
    frame: { type: 'integer' },
    kind: { type: 'string', enum: ['name', 'id', 'date', 'institution', 'text', 'zone'], description: 'an identifier of the patient (name, id, date, institution), other text, or a text zone of the device' },
    box: BOX,
    confidence: { type: ['number', 'null'], description: 'OCR confidence 0..1; null for a device zone' },
    source: { type: 'string', enum: ['ocr', 'template'] },
  },
} as const;

const DECISION = {
  type: ['object', 'null'], additionalProperties: false,
  properties: {
    action: { type: 'string', enum: ['release', 'redact', 'reject'] },
    boxes: { type: 'array', items: BOX },
    verified: { type: ['boolean', 'null'], description: 'OCR of the redacted pixels read none of the source\'s identifiers (true); null when not checked' },
    by: { type: 'string' }, at: { type: 'string' },
  },
} as const;

export const DETAIL = {
  type: 'object', additionalProperties: false,
  properties: {
    ...ITEM_PROPERTIES,
    note: { type: ['string', 'null'], description: 'the reason given with the decision' },
    ocr: { type: ['string', 'null'], description: 'the OCR engine of this node (verifies redactions), null when none is installed' },
    held: {
      type: 'array',
      description: 'every instance held in the item, decided ones included (their index stays)',
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          index: { type: 'integer' }, modality: { type: ['string', 'null'] },
          path: { type: 'string', description: 'pseudonymous path under the output tree where it was held' },
          scan: {
            type: ['object', 'null'], additionalProperties: false, description: 'the OCR scan of its pixels; null when none was made',
            properties: { engine: { type: 'string' }, outcome: { type: 'string', enum: ['found', 'none', 'failed'] }, reason: { type: ['string', 'null'] } },
          },
          findings: { type: 'array', items: FINDING },
          decision: DECISION,
        },
      },
    },
  },
} as const;

export const HELD_DECIDED = {
  type: 'object', additionalProperties: false,
  properties: {
    ...DETAIL.properties,
    decided: {
      type: 'object', additionalProperties: false,
      properties: {
        index: { type: 'integer' }, action: { type: 'string', enum: ['release', 'redact', 'reject'] },
        verified: { type: ['boolean', 'null'] },
        verification: {
          type: 'string', enum: ['verified', 'no-source', 'no-ocr', 'not-redacted'],
          description: 'verified: OCR read none of the identifiers; no-source: the source file cannot be read any more, so not checked; no-ocr: no OCR engine on this node; not-redacted: nothing to check',
        },
      },
    },
  },
} as const;

/** REDACTION_INCOMPLETE with where OCR still reads an identifier, by kind (RFC 9457 extension member). */
export const INCOMPLETE_PROBLEM = {
  type: 'object',
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, code: { type: 'string' },
    remaining: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { kind: { type: 'string' }, box: BOX } } },
  },
} as const;

export const HELD_DECISION_BODY = {
  type: 'object', additionalProperties: false, required: ['action', 'reason'],
  properties: {
    action: { type: 'string', enum: ['release', 'redact', 'reject'] },
    // Numbers, not integers: a fraction is refused by the pipeline as REDACTION_INVALID_BOX, naming the box.
    boxes: { type: 'array', maxItems: 500, items: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 } },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;

export function itemJson(i: ReviewItemRow): Record<string, unknown> {
  return { id: i.id, study: i.study_key, kind: i.kind, status: i.status, createdAt: i.created_at, decidedBy: i.decided_by, decidedAt: i.decided_at };
}

function heldJson(h: HeldInstance): Record<string, unknown> {
  return {
    index: h.index, modality: h.modality, path: h.path, scan: h.scan,
    findings: h.findings.map((f) => ({ frame: f.frame, kind: f.kind, box: f.box, confidence: f.confidence, source: f.source })),
    decision: h.decision && { action: h.decision.action, boxes: h.decision.boxes, verified: h.decision.verified, by: h.decision.by, at: h.decision.at },
  };
}

export function detailJson(d: ReviewDetail, ocr: string | null): Record<string, unknown> {
  return { ...itemJson(d.item), note: d.item.note, ocr, held: d.held.map(heldJson) };
}

export function heldDecidedJson(r: HeldDecisionResult, ocr: string | null): Record<string, unknown> {
  return { ...detailJson(r.detail, ocr), decided: { index: r.index, action: r.action, verified: r.verified, verification: r.verification } };
}
