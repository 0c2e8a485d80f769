/**
 * `oncoatlas hub serve`: the atlas's hub over its own data directory (its key, its SQLite file or --database,
 * its audit log); `oncoatlas hub nodes list|approve|revoke`: the operator's decisions from the hub's machine;
 * `oncoatlas hub token new`: a local token of the hub (operators and researchers before an identity provider).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseReviewSteps } from '@oncoatlas/access';
import { oncoError, privateDir } from '@oncoatlas/core';
import { ONCOATLAS_VERSION } from '@oncoatlas/deid';
import { Hub, MAX_DEADLINE_MS, type NodeSummary } from '@oncoatlas/hub';
import { registerHubCatalogueCommands, startCatalogueHarvest } from './hub-catalogue-command.ts';
import { createSiteSecret, readSiteSecret } from './secret.ts';
import { webRoot } from './serve-command.ts';

interface HubServeFlags {
  dataDir: string; database?: string; host: string; port: string; publicUrl?: string;
  oidcIssuer?: string; oidcAudience: string; rolesClaim: string; localTokens?: boolean;
  budget: string; budgetDays: string; deadlineSeconds: string;
  smtpUrl?: string; mailFrom: string; committeeEmail: string[]; reviewSteps?: string; requireOnboarding: boolean; timerInterval: string;
  /** A directory, false for --no-web, undefined for the built UI of @oncoatlas/web if there is one. */
  web?: string | false;
}

/** The key of the hub's local tokens, beside (never the same as) the hub's signing key. */
function hubLocalKey(dataDir: string): Uint8Array {
  const path = join(resolve(dataDir), 'hub-auth.key');
  if (!existsSync(path)) createSiteSecret(path);
  const key = readSiteSecret(path);
  for (const w of key.warnings) process.stderr.write(`Warning: ${w.replace('the secret file', 'hub-auth.key (the key of the hub\'s local tokens)')}.\n`);
  return key.bytes;
}

/** Governed access's settings of `hub serve` (docs/access.md): e-mail, the committee's addresses, review steps. */
function accessSettings(f: HubServeFlags) {
  if (f.smtpUrl !== undefined && !/^smtps?:\/\/[^/]/.test(f.smtpUrl)) throw oncoError('USAGE', `--smtp-url takes smtp://host:port (or smtps://), not "${f.smtpUrl}".`);
  const bad = f.committeeEmail.filter((e) => !/^[^\s@]+@[^\s@]+$/.test(e));
  if (bad.length > 0) throw oncoError('USAGE', `--committee-email takes an e-mail address, not "${bad[0]}".`);
  let reviewSteps;
  if (f.reviewSteps !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(f.reviewSteps, 'utf8'));
    } catch (err) {
      throw oncoError('CONFIG_INVALID', `--review-steps ${f.reviewSteps}: not a readable JSON file (${(err as Error).message}).`);
    }
    reviewSteps = parseReviewSteps(raw);
  }
  return {
    committeeEmails: f.committeeEmail, ...(reviewSteps ? { reviewSteps } : {}), ...(f.publicUrl ? { publicUrl: f.publicUrl } : {}),
    ...(f.smtpUrl ? { mail: { smtpUrl: f.smtpUrl, from: f.mailFrom } } : {}),
  };
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!(n > 0)) throw oncoError('USAGE', `${flag} takes a positive number, not "${value}".`);
  return n;
}

async function withHub<T>(f: { dataDir: string; database?: string }, fn: (hub: Hub) => Promise<T>): Promise<T> {
  const hub = await Hub.open({ dataDir: f.dataDir, ...(f.database ? { database: f.database } : {}) });
  try {
    return await fn(hub);
  } finally {
    await hub.close();
  }
}

function nodeLine(n: NodeSummary): string {
  return `${n.id}  ${n.status.padEnd(8)}  ${n.joinedAt}  ${n.name}`;
}

export function registerHubCommands(program: Command, setExit: (code: number) => void): void {
  const hub = program.command('hub').description('The atlas\'s hub: nodes dial out to it; researchers query them through it.');
  hub.command('serve')
    .description('Serve the hub\'s API (nodes join and long-poll it; researchers dispatch federated queries).')
    .requiredOption('--data-dir <dir>', 'the hub\'s data directory (its key, hub.sqlite, local-token key); made owner-only')
    .option('--database <url>', 'postgres://... to keep the hub\'s tables in PostgreSQL')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0: any free one)', '8443')
    .option('--public-url <url>', 'the hub\'s address as nodes and browsers see it')
    .option('--oidc-issuer <url>', 'trust access tokens of this OpenID provider (e.g. LS AAI)')
    .option('--oidc-audience <aud>', 'the audience its access tokens carry for this API', 'oncoatlas-hub')
    .option('--roles-claim <path>', 'where the roles are in its tokens', 'roles')
    .option('--local-tokens', 'accept the hub\'s own tokens (default: on without --oidc-issuer)')
    .option('--no-local-tokens', 'refuse the hub\'s own tokens')
    .option('--budget <epsilon>', 'privacy budget per researcher per window', '10')
    .option('--budget-days <n>', 'the budget\'s sliding window in days', '30')
    .option('--deadline-seconds <n>', 'how long a federated search (Lens, Beacon) waits for the nodes before answering partial', '10')
    .option('--web <dir>', 'serve this built web UI at / (its federated search and cart; default: packages/web/dist when built)')
    .option('--no-web', 'serve the API only')
    .option('--smtp-url <url>', 'e-mail notifications through this SMTP relay (smtp://host:port); without it they are shown in the UI only')
    .option('--mail-from <address>', 'the sender of the e-mail notifications', 'OncoAtlas hub <oncoatlas-hub@localhost>')
    .option('--committee-email <address>', 'e-mail the access committee\'s notices here (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--review-steps <file>', 'the onboarding\'s review boards, in order: JSON [{ id, title, role: committee|operator }] (default: the four EUCAIM boards)')
    .option('--no-require-onboarding', 'search every approved node, onboarded or not: for a hub whose onboarding happens outside OncoAtlas')
    .option('--timer-interval <seconds>', 'how often the inactivity timers run and failed e-mail is retried', '3600')
    .action(async (f: HubServeFlags) => {
      const port = Number(f.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw oncoError('USAGE', `--port takes a port number, not "${f.port}".`);
      privateDir(resolve(f.dataDir));
      const { buildHubServer, createTokenVerifier } = await import('@oncoatlas/server');
      const localTokens = f.localTokens ?? !f.oidcIssuer;
      const verifier = createTokenVerifier({
        issuers: f.oidcIssuer ? [{ issuer: f.oidcIssuer, audience: f.oidcAudience, rolesClaim: f.rolesClaim }] : [],
        ...(localTokens ? { localKey: hubLocalKey(f.dataDir) } : {}),
      });
      const timerMs = Math.round(positive(f.timerInterval, '--timer-interval') * 1000);
      const service = await Hub.open({
        dataDir: f.dataDir, ...(f.database ? { database: f.database } : {}),
        budget: { total: positive(f.budget, '--budget'), windowDays: positive(f.budgetDays, '--budget-days') },
        requireOnboarding: f.requireOnboarding, access: accessSettings(f),
      });
      const stopTimers = service.access.timers.start(timerMs, (err) => process.stderr.write(`Access timers: ${(err as { code?: string }).code ?? 'error'}; retried at the next tick.\n`));
      const deadlineMs = Math.round(positive(f.deadlineSeconds, '--deadline-seconds') * 1000);
      if (deadlineMs < 100 || deadlineMs > MAX_DEADLINE_MS) throw oncoError('USAGE', `--deadline-seconds takes 0.1 to ${MAX_DEADLINE_MS / 1000}.`);
      const web = webRoot(f);
      const harvesting = await startCatalogueHarvest(service, f);
      const app = await buildHubServer({
        hub: service, verifier, version: ONCOATLAS_VERSION, deadlineMs, catalogue: harvesting.catalogue, ...(f.publicUrl ? { publicUrl: f.publicUrl } : {}), ...(web ? { web: { root: web } } : {}),
      });
      const address = await app.listen({ host: f.host, port });
      process.stdout.write([
        web ? `OncoAtlas hub UI at ${address}/ (federated search for researchers).` : 'Web UI not served (--no-web, or not built: npm run build:web).',
        `OncoAtlas hub API at ${address}/hub/api (OpenAPI: ${address}/openapi.json); Lens's Spot API at ${address}/hub/beam; Beacon v2 at ${address}/beacon/v2.`,
        f.requireOnboarding ? 'A node\'s datasets are searched once its onboarding is approved (docs/access.md).' : 'Onboarding not required (--no-require-onboarding): every approved node is searched.',
        `Nodes join with: oncoatlas node join --hub ${f.publicUrl ?? address} --data-dir D. Ctrl-C stops it.`,
      ].join('\n') + '\n');
      await new Promise<void>((done) => {
        const stop = (): void => { stopTimers(); void app.close().then(() => harvesting.stop()).then(() => service.close()).then(done); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      setExit(0);
    });

  registerHubCatalogueCommands(hub, setExit);
  const nodes = hub.command('nodes').description('The nodes that joined this hub.');
  const dataDirOptions = (c: Command): Command => c.requiredOption('--data-dir <dir>', 'the hub\'s data directory').option('--database <url>', 'postgres://... when the hub\'s tables are in PostgreSQL');
  dataDirOptions(nodes.command('list').description('List nodes: id, status, when they joined, name.'))
    .option('--json', 'print JSON')
    .action(async (f: { dataDir: string; database?: string; json?: boolean }) => {
      const list = await withHub(f, (h) => h.nodes());
      process.stdout.write(f.json ? `${JSON.stringify(list)}\n` : list.length === 0 ? 'No node has joined yet.\n' : `${list.map(nodeLine).join('\n')}\n`);
      setExit(0);
    });
  for (const [verb, what] of [['approve', 'Approve a pending node: it gets credentials and tasks.'], ['revoke', 'Revoke a node: its next renewal and task poll fail.']] as const) {
    dataDirOptions(nodes.command(verb).description(what).argument('<id>', 'the node id (hub nodes list)'))
      .action(async (id: string, f: { dataDir: string; database?: string }) => {
        const actor = `${process.env.USER ?? 'operator'} @ urn:oncoatlas:hub:cli`;
        const n = await withHub(f, (h) => (verb === 'approve' ? h.approve(id, actor) : h.revoke(id, actor)));
        process.stdout.write(`${nodeLine(n)}\n`);
        setExit(0);
      });
  }

  hub.command('token').description('Local tokens of this hub.').command('new')
    .description('Print a bearer token signed by this hub (an operator or researcher before an identity provider is configured).')
    .requiredOption('--data-dir <dir>', 'the hub\'s data directory')
    .requiredOption('--role <role...>', 'operator, researcher, committee or steward (a data holder\'s representative)')
    .option('--subject <name>', 'who the token is for (the budget and the audit log are per subject)', 'local-operator')
    .option('--hours <n>', 'validity', '8')
    .option('--sign-in-link', 'print a one-time browser sign-in link instead (works once, for 15 minutes)')
    .option('--url <address>', 'the hub\'s address as browsers see it, for --sign-in-link', 'http://127.0.0.1:8443')
    .action(async (f: { dataDir: string; role: string[]; subject: string; hours: string; signInLink?: boolean; url: string }) => {
      const { isRole, mintLocalToken, mintSignInTicket } = await import('@oncoatlas/server');
      const bad = f.role.filter((r) => !isRole(r));
      if (bad.length > 0) throw oncoError('USAGE', `Unknown role ${bad.join(', ')}; roles at a hub are operator, researcher, committee, steward.`);
      if (!existsSync(join(resolve(f.dataDir), 'hub-signing.key'))) throw oncoError('USAGE', `${resolve(f.dataDir)} is not a hub's data directory (start oncoatlas hub serve there first).`);
      const who = { subject: f.subject, roles: f.role.filter(isRole) };
      if (f.signInLink) {
        if (!/^https?:\/\//.test(f.url)) throw oncoError('USAGE', '--url takes the hub\'s http(s) address, e.g. http://127.0.0.1:8443.');
        const ticket = await mintSignInTicket(hubLocalKey(f.dataDir), { ...who, minutes: 15 });
        process.stdout.write(`${f.url.replace(/\/$/, '')}/auth/local?ticket=${ticket}\n`);
      } else {
        process.stdout.write(`${await mintLocalToken(hubLocalKey(f.dataDir), { ...who, hours: positive(f.hours, '--hours') })}\n`);
      }
      setExit(0);
    });
}
