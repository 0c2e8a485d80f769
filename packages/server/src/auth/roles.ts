/**
 * Who may call what: one table of every route and the roles allowed on it. A route missing from the table
 * cannot be registered (deny by default), and the test walks the whole table with every role.
 *
 * The roles follow the atlas's users: a data steward runs and watches the population, a researcher finds
 * datasets and asks for access, the data access committee decides, an admin runs the node. A node maps its
 * identity provider's roles (e.g. EUCAIM's Keycloak realm roles) onto these with `roleMap`.
 */
export const ROLES = ['steward', 'researcher', 'committee', 'admin', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export type Access = 'public' | readonly Role[];

/** The node's users; a hub's operator has no role at a node. */
const EVERYONE_SIGNED_IN: readonly Role[] = ['steward', 'researcher', 'committee', 'admin'];
const STEWARDS: readonly Role[] = ['steward', 'admin'];
/** Who runs jobs under permits (researchers) and who reviews them (stewards). */
const JOB_USERS: readonly Role[] = ['researcher', 'steward', 'admin'];

export const ROUTE_ACCESS: Readonly<Record<string, Access>> = {
  'GET /api/health': 'public',
  'GET /api/funnel': STEWARDS,
  'GET /api/qc': STEWARDS,
  'GET /api/population': STEWARDS,
  'POST /api/population/runs': STEWARDS,
  'GET /api/inventory': STEWARDS,
  'GET /api/datasets': EVERYONE_SIGNED_IN,
  'GET /api/datasets/:id': EVERYONE_SIGNED_IN,
  'POST /api/datasets': STEWARDS,
  'POST /api/datasets/:id/release': STEWARDS,
  // The dossier states what a released version holds and how it was protected: for anyone who may see datasets.
  'GET /api/datasets/:id/dossier.html': EVERYONE_SIGNED_IN,
  'GET /api/datasets/:id/dossier.pdf': EVERYONE_SIGNED_IN,
  'GET /api/datasets/:id/dossier.json': EVERYONE_SIGNED_IN,
  // Held images may show burned-in text: only stewards see and decide them.
  'GET /api/review': STEWARDS,
  'GET /api/review/:id': STEWARDS,
  'GET /api/review/:id/held/:index/preview.png': STEWARDS,
  'GET /api/review/:id/held/:index/image.png': STEWARDS,
  'GET /api/review/:id/held/:index/header': STEWARDS,
  'POST /api/review/:id/decision': STEWARDS,
  'POST /api/review/:id/held/:index/decision': STEWARDS,
  // The catalogue is what the node makes public on purpose: published records, counts only.
  'GET /api/catalogue': 'public',
  'GET /api/catalogue/datasets/:id': 'public',
  'GET /api/catalogue/entries': 'public',
  'GET /api/catalogue/datasets/:id/entry': STEWARDS,
  'POST /api/catalogue/datasets/:id/check': STEWARDS,
  'POST /api/catalogue/datasets/:id/:action': STEWARDS,
  // EUCAIM's Focus is no signed-in user: the route checks the node's Focus token itself (focus-routes.ts).
  'POST /api/federation/focus': 'public',
  // Governed access (docs/access.md): the node's agreements and the permits it issued are its stewards'; a permit
  // check is no signed-in user: the permit in its body is the credential (access-routes.ts).
  'GET /api/agreements': STEWARDS,
  'POST /api/agreements': STEWARDS,
  'GET /api/permits': STEWARDS,
  'GET /api/permits/:id': STEWARDS,
  'POST /api/permits/:id/revoke': STEWARDS,
  'POST /api/permits/check': 'public',
  // Jobs (docs/jobs.md, jobs/job-routes.ts): a researcher submits under their permit and sees their own jobs; a
  // job's log and outputs under review, and the review itself, are the stewards' (the route checks whose job it is).
  'GET /api/tools': EVERYONE_SIGNED_IN,
  'POST /api/jobs': JOB_USERS,
  'GET /api/jobs': JOB_USERS,
  'GET /api/jobs/:id': JOB_USERS,
  'GET /api/jobs/:id/log': STEWARDS,
  'GET /api/jobs/:id/outputs/*': JOB_USERS,
  'POST /api/jobs/:id/review': STEWARDS,
};

/**
 * The hub's routes (buildHubServer). An operator runs the hub and decides which nodes belong; researchers ask
 * federated queries; the committee may read what the operator reads. The agent's routes are 'public' to user
 * sign-in because a node is no user: they check the node's own access token (hub-agent-routes.ts).
 */
/** Everyone with a role at the hub (governed access: what each may do is checked per request by the service). */
const HUB_SIGNED_IN: readonly Role[] = ['steward', 'researcher', 'committee', 'operator'];

export const HUB_ROUTE_ACCESS: Readonly<Record<string, Access>> = {
  'GET /hub/api/health': 'public',
  'GET /hub/api/identity': 'public',
  'POST /hub/api/nodes/join': 'public',
  'POST /hub/api/agent/token': 'public',
  'GET /hub/api/agent/tasks': 'public',
  'POST /hub/api/agent/tasks/:id/result': 'public',
  'GET /hub/api/nodes': ['operator', 'committee'],
  'POST /hub/api/nodes/:id/approve': ['operator'],
  'POST /hub/api/nodes/:id/revoke': ['operator'],
  'POST /hub/api/queries': ['researcher'],
  'GET /hub/api/queries/:id': ['researcher'],
  'GET /hub/api/budget': ['researcher'],
  'GET /hub/api/lens/catalogue': ['researcher'],
  // The harvested catalogue is public, as each node's own (hub-catalogue-routes.ts); a harvest at once is the operator's.
  'GET /hub/api/catalogue/entries': 'public',
  'GET /hub/catalogue': 'public',
  'POST /hub/api/catalogue/harvest': ['operator'],
  // samply Spot's API for the Lens explorer (hub-spot-routes.ts): the researcher's browser session or token.
  'POST /hub/beam': ['researcher'],
  'GET /hub/beam/:id': ['researcher'],
  // Beacon v2 (hub-beacon-routes.ts): what the beacon is and which filters it knows is public; a count spends
  // a researcher's privacy budget, so it needs one signed in (docs/beacon.md).
  'GET /beacon/v2': 'public',
  'GET /beacon/v2/': 'public',
  'GET /beacon/v2/info': 'public',
  'GET /beacon/v2/map': 'public',
  'GET /beacon/v2/configuration': 'public',
  'GET /beacon/v2/filtering_terms': 'public',
  'GET /beacon/v2/individuals': ['researcher'],
  'POST /beacon/v2/individuals': ['researcher'],
  // Governed access (hub-access-routes.ts, docs/access.md). A steward here is a data holder's representative; the
  // service checks who may act on which onboarding, request or resource (creator, representative of its node).
  'GET /hub/api/access/checklists': HUB_SIGNED_IN,
  'GET /hub/api/access/form-schema': HUB_SIGNED_IN,
  'POST /hub/api/access/onboardings': ['steward'],
  'GET /hub/api/access/onboardings': ['steward', 'committee', 'operator'],
  'GET /hub/api/access/onboardings/:id': ['steward', 'committee', 'operator'],
  'POST /hub/api/access/onboardings/:id/documents': ['steward'],
  'POST /hub/api/access/onboardings/:id/submit': ['steward'],
  'POST /hub/api/access/onboardings/:id/reviews': ['committee', 'operator'],
  'POST /hub/api/access/documents/:id/decision': ['committee', 'operator'],
  'GET /hub/api/access/documents/:id/content': HUB_SIGNED_IN,
  'POST /hub/api/access/requests': ['researcher'],
  'GET /hub/api/access/requests': HUB_SIGNED_IN,
  'GET /hub/api/access/requests/:id': HUB_SIGNED_IN,
  'PUT /hub/api/access/requests/:id/form': ['researcher'],
  'POST /hub/api/access/requests/:id/documents': ['researcher'],
  'POST /hub/api/access/requests/:id/events': ['researcher', 'committee', 'operator'],
  'POST /hub/api/access/requests/:id/resources/:rid/events': HUB_SIGNED_IN,
  'GET /hub/api/access/requests/:id/messages': HUB_SIGNED_IN,
  'POST /hub/api/access/requests/:id/messages': HUB_SIGNED_IN,
  'GET /hub/api/access/notifications': HUB_SIGNED_IN,
  'POST /hub/api/access/notifications/:id/read': HUB_SIGNED_IN,
  'GET /hub/api/access/permits': HUB_SIGNED_IN,
  'GET /hub/api/access/permits/:id': HUB_SIGNED_IN,
  // The permit itself is the researcher's credential at the node: only the researcher it names gets it (resource-service.ts).
  'GET /hub/api/access/permits/:id/token': ['researcher'],
  'POST /hub/api/access/permits/:id/revoke': ['committee', 'operator'],
  // Federated jobs (hub-job-routes.ts, docs/jobs.md): a researcher's own jobs under their own permits only.
  'GET /hub/api/jobs/tools': ['researcher'],
  'POST /hub/api/jobs': ['researcher'],
  'GET /hub/api/jobs': ['researcher'],
  'GET /hub/api/jobs/:id': ['researcher'],
  'GET /hub/api/jobs/:id/result': ['researcher'],
  'GET /hub/api/jobs/:id/result/:name': ['researcher'],
};

/** A route table and the path prefixes it covers (every route under one of them must be in the table). */
export interface AccessTable {
  readonly prefixes: readonly string[];
  readonly routes: Readonly<Record<string, Access>>;
}

export const NODE_ACCESS: AccessTable = { prefixes: ['/api'], routes: ROUTE_ACCESS };
export const HUB_ACCESS: AccessTable = { prefixes: ['/hub', '/beacon/v2'], routes: HUB_ROUTE_ACCESS };

/** Whether the table governs this route path: a prefix itself or a path below it (`/hub` does not cover `/hubs`). */
export function governs(table: AccessTable, url: string): boolean {
  return table.prefixes.some((p) => url === p || url.startsWith(`${p}/`));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
