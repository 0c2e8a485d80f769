/**
 * `npm start`: a small atlas on loopback, run as its operators would run it. A hub (`oncoatlas hub serve`, its own
 * SQLite store) and three hospitals, each with its own synthetic hospital of a different seed and size, populated
 * into its local atlas, a dataset version created with the least generalisation reaching k = 5, released with its
 * compliance dossier and published in the node's catalogue (scripts/demo-hospital.ts). Each node joins the hub
 * (`oncoatlas node join`: its Ed25519 key, outbound only), the demo approves it as the hub's operator would
 * (`oncoatlas hub nodes approve`), its data holder is onboarded at the hub with synthetic documents, the committee and
 * the operator approving each review step (scripts/synthetic-onboarding.ts), and each node's `oncoatlas serve` runs its
 * web UI and its agent, which dials out to the hub for federated queries.
 *
 * Sign-in: at the hub, a researcher's local token of the hub (`oncoatlas hub token new`); at each node, a
 * development OpenID provider on loopback (panva's oidc-provider, the one the tests use) whose login page accepts
 * the demo users with any password. Both are for this demo only and it says so.
 *
 * ONCOATLAS_DEMO_PORT sets the hub's port (default 8080, else a free one; 0: any free one), ONCOATLAS_DEMO_DIR the
 * folder (default out/demo). Ctrl-C stops every process the demo started.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromiumAvailable } from '@oncoatlas/release';
import { startOidcProvider, type OidcHandle } from '@oncoatlas/testkit';
import { DEMO_HOSPITALS, deidFlags, prepareHospital, type DemoHospital, type HospitalPaths } from './demo-hospital.ts';
import { runStep, startService, stopChildren, type Service } from './demo-processes.ts';
import { onboardSynthetic } from './synthetic-onboarding.ts';

const root = resolve(process.env.ONCOATLAS_DEMO_DIR ?? 'out/demo');
const hubDir = join(root, 'hub');
const services: Service[] = [];
const providers: OidcHandle[] = [];
let stopping: Promise<void> | undefined;

/** Stops every process the demo started and the sign-in providers; once, whoever asks first. */
function stopAll(): Promise<void> {
  stopping ??= stopChildren().then(() => Promise.all(providers.map((p) => p.close()))).then(() => {});
  return stopping;
}

/** A step failed: everything started so far is stopped before the demo exits with the step's code. */
function fail(code: number): never {
  void stopAll().then(() => process.exit(code));
  throw Object.assign(new Error('demo stopped'), { demoStopped: true });
}

// From the first step on, Ctrl-C stops whatever runs (children are in their own process group, see stopChildren).
const signalled = new Promise<void>((done) => {
  process.once('SIGINT', () => done());
  process.once('SIGTERM', () => done());
});
let serving = false;
void signalled.then(async () => {
  if (serving) return;
  process.stderr.write('\nInterrupted: the demo stops what it started.\n');
  await stopAll();
  process.exit(130);
});

/** The asked port if it is free, else any free one: a second demo or another service may hold it. */
async function portFor(wanted: number): Promise<number> {
  const tryPort = (p: number): Promise<number | null> => new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(null));
    s.listen(p, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => done(port));
    });
  });
  return (await tryPort(wanted)) ?? (await tryPort(0))!;
}

const users = { steward: { roles: ['steward'] }, researcher: { roles: ['researcher'] } };

/** A local token of the hub for one of the demo's people. */
async function hubToken(role: string, subject: string): Promise<string> {
  return (await runStep('hub', `A local token of the hub for ${subject} (${role})`, ['hub', 'token', 'new', '--data-dir', hubDir, '--role', role, '--subject', subject, '--hours', '8'], fail)).trim();
}

/**
 * Joins the node to the hub, approves it as the hub's operator would, and onboards its data holder (synthetic
 * documents, every review step approved by its board) so its datasets are searched; returns its id at the hub.
 */
async function joinAndApprove(h: DemoHospital, p: HospitalPaths, hubUrl: string, board: { committee: string; operator: string }): Promise<string> {
  const joined = await runStep(h.label, 'Join the hub (outbound only; the node makes its key pair)', ['node', 'join', '--hub', hubUrl, '--data-dir', p.data, '--name', h.name], fail);
  const id = /Joined as (\S+)/.exec(joined)?.[1];
  if (!id) fail(1);
  await runStep('hub', `The hub's operator approves ${h.name}`, ['hub', 'nodes', 'approve', id, '--data-dir', hubDir], fail);
  const steward = await hubToken('steward', `demo-steward-${h.label}`);
  process.stdout.write(`[hub] == ${h.name}'s onboarding: synthetic documents filed, accepted, every review step approved\n`);
  await onboardSynthetic({ hubUrl, node: id, tokens: { steward, ...board }, organisation: h.name }).catch((err: unknown) => {
    process.stderr.write(`\nThe demo stopped at the onboarding of ${h.name}: ${(err as Error).message}\n`);
    fail(1);
  });
  return id;
}

/** Serves the node (UI, API and its agent) with a development sign-in; returns the provider's address. */
async function serveNode(h: DemoHospital, p: HospitalPaths, url: string): Promise<string> {
  const op = await startOidcProvider({}, { clientId: 'oncoatlas-web', redirectUri: `${url}/auth/callback`, users, tokenTtlSeconds: 8 * 3600 });
  providers.push(op);
  services.push(await startService(h.label, [
    'serve', '--data-dir', p.data, '--port', new URL(url).port, '--public-url', url,
    '--oidc-issuer', op.issuer, '--oidc-audience', op.audience, '--oidc-client-id', 'oncoatlas-web',
    '--catalogue-settings', join(p.hospital, 'catalogue-settings.json'),
    '--source', join(p.hospital, 'pacs'), '--cohort', join(p.hospital, 'cohort.json'), ...deidFlags(p),
  ], /Ctrl-C stops it/));
  return op.issuer;
}

/** Resolves once the hub lists every node as connected by an answered ping: the demo is then ready to query. */
async function untilNodesAnswer(hubUrl: string, token: string, count: number, timeoutMs = 60_000): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sent = await fetch(`${hubUrl}/hub/api/queries`, { method: 'POST', headers, body: JSON.stringify({ type: 'ping', payload: { epsilon: 0.001 }, deadlineMs: 5000 }) });
    if (sent.ok) {
      const { id } = await sent.json() as { id: string };
      const state = await (await fetch(`${hubUrl}/hub/api/queries/${id}?wait=6`, { headers: { authorization: headers.authorization } })).json() as { results: { status: string }[] };
      if (state.results.filter((r) => r.status === 'succeeded').length === count) return;
    }
    if (Date.now() > deadline) {
      process.stderr.write(`\nNot every node answered the hub within ${timeoutMs / 1000} s; their output above says why.\n`);
      fail(1);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function demo(): Promise<void> {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const hubPort = await portFor(Number(process.env.ONCOATLAS_DEMO_PORT ?? 8080));
  const hubUrl = `http://127.0.0.1:${hubPort}`;
  process.stdout.write('\n== The hub (oncoatlas hub serve): nodes dial out to it, researchers query them through it\n');
  services.push(await startService('hub', ['hub', 'serve', '--data-dir', hubDir, '--port', String(hubPort), '--public-url', hubUrl], /Ctrl-C stops it/));
  const researcher = (await runStep('hub', 'A researcher\'s local token of the hub (before an identity provider is configured)', [
    'hub', 'token', 'new', '--data-dir', hubDir, '--role', 'researcher', '--subject', 'demo-researcher', '--hours', '8',
  ], fail)).trim();
  const hubSignIn = ['hub', 'token', 'new', '--data-dir', hubDir, '--role', 'researcher', '--subject', 'demo-researcher', '--sign-in-link', '--url', hubUrl];

  const pdf = chromiumAvailable();
  const urls = new Map<DemoHospital, string>();
  for (const h of DEMO_HOSPITALS) urls.set(h, `http://127.0.0.1:${await portFor(0)}`);
  // The hospitals prepare at once: each is its own site, and the steps of one wait on each other only.
  const prepared = await Promise.all(DEMO_HOSPITALS.map(async (h) => ({ h, p: await prepareHospital(root, h, urls.get(h)!, { pdf, stop: fail }) })));
  // One operator's decisions, one at a time; then the nodes start at once.
  const board = { committee: await hubToken('committee', 'demo-committee'), operator: await hubToken('operator', 'demo-operator') };
  for (const { h, p } of prepared) await joinAndApprove(h, p, hubUrl, board);
  const nodes = await Promise.all(prepared.map(async ({ h, p }) => ({ h, p, url: urls.get(h)!, issuer: await serveNode(h, p, urls.get(h)!) })));
  // The readiness pings are a check's, not the researcher's: they spend none of the researcher's budget.
  const checker = (await runStep('hub', 'A token for the demo\'s readiness check', ['hub', 'token', 'new', '--data-dir', hubDir, '--role', 'researcher', '--subject', 'demo-readiness-check', '--hours', '1'], fail)).trim();
  await untilNodesAnswer(hubUrl, checker, nodes.length);
  // Minted last: a one-time link works for 15 minutes from now.
  const signInLink = (await runStep('hub', 'A researcher\'s one-time sign-in link to the hub', hubSignIn, fail)).trim();

  process.stdout.write([
    '',
    'The nodes (each its own hospital, its own atlas, its agent connected to the hub):',
    ...nodes.map((n) => `  ${n.h.name.padEnd(24)} ${n.url}  (${n.h.studies} studies; atlas ${n.p.data})`),
    `Dossiers:            ${join(root, '<hospital>', 'atlas', 'datasets', 'demo', 'v1', pdf ? 'dossier.pdf' : 'dossier.html')}${pdf ? '' : ' (install Debian chromium for the PDF)'}`,
    `Nodes at the hub:    npx oncoatlas hub nodes list --data-dir ${hubDir}`,
    '',
    `Open ${hubUrl} in a browser.`,
    `The hub asks the three nodes for counts. Sign in there as a researcher: open ${signInLink}`,
    `  (works once, for 15 minutes; a new one: npx oncoatlas ${hubSignIn.join(' ')})`,
    'Governed access (docs/access.md): the researcher requests access from the cart; the committee and each data holder decide.',
    `  The committee: npx oncoatlas hub token new --data-dir ${hubDir} --role committee --subject demo-committee --sign-in-link --url ${hubUrl}`,
    `  A data holder:  npx oncoatlas hub token new --data-dir ${hubDir} --role steward --subject demo-steward-${prepared[0]!.h.label} --sign-in-link --url ${hubUrl}`,
    `  (the representative of ${prepared[0]!.h.name}; each hospital's is demo-steward-<${prepared.map((x) => x.h.label).join('|')}>). Permits a node signed: <node>/permits.`,
    'For the hub\'s API (POST /hub/api/queries), a researcher\'s local token of the hub (8 hours):',
    `  ${researcher}`,
    `  e.g. curl -H "authorization: Bearer <token>" -H "content-type: application/json" -d '{"payload":{"ast":{"operand":"OR","children":[]}}}' ${hubUrl}/hub/api/queries`,
    `At each node, sign in as "steward" (any password) to run the population, review held images and release datasets,`,
    `or as "researcher" to find the datasets; a node's catalogue at <node>/catalogue needs no sign-in.`,
    `(The nodes' sign-in pages are development OpenID providers started for this demo at ${nodes.map((n) => n.issuer).join(', ')};`,
    ' a hospital configures its own with oncoatlas serve --oidc-issuer, see docs/server.md.)',
    'Ctrl-C stops the demo.',
    '',
  ].join('\n'));
  // Serving until Ctrl-C, or until a service ends by itself (then the demo says which and stops the rest).
  serving = true;
  const ended = await Promise.race([signalled.then(() => undefined), ...services.map((s) => s.exited.then(() => s.label))]);
  if (ended !== undefined) process.stderr.write(`\n${ended} stopped by itself; the demo stops the rest.\n`);
  await stopAll();
  const codes = await Promise.all(services.map((s) => s.exited));
  process.exitCode = ended === undefined && codes.every((c) => c === 0) ? 0 : 1;
}

await demo().catch((err: unknown) => {
  if ((err as { demoStopped?: boolean }).demoStopped) return;
  process.stderr.write(`\n${(err as Error).message}\n`);
  void stopAll().then(() => process.exit(1));
});
