/**
 * Errors as RFC 9457 problem details (`application/problem+json`) carrying our error codes, so an API client
 * reads the same code, and looks it up in the same place (docs/errors.md), as a CLI user. The detail is the
 * error's own message, which by the project's rule never holds an identifier; unexpected errors say nothing
 * beyond INTERNAL.
 */
import type { FastifyReply } from 'fastify';
import { ERROR_CODES, normalizeError, type ErrorCode } from '@oncoatlas/core';

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  USAGE: 400, CONFIG_INVALID: 400,
  AUTH_REQUIRED: 401, AUTH_INVALID: 401, AUTH_FORBIDDEN: 403,
  DATASET_NOT_FOUND: 404, REPORT_NOT_FOUND: 404, REVIEW_NOT_FOUND: 404, PREVIEW_UNAVAILABLE: 422,
  POPULATION_RUNNING: 409,
  // The request was right; what the node holds now does not allow it.
  DATASET_EMPTY: 409, DATASET_NOT_DRAFT: 409, RISK_RELEASE_REFUSED: 409,
  RELEASE_ATTRIBUTE_UNDECLARED: 409, RELEASE_SOURCE_UNAVAILABLE: 409, RELEASE_LEGAL_BASIS_MISSING: 409,
  // The node's Chromium failed: a server fault, but a typed one whose detail says what to do.
  DOSSIER_PDF_FAILED: 500,
  CATALOGUE_INVALID_FACTS: 400, CATALOGUE_INVALID_RECORD: 422, CATALOGUE_ILLEGAL_TRANSITION: 409, CATALOGUE_BAD_PAGE: 404,
  INTERNAL: 500,
};

export function problemOf(err: unknown): ProblemDetails {
  const e = normalizeError(err);
  const status = STATUS[e.code] ?? (e.code === 'IO_FAILED' ? 503 : 500);
  return {
    // Not dereferenceable on purpose: a node has no public web site; the code is explained in docs/errors.md.
    type: `urn:oncoatlas:error:${e.code}`,
    title: ERROR_CODES[e.code],
    status,
    detail: status === 500 && e.code === 'INTERNAL' ? 'An unexpected internal error; it was logged on the node without its details.' : e.message,
    code: e.code,
  };
}

/**
 * Sends a problem as application/problem+json. `status` overrides the code's usual one where the route knows
 * better: an unknown path is 404, a request that is right but conflicts with the node's state is 409.
 */
export function sendProblem(reply: FastifyReply, problem: ProblemDetails, status = problem.status): FastifyReply {
  return reply.status(status).type('application/problem+json').send({ ...problem, status });
}

/** The JSON Schema of a problem, for the OpenAPI document. */
export const PROBLEM_SCHEMA = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details with the OncoAtlas error code (docs/errors.md).',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'urn:oncoatlas:error:CODE' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', enum: Object.keys(ERROR_CODES) },
  },
} as const;
