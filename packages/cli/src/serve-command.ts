/**
 * `oncoatlas serve`: the node's HTTP API over a data directory, and `oncoatlas token new`: a local token of
 * the node, the embedded default's way in before an identity provider is configured (the first-run admin).
 * Local tokens are signed with a key kept in the data directory (node-auth.key, owner-only), separate from the
 * site secret: leaking one must not leak the other.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { oncoError } from '@oncoatlas/core';
import { ONCOATLAS_VERSION } from '@oncoatlas/deid';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { readJsonFile } from './json-file.ts';
import { createSiteSecret, readSiteSecret } from './secret.ts';

function localKey(dataDir: string): Uint8Array {
  const path = join(resolve(dataDir), 'node-auth.key');
  if (!existsSync(path)) createSiteSecret(path);
  return readSiteSecret(path).bytes;
}

function requireLedger(dataDir: string, database?: string): void {
  if (!database && !existsSync(join(resolve(dataDir), 'atlas.sqlite'))) {
    throw oncoError('USAGE', `${resolve(dataDir)} holds no ledger (atlas.sqlite): give the --data-dir of oncoatlas populate.`);
  }
}

export function registerServeCommand(program: Command, setExit: (code: number) => void): void {
  program.command('serve')
    .description('Serve the node\'s HTTP API (OpenAPI at /openapi.json, docs at /docs) over a data directory.')
    .requiredOption('--data-dir <dir>', 'data directory of populate')
    .option('--database <url>', 'postgres://... when the ledger is in PostgreSQL')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0: any free one)', '8080')
    .option('--oidc-issuer <url>', 'trust access tokens of this OpenID provider (e.g. the node\'s Keycloak realm)')
    .option('--oidc-audience <aud>', 'the audience its access tokens carry for this API', 'oncoatlas')
    .option('--roles-claim <path>', 'where the roles are in its tokens (e.g. realm_access.roles)', 'roles')
    .option('--oidc-client-id <id>', 'the public client (PKCE) registered at the provider for browser sign-in at /auth/login')
    .option('--public-url <url>', 'this node\'s address as browsers see it (for the sign-in callback); default http://HOST:PORT')
    .option('--catalogue-settings <file>', 'the node\'s public catalogue: iri, title, description, publisher, applicableLegislation (JSON; docs/catalogue.md)')
    .option('--identifier-base <iri>', 'prefix of the datasets\' stable identifiers (default urn:oncoatlas:dataset:)')
    .action(async (f: { dataDir: string; database?: string; host: string; port: string; oidcIssuer?: string; oidcAudience: string; rolesClaim: string; catalogueSettings?: string; identifierBase?: string; oidcClientId?: string; publicUrl?: string }) => {
      const port = Number(f.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw oncoError('USAGE', `--port takes a port number, not "${f.port}".`);
      requireLedger(f.dataDir, f.database);
      // Loaded here: the HTTP stack is not needed by any other command.
      const { buildServer, createTokenVerifier } = await import('@oncoatlas/server');
      const verifier = createTokenVerifier({
        issuers: f.oidcIssuer ? [{ issuer: f.oidcIssuer, audience: f.oidcAudience, rolesClaim: f.rolesClaim }] : [],
        localKey: localKey(f.dataDir),
      });
      const store = await openStore({ dataDir: resolve(f.dataDir), ...(f.database ? { database: f.database } : {}) });
      const catalogue = f.catalogueSettings ? {
        dataDir: resolve(f.dataDir), settings: readJsonFile(f.catalogueSettings, 'The catalogue settings file', 'see docs/catalogue.md') as never,
        ...(f.identifierBase ? { identifierBase: f.identifierBase } : {}),
      } : undefined;
      if (f.oidcClientId && !f.oidcIssuer) throw oncoError('USAGE', '--oidc-client-id goes with --oidc-issuer.');
      const browserSignIn = f.oidcIssuer && f.oidcClientId
        ? { issuer: f.oidcIssuer, clientId: f.oidcClientId, publicUrl: f.publicUrl ?? `http://${f.host}:${port}`, audience: f.oidcAudience }
        : undefined;
      const app = await buildServer({
        ledger: new StudyLedger(store.db), verifier, version: ONCOATLAS_VERSION, logger: false,
        ...(catalogue ? { catalogue } : {}), ...(browserSignIn ? { browserSignIn } : {}),
      });
      const address = await app.listen({ host: f.host, port });
      process.stdout.write([
        `OncoAtlas node API at ${address}/api (OpenAPI: ${address}/openapi.json, docs: ${address}/docs). Ctrl-C stops it.`,
        f.oidcIssuer ? `Trusting access tokens of ${f.oidcIssuer} (audience ${f.oidcAudience}).` : 'No identity provider configured: sign in with a local token (oncoatlas token new --data-dir ... --role admin).',
      ].join('\n') + '\n');
      await new Promise<void>((done) => {
        const stop = (): void => { void app.close().then(() => store.close()).then(done); };
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
    .action(async (f: { dataDir: string; role: string[]; subject: string; hours: string }) => {
      const hours = Number(f.hours);
      if (!(hours > 0 && hours <= 24 * 30)) throw oncoError('USAGE', '--hours takes a number of hours up to 720.');
      const { isRole, mintLocalToken, ROLES } = await import('@oncoatlas/server');
      const bad = f.role.filter((r) => !isRole(r));
      if (bad.length > 0) throw oncoError('USAGE', `Unknown role ${bad.join(', ')}; roles are ${ROLES.join(', ')}.`);
      requireLedger(f.dataDir);
      const token = await mintLocalToken(localKey(f.dataDir), { subject: f.subject, roles: f.role.filter(isRole), hours });
      process.stdout.write(`${token}\n`);
      setExit(0);
    });
}
