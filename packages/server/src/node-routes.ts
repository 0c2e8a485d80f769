/**
 * The node's read-only routes. Everything they return is what the CLI prints: counts, study keys, pseudonyms,
 * hashes and the steward's own words; never an identifier (the ledger holds none in these tables). The funnel
 * with every study is logged as a read (CONTENT_READ); the counts alone are not.
 */
import type { FastifyInstance } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import { CLINICAL_REPORT, clinicalReportMissing, funnelOf, type ClinicalStageReport } from '@oncoatlas/pipeline';
import { DATASET_ID_PATTERN } from '@oncoatlas/release';
import type { StudyLedger } from '@oncoatlas/store';
import { auditRead } from './audited-read.ts';

const problem = { $ref: 'Problem#' };

/** The `:id` of a dataset route, as `oncoatlas dataset create` accepts it. */
export const DATASET_ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: DATASET_ID_PATTERN } } } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;

export async function registerNodeRoutes(api: FastifyInstance, ledger: StudyLedger): Promise<void> {
  api.get('/health', {
    schema: { summary: 'Liveness', tags: ['node'], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async () => ({ status: 'ok' }));

  api.get<{ Querystring: { studies?: boolean } }>('/funnel', {
    schema: {
      summary: 'Studies identified -> integrated / rejected by reason, and the clinical records\' funnel',
      tags: ['population'],
      querystring: { type: 'object', additionalProperties: false, properties: { studies: { type: 'boolean', description: 'include every study (by key) and where it ended' } } },
      response: { 200: anyObject, default: problem },
    },
  }, async (request) => {
    const funnel = await funnelOf(ledger);
    if (request.query.studies) {
      // Every study by key and where it ended is a per-study list of the node: logged as a read, as a preview is.
      await auditRead(ledger, request, { kind: 'FUNNEL_STUDIES', studies: funnel.studies.length });
      return funnel;
    }
    const { studies: _studies, ...counts } = funnel;
    return counts;
  });

  api.get('/qc', {
    schema: { summary: 'The clinical quality report of the last populate run', tags: ['population'], response: { 200: anyObject, default: problem } },
  }, async () => {
    const report = await ledger.cdm.report<ClinicalStageReport>(CLINICAL_REPORT);
    // The same cause the CLI's qc gives: no run yet, a failed or interrupted one, or no clinical section.
    if (!report) throw await clinicalReportMissing(ledger);
    return { run: report.run, createdAt: report.createdAt, ...report.body.qc };
  });

  api.get('/datasets', {
    schema: { summary: 'Datasets and their versions', tags: ['datasets'], response: { 200: { type: 'array', items: anyObject }, default: problem } },
  }, async () => {
    const [datasets, versions] = [await ledger.datasets.datasets(), await ledger.datasets.versions()];
    return datasets.map((d) => ({
      id: d.id, title: d.title, description: d.description, createdAt: d.created_at,
      versions: versions.filter((v) => v.dataset_id === d.id).map((v) => ({ version: v.version, state: v.state, createdAt: v.created_at, releasedAt: v.released_at, manifestSha256: v.manifest_sha256 })),
    }));
  });

  api.get<{ Params: { id: string }; Querystring: { version?: number } }>('/datasets/:id', {
    schema: {
      summary: 'One dataset version: counts, risk figures and decision, the override if any',
      tags: ['datasets'],
      params: DATASET_ID_PARAMS,
      querystring: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1, description: 'default: the latest' } } },
      response: { 200: anyObject, default: problem },
    },
  }, async (request) => {
    const { id } = request.params;
    const dataset = await ledger.datasets.dataset(id);
    const versions = await ledger.datasets.versions(id);
    const row = request.query.version === undefined ? versions.at(-1) : versions.find((v) => v.version === request.query.version);
    if (!dataset || !row) throw oncoError('DATASET_NOT_FOUND', `There is no dataset ${id}${request.query.version ? ` version ${request.query.version}` : ''} on this node.`);
    return {
      id, title: dataset.title, description: dataset.description, version: row.version, state: row.state,
      createdAt: row.created_at, createdBy: row.created_by, releasedAt: row.released_at, releasedBy: row.released_by,
      manifestSha256: row.manifest_sha256, override: row.override_json ? JSON.parse(row.override_json) as unknown : null,
      summary: JSON.parse(row.summary) as unknown,
    };
  });
}
