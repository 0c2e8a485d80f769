/**
 * The node's HTTP API: Fastify with request validation from JSON Schema, an OpenAPI 3.1 document generated
 * from the same schemas (`/openapi.json`, with a docs page at `/docs`), and every error as RFC 9457 problem
 * details with our error codes. Routes: the funnel, the clinical QC report, population runs and the
 * inventory, the review queue, datasets (create, release, dossier), the catalogue; who may call each is in
 * auth/roles.ts (ROUTE_ACCESS).
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { oncoError } from '@oncoatlas/core';
import { acquireWriterLock, SourcePathKeys, type StudyLedger } from '@oncoatlas/store';
import { registerAccessRoutes } from './access-routes.ts';
import { enforceAccess } from './auth/access-hook.ts';
import { BrowserSessions, registerSessionRoutes } from './auth/browser-sessions.ts';
import { registerBrowserSignIn, type BrowserSignInOptions } from './auth/browser-sign-in.ts';
import { guardCrossSite } from './auth/cross-site-guard.ts';
import { registerNoProviderLogin } from './auth/no-provider-login.ts';
import { NODE_ACCESS, type AccessTable } from './auth/roles.ts';
import type { TokenVerifier } from './auth/token-verifier.ts';
import { registerCatalogueEntryRoutes } from './catalogue-entry-routes.ts';
import { registerCatalogueRoutes, type CatalogueOptions } from './catalogue-routes.ts';
import { registerDatasetIriRoutes } from './dataset-iri-routes.ts';
import { registerDatasetWriteRoutes } from './dataset-write-routes.ts';
import { registerDicomWebRoutes } from './dicomweb/dicomweb-routes.ts';
import { registerFocusRoutes, type FocusOptions } from './focus-routes.ts';
import { registerHarvestRoutes } from './harvest-routes.ts';
import { registerJobRoutes } from './jobs/job-routes.ts';
import { registerNodeRoutes } from './node-routes.ts';
import { registerPopulationRoutes } from './population/population-routes.ts';
import { PopulationRuns, type PopulationSettings } from './population/population-runs.ts';
import { registerReviewRoutes } from './review-routes.ts';
import { serialQueue } from './serial-queue.ts';
import { registerWebUi, sendUiPage, wantsUiPage, type WebOptions } from './web-ui.ts';
import { registerAccessLog } from './http/access-log.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { PROBLEM_SCHEMA, problemOf, problemOfRequestError, sendProblem } from './problem-details.ts';

export interface ServerOptions {
  /** The node's ledger, opened by the caller for the server's lifetime. */
  readonly ledger: StudyLedger;
  /** Verifies bearer tokens; every route's roles are in ROUTE_ACCESS. */
  readonly verifier: TokenVerifier;
  readonly version: string;
  /** Browser sign-in (authorization code + PKCE) for the web UI; without it only bearer tokens work. */
  readonly browserSignIn?: BrowserSignInOptions;
  /**
   * The data directory the ledger belongs to (held files, dataset versions, audit checkpoints); default the
   * catalogue's or the population's. Without any, the routes that read or write files answer CONFIG_INVALID.
   */
  readonly dataDir?: string;
  /** The public catalogue; without it the catalogue routes answer that this node publishes none. */
  readonly catalogue?: CatalogueOptions;
  /**
   * Where the access log goes (JSON lines: request id, method, route pattern, status, duration, actor; never a
   * value from the path, query or body); without it nothing is logged.
   */
  readonly accessLog?: DestinationStream;
  /**
   * The keys of the ledger's sealed source paths (SourcePathKeys.fromSiteSecret): needed to create dataset
   * versions (their attack simulation re-reads the hospital's files); default those of the population's secret.
   */
  readonly sourcePaths?: SourcePathKeys;
  /** The node's address as browsers see it, when no provider sign-in gives it (the cross-site check's origin). */
  readonly publicUrl?: string;
  /** What a steward may populate from with POST /api/population/runs; without it the node only shows runs. */
  readonly population?: PopulationSettings;
  /** The built web UI, served at `/`; without it `/` is a 404 problem like any unknown path. */
  readonly web?: WebOptions;
  /**
   * Where the writer lock every write route holds lives (docs/pipeline.md): the data directory, and the
   * `--database` URL when the ledger is in PostgreSQL. Default: the data directory's lock file.
   */
  readonly writerLock?: { readonly dataDir: string; readonly database?: string };
  /** EUCAIM's Focus contract (POST /api/federation/focus); without a token the route answers as disabled. */
  readonly focus?: FocusOptions;
  /** Jobs (docs/jobs.md): with `runner`, this process runs the queued jobs while it serves; without, the routes only queue and show them. */
  readonly jobs?: { readonly runner: boolean };
}

export async function buildServer(o: ServerOptions): Promise<FastifyInstance> {
  const publicUrl = o.browserSignIn?.publicUrl ?? o.publicUrl;
  const app = await buildApiBase({
    ...o, title: 'OncoAtlas node API', access: NODE_ACCESS, afterSignInDefault: o.web ? '/' : '/auth/session',
    description: 'A hospital node of a federated cancer imaging atlas: population funnel, clinical quality, datasets. Errors are RFC 9457 problem details whose `code` is explained in docs/errors.md. Routes other than /api/health need an OpenID Connect access token (or a local token of the node) as a bearer token.',
    notFound: o.web ? (request, reply) => (wantsUiPage(request) ? (sendUiPage(reply), true) : false) : undefined,
  });
  const population = new PopulationRuns(o.population, { logFailure: (code) => app.log.error({ code }, 'population run failed') });
  // populate() cannot be aborted: closing waits for a running population to finish (see PopulationRuns.idle).
  app.addHook('onClose', async () => population.idle());
  const dataDirPath = o.dataDir ?? o.catalogue?.dataDir ?? o.population?.dataDir;
  const dataDir = (): string => {
    if (!dataDirPath) throw oncoError('CONFIG_INVALID', 'This server was started without its data directory, so it reads and writes no files (ServerOptions.dataDir).');
    return dataDirPath;
  };
  const sourcePaths = o.sourcePaths ?? (o.population ? SourcePathKeys.fromSiteSecret(o.population.settings.secret) : undefined);
  // One queue for every write that moves files and then records it: review decisions, dataset versions,
  // catalogue changes; each holds the data directory's writer lock while it runs.
  const lockAt = o.writerLock ?? (dataDirPath ? { dataDir: dataDirPath } : undefined);
  const serially = serialQueue(lockAt && ((command) => acquireWriterLock({ ...lockAt, command })));
  await app.register(async (api) => {
    await registerNodeRoutes(api, o.ledger);
    await registerDatasetWriteRoutes(api, {
      ledger: o.ledger, dataDir, serially,
      populating: () => population.current()?.status === 'running',
      logFailure: (code) => app.log.error({ code }, 'dataset route failed'),
      ...(sourcePaths ? { sourcePaths } : {}),
    });
    await registerCatalogueRoutes(api, o.ledger, o.catalogue, serially);
    await registerCatalogueEntryRoutes(api, o.ledger, o.catalogue);
    await registerPopulationRoutes(api, o.ledger, population);
    await registerReviewRoutes(api, o.ledger, dataDir, serially, sourcePaths ? { sourcePaths } : {});
    await registerFocusRoutes(api, o.focus);
    await registerAccessRoutes(api, { ledger: o.ledger, dataDir, serially, version: o.version });
    await registerJobRoutes(api, { ledger: o.ledger, dataDir, version: o.version, runner: o.jobs?.runner ?? false, logFailure: (code) => app.log.error({ code }, 'job runner failed') });
  }, { prefix: '/api' });
  // DICOMweb and downloads under a permit (the bearer token), outside /api: no sign-in, no cookie (dicomweb/).
  await registerDicomWebRoutes(app, { ledger: o.ledger, dataDir, version: o.version, publicUrl });
  // The datasets' stable IRIs are the node's own paths, outside /api (dataset-iri-routes.ts).
  await registerDatasetIriRoutes(app, o.ledger, o.catalogue);
  if (o.web) await registerWebUi(app, o.web);
  // Harvest entry points at the server's root (after the UI: a browser asking for the catalogue gets its page).
  const harvestUrl = publicUrl ?? o.catalogue?.publicUrl;
  await registerHarvestRoutes(app, o.ledger, { ...(o.catalogue ? { catalogue: o.catalogue } : {}), ...(harvestUrl ? { publicUrl: harvestUrl } : {}), version: o.version, web: o.web !== undefined });
  await app.ready();
  return app;
}

export interface ApiBaseOptions {
  readonly verifier: TokenVerifier;
  readonly version: string;
  readonly title: string;
  readonly description: string;
  /** The route table the access hook enforces under its prefix. */
  readonly access: AccessTable;
  readonly browserSignIn?: BrowserSignInOptions;
  readonly publicUrl?: string;
  readonly accessLog?: DestinationStream;
  /** Where a browser goes once signed in, unless browserSignIn says. */
  readonly afterSignInDefault: string;
  /** Answers an unknown path itself (true) or leaves it to the 404 problem (false). */
  readonly notFound?: ((request: FastifyRequest, reply: FastifyReply) => boolean) | undefined;
  /** Said by /auth/session (`hub`): the web UI shows the service's own pages. */
  readonly site?: string;
}

/**
 * What every OncoAtlas HTTP service shares (the node, the hub): Fastify with our ids and limits, OpenAPI and
 * its docs page, security headers, the access log, problem details, the cross-site guard, browser sign-in and
 * sessions, and the access hook over the service's route table.
 */
export async function buildApiBase(o: ApiBaseOptions): Promise<FastifyInstance> {
  const publicUrl = o.browserSignIn?.publicUrl ?? o.publicUrl;
  const app = Fastify({
    logger: o.accessLog ? { level: 'info', stream: o.accessLog } : false,
    // The access log writes its own line per request, without the URL Fastify's lines would carry.
    logController: new LogController({ disableRequestLogging: true }),
    // A path that cannot be decoded never reaches routing or hooks: answered (and logged) here.
    frameworkErrors: (err, request, reply) => {
      if (o.accessLog) request.log.info({ method: request.method, route: '(undecodable path)', status: 400, ms: 0, actor: '-' }, 'request');
      void sendProblem(reply, problemOfRequestError(err) ?? problemOf(err));
    },
    // Our ids, never one a client sent: the log must not hold a value from outside.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // A request body is a few fields of a form; anything larger is refused before it is read.
    bodyLimit: 1024 * 1024,
    // Query strings like ?version=2 arrive as strings; coercion against the schema types them.
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
  });
  app.addSchema(PROBLEM_SCHEMA);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: o.title,
        version: o.version,
        description: o.description,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  // The docs page brings its own script and style hashes; only the framing rule is added.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: (h) => `${h}; frame-ancestors 'none'` });
  registerSecurityHeaders(app, { hsts: publicUrl?.startsWith('https:') ?? false });
  if (o.accessLog) registerAccessLog(app);

  app.setErrorHandler((err, request, reply) => {
    // Fastify's own validation errors become USAGE problems naming the field, never echoing the value.
    const problem = (err as { validation?: unknown }).validation
      ? problemOf(oncoError('USAGE', `The request is not valid: ${(err as Error).message.replace(/"[^"]*"/g, '…')}.`))
      : problemOfRequestError(err) ?? problemOf(err);
    if (problem.status >= 500) request.log.error({ code: problem.code }, 'request failed');
    void sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) => {
    if (o.notFound?.(request, reply)) return;
    // The path is not echoed: it may hold anything a caller typed.
    void sendProblem(reply, problemOf(oncoError('USAGE', `No route ${request.method} of that path; the routes are in /openapi.json.`)), 404);
  });

  guardCrossSite(app, { access: o.access, ...(publicUrl ? { publicUrl } : {}) });
  await app.register(cookie);
  const sessions = new BrowserSessions();
  // Signed in, a browser goes back to the UI when there is one, else to the JSON that says who signed in.
  const afterSignIn = o.browserSignIn?.afterSignIn ?? o.afterSignInDefault;
  const provider = o.browserSignIn ? await registerBrowserSignIn(app, { ...o.browserSignIn, afterSignIn }, o.verifier, sessions) : undefined;
  if (!provider) registerNoProviderLogin(app, { localSignIn: o.verifier.verifySignInTicket !== undefined });
  registerSessionRoutes(app, sessions, o.verifier, {
    secure: publicUrl?.startsWith('https:') ?? false, afterSignIn, ...(o.site ? { site: o.site } : {}),
    ...(provider ? { endSessionUrl: (idToken) => provider.endSessionUrl(idToken) } : {}),
  });
  enforceAccess(app, o.verifier, sessions, o.access);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
