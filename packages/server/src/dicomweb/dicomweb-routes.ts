/**
 * Permit-guarded DICOMweb for a dataset version (docs/dicomweb.md), at
 * `/dicomweb/datasets/:dataset/versions/:version/…`: QIDO-RS, WADO-RS (instances, metadata, frames, rendered
 * images, bulk data) and the version's manifest and files for download. Outside /api on purpose: the
 * credential is the permit as a bearer token, not a sign-in, so the routes are not in ROUTE_ACCESS, read no
 * cookie, and answer CORS without credentials so that a viewer served from another origin can use them.
 * STOW-RS is refused (405): a version is immutable.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NOT_ACCEPTABLE, qido, type QidoLevel, type QueryParams, type RetrieveUrls } from '@oncoatlas/dicomweb';
import { isOncoAtlasError, oncoError } from '@oncoatlas/core';
import { problemOf, sendProblem } from '../problem-details.ts';
import { registerDownloadRoutes } from './download-routes.ts';
import { permitFor, VIEW, type GuardOptions, type VersionParams } from './permit-guard.ts';
import { indexOf, seriesOf, studyOf } from './version-reads.ts';
import { registerWadoRoutes } from './wado-routes.ts';

export const DICOMWEB_PREFIX = '/dicomweb/datasets/:dataset/versions/:version';

export interface DicomWebOptions extends GuardOptions {
  /** The node's address as clients see it, for RetrieveURL and BulkDataURI; default the request's own host. */
  readonly publicUrl?: string | undefined;
}

export type Params<Extra extends object = object> = VersionParams & Extra;
export type Request<Extra extends object = object> = FastifyRequest<{ Params: Params<Extra>; Querystring: QueryParams }>;

/** The version's DICOMweb root as the client addressed it (its dataset id or UUID), for the URLs in answers. */
export function rootUrl(o: DicomWebOptions, request: Request): string {
  const origin = o.publicUrl ? new URL(o.publicUrl).origin : `${request.protocol}://${request.host}`;
  return `${origin}/dicomweb/datasets/${encodeURIComponent(request.params.dataset)}/versions/${encodeURIComponent(request.params.version)}`;
}

export function retrieveUrls(root: string): RetrieveUrls {
  return {
    study: (s) => `${root}/studies/${s}`,
    series: (s, se) => `${root}/studies/${s}/series/${se}`,
    instance: (s, se, i) => `${root}/studies/${s}/series/${se}/instances/${i}`,
  };
}

/** What a request used, for the audit log: bounded, since a permit holder chooses the path. */
export function resourceOf(kind: string, ...parts: readonly string[]): string {
  return [kind, ...parts].join('/').replace(/\//, ':').slice(0, 512);
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Content-Type, Content-Length, Content-Location, Content-Disposition, Warning, Repr-Digest, Digest',
} as const;

const QIDO_SUMMARY = 'QIDO-RS (permit: in-situ or download): DICOM JSON of the matching';
const tags = ['dicomweb'];

function sendJson(reply: FastifyReply, body: unknown, warnings: readonly string[] = []): FastifyReply {
  if (warnings.length > 0) void reply.header('warning', warnings.join(', '));
  return reply.type('application/dicom+json').send(JSON.stringify(body));
}

export async function registerDicomWebRoutes(app: FastifyInstance, o: DicomWebOptions): Promise<void> {
  await app.register(async (dw) => {
    // A media type the node does not serve is 406 Not Acceptable (PS3.18 8.7.5); other errors go to the server's handler.
    dw.setErrorHandler(async (err, _request, reply) => {
      if (isOncoAtlasError(err) && err.details[NOT_ACCEPTABLE] === true) return sendProblem(reply, problemOf(err), 406);
      throw err;
    });
    dw.addHook('onRequest', async (_request, reply) => {
      void reply.headers(CORS);
    });
    dw.addHook('onSend', async (_request, reply) => {
      // A viewer on another origin reads these (with the permit, never a cookie); nothing is kept in caches.
      void reply.header('cross-origin-resource-policy', 'cross-origin');
      void reply.header('cache-control', 'no-store');
    });
    dw.options('/*', { schema: { hide: true } }, async (_request, reply) => reply.status(204).headers({
      'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
      'access-control-allow-headers': 'Authorization, Accept, Content-Type',
      'access-control-max-age': '600',
    }).send());

    const qidoRoute = (url: string, level: QidoLevel, what: string, scope: (r: Request<{ study?: string; series?: string }>) => string[]) => {
      dw.get<{ Params: Params<{ study?: string; series?: string }>; Querystring: QueryParams }>(url, { schema: { summary: `${QIDO_SUMMARY} ${what}`, tags } }, async (request, reply) => {
        const p = await permitFor(o, request, VIEW, resourceOf('qido', ...scope(request), level));
        const index = await indexOf(o.dataDir(), p);
        const { study, series } = request.params;
        const studies = study === undefined ? index.studies
          : series === undefined ? [studyOf(index, study)]
            : (() => { const s = seriesOf(index, study, series); return [{ ...s.study, series: [s.series] }]; })();
        const answer = qido(studies, level, request.query, retrieveUrls(rootUrl(o, request)), { withParents: study === undefined });
        return sendJson(reply, answer.matches, answer.warnings);
      });
    };
    qidoRoute('/studies', 'studies', 'studies', () => []);
    qidoRoute('/series', 'series', 'series of every study', () => []);
    qidoRoute('/instances', 'instances', 'instances of every study', () => []);
    qidoRoute('/studies/:study/series', 'series', 'series of a study', (r) => ['studies', r.params.study!]);
    qidoRoute('/studies/:study/instances', 'instances', 'instances of a study', (r) => ['studies', r.params.study!]);
    qidoRoute('/studies/:study/series/:series/instances', 'instances', 'instances of a series', (r) => ['studies', r.params.study!, 'series', r.params.series!]);

    // STOW-RS: refused before the body is read (onRequest), after the permit is checked like any other request.
    const refuseStore = async (request: Request<{ study?: string }>): Promise<never> => {
      await permitFor(o, request, VIEW, resourceOf('stow', 'studies', ...(request.params.study ? [request.params.study] : [])));
      throw oncoError('DICOMWEB_STORE_REFUSED', 'A dataset version is immutable: it takes no instances (STOW-RS is not served).');
    };
    for (const url of ['/studies', '/studies/:study']) {
      dw.post(url, { schema: { summary: 'STOW-RS: refused with 405 DICOMWEB_STORE_REFUSED (a dataset version is immutable)', tags }, onRequest: async (request) => refuseStore(request as Request<{ study?: string }>) }, async () => {
        throw oncoError('DICOMWEB_STORE_REFUSED', 'A dataset version is immutable.');
      });
    }
    await registerWadoRoutes(dw, o);
    await registerDownloadRoutes(dw, o);
  }, { prefix: DICOMWEB_PREFIX });
}
