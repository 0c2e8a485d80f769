/**
 * The population routes of the UI: watch and start population runs, and read the inventory of the source the
 * last populate read. Counts, stage names and typed error codes only; the source is shown by its kind
 * ("folder export", "DICOMweb"), never by a path that may hold a patient's name.
 */
import type { FastifyInstance } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import { INVENTORY_REPORT, type InventoryReport } from '@oncoatlas/pipeline';
import type { StudyLedger } from '@oncoatlas/store';
import { actorOf } from '../auth/access-hook.ts';
import { problemOf, sendProblem } from '../problem-details.ts';
import type { PopulationRuns } from './population-runs.ts';

const problem = { $ref: 'Problem#' };
const nullableString = { type: ['string', 'null'] } as const;
const counts = { type: 'object', additionalProperties: { type: 'number' } } as const;
const STAGES = ['inventory', 'select', 'deidentify', 'ocr', 'clinical'];
/** How many of the ledger's runs the overview lists. */
const LISTED_RUNS = 20;

const RUN_SCHEMA = {
  type: 'object',
  required: ['id', 'status', 'startedAt', 'finishedAt', 'stage', 'stages', 'error', 'funnel'],
  properties: {
    id: { type: 'string', description: 'the run\'s number in the ledger (local-N if it failed before the ledger recorded it)' },
    status: { type: 'string', enum: ['running', 'completed', 'failed'] },
    startedAt: { type: 'string' },
    finishedAt: nullableString,
    stage: { type: ['string', 'null'], enum: [...STAGES, null], description: 'the stage going on (or where a failed run stopped)' },
    stages: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'done', 'total', 'unit', 'finished'],
        properties: {
          name: { type: 'string', enum: STAGES },
          done: { type: 'integer' },
          total: { type: ['integer', 'null'], description: 'null while the inventory lists the source' },
          unit: { type: 'string', enum: ['files', 'studies', 'exports', 'images'] },
          finished: { type: 'boolean' },
        },
      },
    },
    error: {
      type: ['object', 'null'],
      description: 'the typed error of a failed run (docs/errors.md), never a stack',
      properties: { code: { type: 'string' }, detail: { type: 'string' } },
    },
    funnel: { type: ['object', 'null'], additionalProperties: true, description: 'the funnel counts (GET /api/funnel) when completed' },
  },
} as const;

const OVERVIEW_SCHEMA = {
  type: 'object',
  required: ['configured', 'source', 'current', 'runs'],
  properties: {
    configured: { type: 'boolean', description: 'false when the server was started without --source: runs cannot be started from here' },
    source: { ...nullableString, description: 'the kind of source: folder export, DICOMDIR or DICOMweb' },
    current: { anyOf: [{ type: 'null' }, RUN_SCHEMA], description: 'the run going on, or the last one this server process started' },
    runs: {
      type: 'array',
      description: `the ledger's runs (any command), newest first, at most ${LISTED_RUNS}`,
      items: {
        type: 'object',
        properties: { id: { type: 'integer' }, command: { type: 'string' }, startedAt: { type: 'string' }, finishedAt: nullableString, status: { type: 'string' } },
      },
    },
  },
} as const;

const INVENTORY_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description: 'The inventory report of packages/pipeline (counts and attribute names only), with the run that made it',
  properties: {
    run: { type: ['integer', 'null'] }, createdAt: { type: 'string' },
    files: { type: 'integer' }, bytes: { type: 'number' }, instances: { type: 'integer' }, studies: { type: 'integer' }, patients: { type: 'integer' },
    byModality: counts, bySopClass: counts, byManufacturer: counts, byBodyPart: counts, byYear: counts, byTransferSyntax: counts,
    rejectedFiles: counts,
  },
} as const;

export async function registerPopulationRoutes(api: FastifyInstance, ledger: StudyLedger, runs: PopulationRuns): Promise<void> {
  api.get('/population', {
    schema: { summary: 'Population runs: the one going on (per-stage progress) and the ledger\'s latest runs', tags: ['population'], response: { 200: OVERVIEW_SCHEMA, default: problem } },
  }, async () => {
    const listed = (await ledger.runs()).slice(-LISTED_RUNS).reverse();
    return {
      configured: runs.configured,
      source: runs.sourceLabel,
      current: runs.current(),
      runs: listed.map((r) => ({ id: r.id, command: r.command, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status })),
    };
  });

  api.post('/population/runs', {
    schema: {
      summary: 'Start a population run of the configured source in this server (one at a time); audited as RUN_STARTED with the signed-in user',
      tags: ['population'],
      response: { 202: RUN_SCHEMA, default: problem },
    },
  }, async (request, reply) => {
    if (!runs.configured) {
      // A conflict with how the server was started, not a malformed request: 409, with the USAGE code.
      return sendProblem(reply, problemOf(oncoError('USAGE', 'This server was started without a source to populate from: start it with oncoatlas serve --source ... --secret-file ... (docs/server.md).')), 409);
    }
    return reply.status(202).send(await runs.start(actorOf(request)));
  });

  api.get('/inventory', {
    schema: { summary: 'The inventory of the source the last populate run read: counts by modality, manufacturer, year, ...', tags: ['population'], response: { 200: INVENTORY_SCHEMA, default: problem } },
  }, async () => {
    const report = await ledger.cdm.report<InventoryReport>(INVENTORY_REPORT);
    if (!report) throw oncoError('REPORT_NOT_FOUND', 'No inventory was made on this node yet: it is made by each population run.');
    return { run: report.run, createdAt: report.createdAt, ...report.body };
  });
}
