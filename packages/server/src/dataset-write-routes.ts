/**
 * The steward's dataset routes: create a version of what the node has integrated, release it through the risk
 * gate, and read a released version's compliance dossier. They call what `oncoatlas dataset create|release`
 * call, with the signed-in user as `by`; what they return is ids, counts and states, never a patient. Each
 * dossier served is logged as a read (CONTENT_READ) with the version, the format and the hash of its bytes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { isOncoAtlasError, oncoError, type ErrorCode } from '@oncoatlas/core';
import { writeCheckpoint } from '@oncoatlas/pipeline';
import { chromiumAvailable, createDatasetVersion, type CohortSelection, DATASET_ID_PATTERN, latestReleasedVersion, latestVersion, releaseDatasetVersion, versionDir, writeDossier } from '@oncoatlas/release';
import type { SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { auditRead } from './audited-read.ts';
import { actorOf } from './auth/access-hook.ts';
import { DATASET_ID_PARAMS } from './node-routes.ts';
import type { Serially } from './serial-queue.ts';

const problem = { $ref: 'Problem#' };

export interface DatasetWriteContext {
  readonly ledger: StudyLedger;
  /** The data directory; throws when the server was started without one. */
  readonly dataDir: () => string;
  /** The server's one queue of writes (review decisions, versions). */
  readonly serially: Serially;
  /** True while a population run of this server is going on: a version made then would freeze half a run. */
  readonly populating: () => boolean;
  /** Logs a failure by its code only. */
  readonly logFailure: (code: ErrorCode) => void;
  /**
   * The keys of the ledger's sealed source paths (from the site secret): a new version's attack simulation
   * re-reads the hospital's own files. Without them POST /api/datasets answers RELEASE_SOURCE_UNAVAILABLE.
   */
  readonly sourcePaths?: SourcePathKeys;
}

interface NewVersionBody {
  readonly id: string;
  readonly title?: string;
  readonly description?: string;
  readonly purpose?: string;
  readonly legalBasis?: string;
  readonly maxSuppression?: number;
  /** The criteria of `dataset create`. */
  readonly cohort?: CohortSelection;
}

interface ReleaseBody {
  readonly overrideRisk?: boolean;
  readonly justification?: string;
  readonly version?: number;
}

const text = (maxLength: number, description: string) => ({ type: 'string', minLength: 1, maxLength, description }) as const;
const codes = (description: string) => ({ type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.+-]+$' }, description }) as const;

const NEW_VERSION_BODY = {
  type: 'object', additionalProperties: false, required: ['id'],
  properties: {
    id: { type: 'string', pattern: DATASET_ID_PATTERN, description: 'the dataset id; a new id makes a new dataset, a known one its next version' },
    title: text(500, 'required for a new dataset; a later version keeps the dataset\'s title'),
    description: text(5000, 'the dataset\'s description (a new dataset only)'),
    purpose: text(5000, 'the purpose of processing the data may serve (stated in the dossier)'),
    legalBasis: text(5000, 'the legal basis of the sharing (GDPR article, EHDS article, ethics approval); a version without one cannot be released'),
    maxSuppression: { type: 'number', minimum: 0, maximum: 1, description: 'share of patients (and of studies) that may be left out to meet the policy (default 0.1)' },
    cohort: {
      type: 'object', additionalProperties: false, description: 'the cohort asked for; without it, every integrated study',
      properties: {
        modalities: codes('studies with one of these modalities (CT, MR...)'),
        conditions: codes('patients with one of these conditions, ICD-10 prefixes or names (C34, lung_cancer)'),
        bodyParts: codes('studies with one of these Body Part Examined values'),
        from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'studies on or after this date (the hospital\'s own study date)' },
        to: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'studies on or before this date' },
        hasClinicalRecord: { type: 'boolean', description: 'patients with a clinical record only' },
      },
    },
  },
} as const;

const RELEASE_BODY = {
  type: 'object', additionalProperties: false,
  properties: {
    overrideRisk: { type: 'boolean', description: 'release although the risk is above the policy (needs a justification)' },
    justification: { type: 'string', maxLength: 5000, description: 'why the risk is accepted, and by whom (at least 20 characters; recorded, its hash in the audit log)' },
    version: { type: 'integer', minimum: 1, description: 'default: the latest version' },
  },
} as const;

const VERSION_REPLY = {
  type: 'object', additionalProperties: false, required: ['id', 'version', 'state'],
  properties: { id: { type: 'string' }, version: { type: 'integer' }, state: { type: 'string' } },
} as const;

const RELEASE_REPLY = {
  type: 'object', additionalProperties: false, required: ['id', 'version', 'state', 'dossier'],
  properties: {
    ...VERSION_REPLY.properties,
    dossier: { type: 'object', additionalProperties: false, required: ['html', 'pdf'], properties: { html: { type: 'boolean' }, pdf: { type: 'boolean', description: 'false when the node has no Chromium' } } },
  },
} as const;

/**
 * The dossier is self-contained (inline CSS, no script, no image): nothing may load, run or submit, and only
 * the node's own UI may frame it. `sandbox` gives it an opaque origin, so it cannot reach the API as the user.
 */
export const DOSSIER_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

const DOSSIER_TYPES = { html: 'text/html; charset=utf-8', pdf: 'application/pdf', json: 'application/json; charset=utf-8' } as const;
type DossierFormat = keyof typeof DOSSIER_TYPES;

/** A released version's number: the one asked for, else the latest released; a draft has no dossier to serve. */
async function releasedVersion(ledger: StudyLedger, id: string, asked: number | undefined): Promise<number> {
  const row = asked === undefined ? await latestReleasedVersion(ledger, id) : await ledger.datasets.version(id, asked);
  if (!row && !(await ledger.datasets.dataset(id))) throw oncoError('DATASET_NOT_FOUND', `There is no dataset ${id} on this node.`);
  if (!row) throw oncoError('DATASET_NOT_FOUND', asked === undefined ? `Dataset ${id} has no released version yet; a dossier is served once a version is released.` : `Dataset ${id} has no version ${asked}.`);
  if (row.state !== 'released') throw oncoError('DATASET_NOT_FOUND', `Dataset ${id} version ${row.version} is a draft; its dossier is served once it is released.`);
  return row.version;
}

export async function registerDatasetWriteRoutes(api: FastifyInstance, c: DatasetWriteContext): Promise<void> {
  const { ledger } = c;
  const now = (): string => new Date().toISOString();

  api.post<{ Body: NewVersionBody }>('/datasets', {
    schema: {
      summary: 'Freeze a cohort of the integrated studies into a new draft dataset version: written with the least generalisation meeting the policy, measured per patient and attacked with the hospital\'s records',
      tags: ['datasets'], body: NEW_VERSION_BODY, response: { 201: VERSION_REPLY, default: problem },
    },
  }, async (request, reply) => {
    if (c.populating()) throw oncoError('POPULATION_RUNNING', 'A population run is going on; a version is made of a finished run: wait for it to finish (GET /api/population).');
    const b = request.body;
    const created = await c.serially(async () => {
      const dataDir = c.dataDir();
      const v = await createDatasetVersion({
        ledger, dataDir, id: b.id, by: actorOf(request), now,
        ...(b.title ? { title: b.title } : {}), ...(b.description ? { description: b.description } : {}),
        ...(b.purpose ? { purpose: b.purpose } : {}), ...(b.legalBasis ? { legalBasis: b.legalBasis } : {}),
        ...(b.maxSuppression !== undefined ? { policy: { maxSuppression: b.maxSuppression } } : {}),
        ...(b.cohort ? { selection: b.cohort } : {}), ...(c.sourcePaths ? { sourcePaths: c.sourcePaths } : {}),
      });
      await writeCheckpoint(ledger, dataDir, now());
      return v;
    }, 'serve: dataset create');
    return reply.status(201).header('location', `/api/datasets/${created.datasetId}?version=${created.version}`)
      .send({ id: created.datasetId, version: created.version, state: 'draft' });
  });

  api.post<{ Params: { id: string }; Body: ReleaseBody | undefined }>('/datasets/:id/release', {
    schema: {
      summary: 'Release a draft version: its files checked against the manifest, its risk against the policy (409 RISK_RELEASE_REFUSED unless overridden with a justification); writes the dossier',
      tags: ['datasets'], params: DATASET_ID_PARAMS, body: RELEASE_BODY, response: { 200: RELEASE_REPLY, default: problem },
    },
    // No body at all is a release without override, as `{}` is.
    preValidation: async (request) => { request.body ??= {}; },
  }, async (request) => {
    const { id } = request.params;
    const b = request.body ?? {};
    if (b.overrideRisk && !b.justification?.trim()) throw oncoError('USAGE', 'overrideRisk needs a justification: who accepted the risk, and on what basis.');
    if (!b.overrideRisk && b.justification !== undefined) throw oncoError('USAGE', 'A justification goes with overrideRisk: true.');
    return c.serially(async () => {
      const dataDir = c.dataDir();
      const version = await latestVersion(ledger, id, b.version);
      const pdf = chromiumAvailable();
      let withPdf = pdf;
      try {
        await releaseDatasetVersion({
          ledger, dataDir, id, version, by: actorOf(request), pdf, now,
          ...(b.overrideRisk ? { overrideJustification: b.justification! } : {}),
        });
      } catch (err) {
        // The release is committed and audited before its dossier is written: a PDF that failed is not a failed
        // release. The JSON and HTML dossier are written again without it.
        if (!isOncoAtlasError(err, 'DOSSIER_PDF_FAILED') || (await ledger.datasets.version(id, version))?.state !== 'released') throw err;
        c.logFailure(err.code);
        await writeDossier(ledger, dataDir, id, version, { pdf: false, now });
        withPdf = false;
      }
      await writeCheckpoint(ledger, dataDir, now());
      return { id, version, state: 'released', dossier: { html: true, pdf: withPdf } };
    }, 'serve: dataset release');
  });

  for (const format of Object.keys(DOSSIER_TYPES) as DossierFormat[]) {
    api.get<{ Params: { id: string }; Querystring: { version?: number } }>(`/datasets/:id/dossier.${format}`, {
      schema: {
        summary: `A released version's compliance dossier as ${format.toUpperCase()} (404 DATASET_NOT_FOUND for a draft)`,
        tags: ['datasets'], params: DATASET_ID_PARAMS,
        querystring: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1, description: 'default: the latest released version' } } },
        response: { 200: { description: DOSSIER_TYPES[format], type: 'string' }, default: problem },
      },
    }, async (request, reply) => {
      const { id } = request.params;
      const version = await releasedVersion(ledger, id, request.query.version);
      const file = join(versionDir(c.dataDir(), id, version), `dossier.${format}`);
      const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        throw oncoError('DATASET_NOT_FOUND', format === 'pdf'
          ? `Dataset ${id} version ${version} has no PDF dossier: the node had no Chromium when it was released (oncoatlas dataset dossier writes it).`
          : `Dataset ${id} version ${version} has no ${format.toUpperCase()} dossier in the data directory (oncoatlas dataset dossier writes it).`);
      });
      await auditRead(ledger, request, { kind: 'DATASET_DOSSIER', datasetId: id, version, format, contentHash: createHash('sha256').update(bytes).digest('hex') });
      // The dossier states counts and risk figures of a release: kept out of shared and browser caches alike.
      void reply.type(DOSSIER_TYPES[format]).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
      if (format === 'html') void reply.header('content-security-policy', DOSSIER_CSP).header('referrer-policy', 'no-referrer');
      if (format === 'pdf') void reply.header('content-disposition', `inline; filename="${id}-v${version}-dossier.pdf"`);
      return reply.send(bytes);
    });
  }
}
