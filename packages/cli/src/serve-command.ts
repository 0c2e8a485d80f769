/**
 * `oncoatlas serve`: the node's HTTP API and web UI over a data directory, and `oncoatlas token new`: a local
 * token of the node, the embedded default's way in before an identity provider is configured (the first-run
 * admin). Local tokens are signed with a key kept in the data directory (node-auth.key, owner-only), separate
 * from the site secret: leaking one must not leak the other. Given a source (and the flags of populate), the
 * server lets a steward start population runs from the UI.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { oncoError, privateDir } from '@oncoatlas/core';
import { ONCOATLAS_VERSION } from '@oncoatlas/deid';
import { isDicomwebLocation } from '@oncoatlas/sources';
import type { DestinationStream } from 'pino';
import { answerHarvestTask, type PopulationSettings, type Role } from '@oncoatlas/server';
import { HARVEST_TASK_TYPE } from '@oncoatlas/hub';
import { openStore, SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { readCohort } from './cohort-file.ts';
import { addDeidFlags, deidSettingsFrom, type DeidFlagValues } from './deid-flags.ts';
import { addDistributeFlags, distributeOf, type DistributeFlagValues } from './distribute-flags.ts';
import { parseJobs } from './jobs.ts';
import { checkDataDirModes } from './file-modes.ts';
import { readJsonFile } from './json-file.ts';
import { createSiteSecret, readSiteSecret } from './secret.ts';
import { nodeFederation } from './federation-answerer.ts';
import { startNodeAgent } from './node-command.ts';
import { accessTaskHandler, isAccessTask } from './access-task-handler.ts';
import { isJobTask, jobTaskHandler } from './job-task-handler.ts';

interface ServeFlags extends Omit<DeidFlagValues, 'secretFile'>, DistributeFlagValues {
  dataDir: string; database?: string; host: string; port: string;
  /** undefined: on without an identity provider, off with one. */
  localTokens?: boolean; accessLog?: string; strict?: boolean;
  oidcIssuer?: string; oidcAudience: string; rolesClaim: string; oidcClientId?: string; publicUrl?: string;
  catalogueSettings?: string; disclosureSettings?: string; focusTokenFile?: string;
  source?: string; cohort?: string; secretFile?: string; jobs?: string;
  /** A directory, false for --no-web, undefined for the built UI of @oncoatlas/web if there is one. */
  web?: string | false;
}

/** The built UI of the @oncoatlas/web workspace package, when it has been built (npm run build:web). */
function builtWebUi(): string | undefined {
  let pkg: string;
  try {
    pkg = fileURLToPath(import.meta.resolve('@oncoatlas/web/package.json'));
  } catch {
    return undefined;
  }
  const dist = join(dirname(pkg), 'dist');
  return existsSync(join(dist, 'index.html')) ? dist : undefined;
}

/** The UI to serve: a directory given, none for --no-web, else the built @oncoatlas/web (node and hub alike). */
export function webRoot(f: { readonly web?: string | false }): string | undefined {
  if (f.web === false) return undefined;
  if (f.web === undefined) return builtWebUi();
  const root = resolve(f.web);
  if (!existsSync(join(root, 'index.html'))) throw oncoError('USAGE', `--web ${f.web} holds no index.html: give the UI's build output (npm run build:web writes packages/web/dist).`);
  return root;
}

/** What the UI may show of the source: its kind, never its path or URL (a folder may be named after a patient). */
function sourceLabel(location: string): string {
  if (isDicomwebLocation(location)) return 'DICOMweb';
  if (!existsSync(location)) throw oncoError('SOURCE_NOT_FOUND', '--source is neither an http(s) URL nor an existing file or folder.');
  return statSync(location).isFile() ? 'DICOMDIR' : 'folder export';
}

function populationOf(f: ServeFlags): PopulationSettings | undefined {
  if (!f.source) {
    if (f.cohort) throw oncoError('USAGE', '--cohort goes with --source: it says what a population run from the UI selects.');
    return undefined;
  }
  if (!f.secretFile) throw oncoError('USAGE', '--source needs --secret-file: the site secret that keys every pseudonym, as for oncoatlas populate.');
  const source = isDicomwebLocation(f.source) ? f.source : resolve(f.source);
  const label = sourceLabel(source);
  const { config, dir, file } = readCohort({ ...(f.cohort ? { cohort: f.cohort } : {}) });
  const jobs = parseJobs(f.jobs);
  const distribute = distributeOf(f);
  return {
    dataDir: resolve(f.dataDir), source, cohort: config, cohortDir: dir, ...(file ? { cohortFile: file } : {}), settings: deidSettingsFrom({ ...f, secretFile: f.secretFile }),
    sourceLabel: label, ...(f.database ? { database: f.database } : {}), ...(jobs ? { jobs } : {}), ...(distribute ? { distribute } : {}),
  };
}

/**
 * The key of local tokens and sign-in links. A key others can read lets them mint an admin token, so a loose
 * mode is said (and refused under --strict), not dropped.
 */
function localKey(dataDir: string, o: { readonly strict?: boolean } = {}): Uint8Array {
  const path = join(resolve(dataDir), 'node-auth.key');
  if (!existsSync(path)) createSiteSecret(path);
  const key = readSiteSecret(path);
  for (const w of key.warnings) {
    const message = w.replace('the secret file', 'node-auth.key (the key of local tokens)');
    if (o.strict) throw oncoError('CONFIG_INVALID', `${message} (--strict refuses to serve with it).`);
    process.stderr.write(`Warning: ${message}.\n`);
  }
  return key.bytes;
}

/** The access log's destination: a JSON-lines file only the node's user reads, or stdout. */
async function accessLogOf(f: ServeFlags): Promise<DestinationStream> {
  const { default: pino } = await import('pino');
  if (f.accessLog === '-') return pino.destination({ dest: 1, sync: false });
  const file = f.accessLog ? resolve(f.accessLog) : join(resolve(f.dataDir), 'logs', 'access.log');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  return pino.destination({ dest: file, mode: 0o600, append: true, sync: false });
}

/**
 * The keys of the ledger's sealed source paths, for creating dataset versions from the UI: from the
 * population's secret, or from --secret-file alone on a node that does not populate from the server.
 */
function sourcePathsOf(f: ServeFlags, population: PopulationSettings | undefined): { sourcePaths?: SourcePathKeys } {
  if (population || !f.secretFile) return {};
  const secret = readSiteSecret(f.secretFile);
  for (const w of secret.warnings) process.stderr.write(`Warning: ${w}.\n`);
  return { sourcePaths: SourcePathKeys.fromSiteSecret(secret.bytes) };
}

/**
 * The datasets' IRIs stay under the public URL the ledger kept when the first was published: a node now served
 * at another address is told that they do not follow it (harvesters and citations hold them).
 */
async function warnOfOtherPublicUrl(store: Awaited<ReturnType<typeof openStore>>, given: string): Promise<void> {
  const { publicBaseOf } = await import('@oncoatlas/release');
  const kept = await new StudyLedger(store.db).datasets.publicUrl();
  if (kept !== undefined && kept !== publicBaseOf(given)) {
    process.stderr.write(`Warning: this node's datasets are named under ${kept} (kept since its first publication); their IRIs do not move to --public-url ${publicBaseOf(given)}. Serve ${kept} too, e.g. through the reverse proxy, for them to keep resolving.\n`);
  }
}

/** A one-time sign-in link for the embedded default's admin: what a new node's first user follows. */
async function signInLink(key: Uint8Array, base: string, who: { readonly subject: string; readonly roles: readonly Role[] } = { subject: 'local-admin', roles: ['admin'] }): Promise<string> {
  const { mintSignInTicket } = await import('@oncoatlas/server');
  const ticket = await mintSignInTicket(key, { ...who, minutes: SIGN_IN_LINK_MINUTES });
  return `${base.replace(/\/$/, '')}/auth/local?ticket=${ticket}`;
}

const SIGN_IN_LINK_MINUTES = 15;

/**
 * A new node starts from a data directory that does not exist yet (or is empty): it is made, owner-only. A
 * directory that holds other things but no ledger is refused: that is a mistyped path, not a new node.
 */
function prepareDataDir(dataDir: string, database?: string): void {
  const dir = resolve(dataDir);
  if (!existsSync(dir) || (statSync(dir).isDirectory() && readdirSync(dir).length === 0)) {
    privateDir(dir);
    process.stdout.write(`New data directory ${dir}: an empty node (oncoatlas populate --data-dir ${dataDir} fills it).\n`);
    return;
  }
  requireLedger(dataDir, database);
}

function requireLedger(dataDir: string, database?: string): void {
  if (!database && !existsSync(join(resolve(dataDir), 'atlas.sqlite'))) {
    throw oncoError('USAGE', `${resolve(dataDir)} holds no ledger (atlas.sqlite): give the --data-dir of oncoatlas populate.`);
  }
}

export function registerServeCommand(program: Command, setExit: (code: number) => void): void {
  addDistributeFlags(addDeidFlags(program.command('serve')
    .description('Serve the node\'s web UI and HTTP API (OpenAPI at /openapi.json, docs at /docs) over a data directory; with --source, stewards start population runs from the UI.')
    .requiredOption('--data-dir <dir>', 'data directory of populate'), { secretRequired: false })
    .option('--database <url>', 'postgres://... when the ledger is in PostgreSQL')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0: any free one)', '8080')
    .option('--oidc-issuer <url>', 'trust access tokens of this OpenID provider (e.g. the node\'s Keycloak realm)')
    .option('--oidc-audience <aud>', 'the audience its access tokens carry for this API', 'oncoatlas')
    .option('--roles-claim <path>', 'where the roles are in its tokens (e.g. realm_access.roles)', 'roles')
    .option('--oidc-client-id <id>', 'the public client (PKCE) registered at the provider for browser sign-in at /auth/login')
    .option('--public-url <url>', 'this node\'s address as browsers see it (for the sign-in callback, and the base of the IRIs of datasets it publishes first); default http://HOST:PORT')
    .option('--catalogue-settings <file>', 'the node\'s public catalogue: iri, title, description, publisher, applicableLegislation (JSON; docs/catalogue.md)')
    .option('--disclosure-settings <file>', 'disclosure control of federated counts: threshold, rounding, epsilon, mode, noiseZero, studySensitivityCap (JSON; docs/federation.md)')
    .option('--focus-token-file <file>', 'open POST /api/federation/focus to EUCAIM\'s Focus, which sends this token (a file of 16+ characters, e.g. oncoatlas secret new FILE)')
    .option('--source <location>', 'what population runs started from the UI read: folder export, DICOMDIR file, or DICOMweb root URL (needs --secret-file)')
    .option('--cohort <file>', 'cohort rules and clinical column mapping of those runs (JSON, as for populate)')
    .option('--jobs <n>', 'worker threads of those runs (default: cores, at most 4)')
    .option('--web <dir>', 'serve this built web UI at / (default: packages/web/dist when built)')
    .option('--no-web', 'serve the API only')
    .option('--local-tokens', 'accept the node\'s own tokens and sign-in links (default: on without --oidc-issuer, off with it)')
    .option('--no-local-tokens', 'refuse the node\'s own tokens and sign-in links')
    .option('--access-log <file>', 'where the access log goes (JSON lines; - for stdout)', undefined)
    .option('--strict', 'refuse to start when a key or the data directory can be read by other users'))
    .action(async (f: ServeFlags) => {
      const port = Number(f.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw oncoError('USAGE', `--port takes a port number, not "${f.port}".`);
      const population = populationOf(f);
      // A node set up to populate may start from an empty data directory: its first run makes the ledger.
      if (population && !f.database) privateDir(resolve(f.dataDir));
      else prepareDataDir(f.dataDir, f.database);
      for (const w of checkDataDirModes(resolve(f.dataDir), { strict: f.strict ?? false })) process.stderr.write(`Warning: ${w}\n`);
      const web = webRoot(f);
      // Loaded here: the HTTP stack is not needed by any other command.
      const { buildServer, createTokenVerifier } = await import('@oncoatlas/server');
      const localTokens = f.localTokens ?? !f.oidcIssuer;
      const key = localTokens ? localKey(f.dataDir, { strict: f.strict ?? false }) : undefined;
      const verifier = createTokenVerifier({
        issuers: f.oidcIssuer ? [{ issuer: f.oidcIssuer, audience: f.oidcAudience, rolesClaim: f.rolesClaim }] : [],
        ...(key ? { localKey: key } : {}),
      });
      const store = await openStore({ dataDir: resolve(f.dataDir), ...(f.database ? { database: f.database } : {}) });
      const catalogue = f.catalogueSettings ? {
        dataDir: resolve(f.dataDir), settings: readJsonFile(f.catalogueSettings, 'The catalogue settings file', 'see docs/catalogue.md') as never,
        ...(f.publicUrl ? { publicUrl: f.publicUrl } : {}),
      } : undefined;
      if (catalogue && f.publicUrl) await warnOfOtherPublicUrl(store, f.publicUrl);
      if (f.oidcClientId && !f.oidcIssuer) throw oncoError('USAGE', '--oidc-client-id goes with --oidc-issuer.');
      const browserSignIn = f.oidcIssuer && f.oidcClientId
        ? { issuer: f.oidcIssuer, clientId: f.oidcClientId, publicUrl: f.publicUrl ?? `http://${f.host}:${port}`, audience: f.oidcAudience }
        : undefined;
      const federation = await nodeFederation({
        db: store.db, ledger: new StudyLedger(store.db), dataDir: f.dataDir,
        ...(f.disclosureSettings ? { disclosureSettings: f.disclosureSettings } : {}), ...(f.focusTokenFile ? { focusTokenFile: f.focusTokenFile } : {}),
      });
      const app = await buildServer({
        ledger: new StudyLedger(store.db), verifier, version: ONCOATLAS_VERSION, accessLog: await accessLogOf(f), dataDir: resolve(f.dataDir),
        writerLock: { dataDir: resolve(f.dataDir), ...(f.database ? { database: f.database } : {}) },
        ...(f.publicUrl ? { publicUrl: f.publicUrl } : {}), ...sourcePathsOf(f, population),
        ...(catalogue ? { catalogue } : {}), ...(browserSignIn ? { browserSignIn } : {}),
        ...(population ? { population } : {}), ...(web ? { web: { root: web } } : {}), focus: federation.focus,
        // Jobs submitted here, by the CLI or through the hub, run in this process (docs/jobs.md).
        jobs: { runner: true },
      });
      const address = await app.listen({ host: f.host, port });
      // The hub's tasks: counts (federated search), catalogue harvests, governed access (agreements, permits) and
      // federated jobs, all answered over the agent's outbound link.
      const harvestLedger = new StudyLedger(store.db);
      const access = accessTaskHandler({ ledger: harvestLedger, dataDir: resolve(f.dataDir) });
      const jobTasks = jobTaskHandler({ ledger: harvestLedger, dataDir: resolve(f.dataDir), version: ONCOATLAS_VERSION });
      const agent = await startNodeAgent(f.dataDir, (task, signal) => (task.type === HARVEST_TASK_TYPE
        ? answerHarvestTask({ ledger: harvestLedger, catalogue }, task.payload)
        : isAccessTask(task.type) ? access(task) : isJobTask(task.type) ? jobTasks(task) : federation.handler(task, signal)));
      const base = f.publicUrl ?? address;
      process.stdout.write([
        web ? `OncoAtlas node UI at ${address}/` : f.web === false ? 'Web UI not served (--no-web).' : 'The web UI is not built: npm run build:web builds it (then start oncoatlas serve again), or pass --web DIR.',
        `API at ${address}/api (OpenAPI: ${address}/openapi.json, docs: ${address}/docs). Ctrl-C stops it.`,
        f.oidcIssuer ? `Trusting access tokens of ${f.oidcIssuer} (audience ${f.oidcAudience}).` : 'No identity provider configured (--oidc-issuer): the node\'s own sign-in links and tokens are the way in.',
        ...(key && !browserSignIn ? [`Sign in as admin: open ${await signInLink(key, base)}`, `  (works once, for ${SIGN_IN_LINK_MINUTES} minutes; a new one: oncoatlas token new --data-dir ${f.dataDir} --role admin --sign-in-link)`] : []),
        population ? `Stewards can start population runs of the ${population.sourceLabel} (POST /api/population/runs, or the UI).` : 'No --source: population runs are not started from this server (oncoatlas populate runs them).',
      ].join('\n') + '\n');
      await new Promise<void>((done) => {
        const stop = (): void => {
          // Closing waits for a population run going on: it cannot be aborted half-way through a batch.
          process.stdout.write('Stopping (a population run going on is finished first).\n');
          void (agent?.stop() ?? Promise.resolve()).then(() => app.close()).then(() => store.close()).then(done);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      setExit(0);
    });

  program.command('token').description('Local tokens of this node.')
    .command('new')
    .description('Print a bearer token signed by this node (the first-run admin of the embedded default, or a service account).')
    .requiredOption('--data-dir <dir>', 'data directory of populate')
    .requiredOption('--role <role...>', 'one or more of steward, researcher, committee, admin')
    .option('--subject <name>', 'who the token is for (recorded in the audit log by the routes that write)', 'local-admin')
    .option('--hours <n>', 'validity', '8')
    .option('--sign-in-link', `print a one-time browser sign-in link instead (works once, for ${SIGN_IN_LINK_MINUTES} minutes)`)
    .option('--url <address>', 'the node\'s address as browsers see it, for --sign-in-link', 'http://127.0.0.1:8080')
    .action(async (f: { dataDir: string; role: string[]; subject: string; hours: string; signInLink?: boolean; url: string }) => {
      const hours = Number(f.hours);
      if (!(hours > 0 && hours <= 24 * 30)) throw oncoError('USAGE', '--hours takes a number of hours up to 720.');
      const { isRole, mintLocalToken, ROLES } = await import('@oncoatlas/server');
      const bad = f.role.filter((r) => !isRole(r));
      if (bad.length > 0) throw oncoError('USAGE', `Unknown role ${bad.join(', ')}; roles are ${ROLES.join(', ')}.`);
      requireLedger(f.dataDir);
      const who = { subject: f.subject, roles: f.role.filter(isRole) };
      if (f.signInLink) {
        if (!/^https?:\/\//.test(f.url)) throw oncoError('USAGE', '--url takes the node\'s http(s) address, e.g. http://127.0.0.1:8080.');
        process.stdout.write(`${await signInLink(localKey(f.dataDir), f.url, who)}\n`);
      } else {
        process.stdout.write(`${await mintLocalToken(localKey(f.dataDir), { ...who, hours })}\n`);
      }
      setExit(0);
    });
}
