/**
 * Errors as RFC 9457 problem details (`application/problem+json`) carrying our error codes, so an API client
 * reads the same code, and looks it up in the same place (docs/errors.md), as a CLI user. The detail is the
 * error's own message, which by the project's rule never holds an identifier; unexpected errors say nothing
 * beyond INTERNAL.
 */
import type { FastifyReply } from 'fastify';
import { ERROR_CODES, isOncoAtlasError, normalizeError, type ErrorCode } from '@oncoatlas/core';

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  USAGE: 400, CONFIG_INVALID: 400, REQUEST_INVALID: 400, REQUEST_TOO_LARGE: 413, MEDIA_TYPE_UNSUPPORTED: 415,
  AUTH_REQUIRED: 401, AUTH_INVALID: 401, AUTH_FORBIDDEN: 403, SIGN_IN_FAILED: 400, CROSS_SITE_REFUSED: 403,
  DATASET_NOT_FOUND: 404, REPORT_NOT_FOUND: 404, REVIEW_NOT_FOUND: 404, PREVIEW_UNAVAILABLE: 422, REVIEW_ALREADY_DECIDED: 409, REDACTION_UNSUPPORTED: 422, REDACTION_INVALID_BOX: 400, REDACTION_INCOMPLETE: 422, OCR_UNAVAILABLE: 503,
  POPULATION_RUNNING: 409, DATA_DIR_LOCKED: 409,
  // The request was right; what the node holds now does not allow it.
  DATASET_EMPTY: 409, DATASET_NOT_DRAFT: 409, RISK_RELEASE_REFUSED: 409,
  RELEASE_ATTRIBUTE_UNDECLARED: 409, RELEASE_SOURCE_UNAVAILABLE: 409, RELEASE_LEGAL_BASIS_MISSING: 409,
  // The node's Chromium failed: a server fault, but a typed one whose detail says what to do.
  DOSSIER_PDF_FAILED: 500,
  CATALOGUE_INVALID_FACTS: 400, CATALOGUE_INVALID_RECORD: 422, CATALOGUE_ILLEGAL_TRANSITION: 409, CATALOGUE_BAD_PAGE: 404,
  HUB_JOIN_INVALID: 401, HUB_CREDENTIAL_INVALID: 401, HUB_NODE_NOT_FOUND: 404, HUB_NODE_NOT_APPROVED: 403,
  HUB_QUERY_NOT_FOUND: 404, HUB_UNREACHABLE: 503, HUB_NOT_JOINED: 409, HUB_TASK_INVALID: 422,
  // Too many queries from this researcher in the window: retry after it refills.
  FEDERATION_BUDGET_SPENT: 429,
  FEDERATION_INVALID_QUERY: 400, FEDERATION_UNAUTHORIZED: 401, FEDERATION_FOCUS_DISABLED: 404,
  ACCESS_TRANSITION_REFUSED: 409, ACCESS_FORM_INVALID: 400, ACCESS_NOT_FOUND: 404, ACCESS_DOCUMENT_INVALID: 400,
  ONBOARDING_NOT_APPROVED: 409, AGREEMENT_MISSING: 409,
  PERMIT_INVALID: 403, PERMIT_REVOKED: 403, PERMIT_EXPIRED: 403, PERMIT_NOT_APPLICABLE: 403, MAIL_FAILED: 502,
  PERMIT_REQUIRED: 401, DICOMWEB_NOT_FOUND: 404, DICOMWEB_BAD_REQUEST: 400, DICOMWEB_STORE_REFUSED: 405,
  JOB_NOT_FOUND: 404, JOB_TOOL_NOT_ALLOWED: 403, JOB_STATE: 409, JOB_OUTPUT_BLOCKED: 409, SANDBOX_UNAVAILABLE: 503, HUB_JOB_NOT_FOUND: 404,
  BLOB_KEY_INVALID: 400, BLOB_NOT_FOUND: 404, BLOB_EXISTS: 409, BLOB_UNAVAILABLE: 503, QUEUE_REQUIRES_POSTGRES: 409, QUEUE_UNAVAILABLE: 503, WORKER_SETTINGS_MISMATCH: 409, QUEUE_WAIT_TIMEOUT: 503,
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
 * Fastify's own refusals of a malformed request (body not JSON, a `__proto__` key, a content type no route
 * parses, a body over the limit, a path that cannot be decoded) carry a 4xx status: they become problems
 * with our codes and that status, with a fixed message that repeats nothing of the request. Anything else
 * is not a request error (undefined).
 */
export function problemOfRequestError(err: unknown): ProblemDetails | undefined {
  if (isOncoAtlasError(err) || !(err instanceof Error)) return undefined;
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const fastifyCode = String((err as { code?: unknown }).code ?? '');
  const [code, detail]: [ErrorCode, string] = status === 413
    ? ['REQUEST_TOO_LARGE', 'The request body is larger than this route accepts (1 MiB).']
    : status === 415
      ? ['MEDIA_TYPE_UNSUPPORTED', 'The request body\'s content type is not one this route accepts: send application/json.']
      : ['REQUEST_INVALID', REQUEST_INVALID_DETAIL[fastifyCode] ?? 'The request is malformed and was not read.'];
  // The static files' own refusals (a path with `..` or a NUL byte is 403 there) are a malformed request here.
  const answered = status === 413 || status === 415 || status === 404 || status === 405 ? status : 400;
  return { type: `urn:oncoatlas:error:${code}`, title: ERROR_CODES[code], status: answered, detail, code };
}

const REQUEST_INVALID_DETAIL: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request says it carries JSON but its body is empty.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request\'s Content-Length does not match its body.',
  FST_ERR_BAD_URL: 'The request\'s path cannot be decoded.',
};

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
