/**
 * @oncoatlas/server: the node's HTTP API (Fastify, OpenAPI 3.1 at /openapi.json, docs at /docs, RFC 9457
 * problem details with our error codes). It only composes the other packages.
 *
 * @example
 * const store = await openStore({ dataDir });
 * const verifier = createTokenVerifier({ issuers: [{ issuer: 'https://login.example/realms/node', audience: 'oncoatlas' }] });
 * const app = await buildServer({ ledger: new StudyLedger(store.db), verifier, version: '0.1.0', dataDir });
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 */
export { buildServer } from './build-server.ts';
export type { ServerOptions } from './build-server.ts';
export { problemOf } from './problem-details.ts';
export type { ProblemDetails } from './problem-details.ts';
export { HUB_ROUTE_ACCESS, ROLES, ROUTE_ACCESS, isRole } from './auth/roles.ts';
export type { Access, Role } from './auth/roles.ts';
export { buildHubServer, DEFAULT_SEARCH_DEADLINE_MS } from './hub/build-hub-server.ts';
export type { HubServerOptions } from './hub/build-hub-server.ts';
export { answerHarvestTask } from './harvest-task.ts';
export { issuePermit, permitStatus, permitUses, permitView, requirePermit, revokePermit } from './access/node-permits.ts';
export type { NodePermit, PermitContext, PermitState, PermitUseView } from './access/node-permits.ts';
export { checkPermit, PERMIT_CHECK_TOOL } from './access/permit-check.ts';
export type { PermitCheck } from './access/permit-check.ts';
export { jobContext } from './jobs/job-routes.ts';
export { nodePermitKey } from './access/node-permit-key.ts';
export type { NodePermitKey } from './access/node-permit-key.ts';
export { DEFAULT_BEACON } from './hub/hub-beacon-routes.ts';
export type { BeaconSettings } from './hub/hub-beacon-routes.ts';
export type { FocusOptions } from './focus-routes.ts';
export { createTokenVerifier, LOCAL_ISSUER, mintLocalToken, mintSignInTicket } from './auth/token-verifier.ts';
export type { Principal, TokenVerifier, TrustedIssuer } from './auth/token-verifier.ts';
export type { CatalogueOptions } from './catalogue-routes.ts';
export { SESSION_COOKIE } from './auth/browser-sessions.ts';
export type { BrowserSignInOptions } from './auth/browser-sign-in.ts';
export type { PopulationRun, PopulationSettings, PopulationStage } from './population/population-runs.ts';
export type { WebOptions } from './web-ui.ts';
