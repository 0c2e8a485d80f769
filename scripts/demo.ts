/**
 * `npm start`: the main job on the embedded default (SQLite, local folders). It writes a synthetic hospital
 * (`oncoatlas synth`: a PACS export with its defects, clinical tables, the cohort file and mapping, the catalogue
 * fields, and the ground truth), populates a local atlas from it (inventory, selection, de-identification with
 * verification, clinical data in the common data model with QC), creates a dataset version with the least
 * generalisation reaching k = 5, releases it with its compliance dossier, publishes it in the node's catalogue,
 * and serves the web UI with `oncoatlas serve`, as a hospital would run it.
 *
 * Sign-in: a hospital points the node at its own OpenID provider (docs/server.md). The demo has none, so it
 * starts a development OpenID provider on loopback (panva's oidc-provider, the one the tests use) whose login
 * page accepts the demo users with any password. It is for this demo only and says so.
 *
 * ONCOATLAS_DEMO_STUDIES sets the hospital's size, ONCOATLAS_DEMO_PORT the UI's port (default 8080, else a free
 * one), ONCOATLAS_DEMO_DIR the folder (default out/demo).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { main } from '@oncoatlas/cli';
import { chromiumAvailable } from '@oncoatlas/release';
import { startOidcProvider } from '@oncoatlas/testkit';

const root = resolve(process.env.ONCOATLAS_DEMO_DIR ?? 'out/demo');
const hospital = join(root, 'hospital');
const studies = process.env.ONCOATLAS_DEMO_STUDIES ?? '300';
const data = join(root, 'atlas');
const secret = join(root, 'site.secret');
const deidFlags = ['--secret-file', secret, '--option', 'retain-safe-private', '--dates', 'shift'];

async function step(title: string, args: string[], okCodes: readonly number[] = [0]): Promise<void> {
  process.stdout.write(`\n== ${title}\n`);
  const code = await main(['node', 'oncoatlas', ...args]);
  if (!okCodes.includes(code)) {
    process.stderr.write(`\nThe demo stopped at "${title}" (exit ${code}).\n`);
    process.exit(code);
  }
}

/** The asked port if it is free, else any free one: a second demo or another service may hold 8080. */
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

/**
 * Waits until the node answers at its URL (any HTTP answer: it listens, and serves the UI if it is built, which
 * it says otherwise); a node that never answers ends the demo with what to look at.
 */
async function untilAnswering(base: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${base}/`, { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(2_000) }).then(() => true, () => false);
    if (ok) return;
    if (Date.now() > deadline) {
      process.stderr.write(`\nThe node did not answer at ${base} within ${timeoutMs / 1000} s; its output above says why.\n`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

mkdirSync(root, { recursive: true });
rmSync(hospital, { recursive: true, force: true });
rmSync(data, { recursive: true, force: true });
await step('A synthetic hospital (generated: never real patient data)', ['synth', hospital, '--studies', studies, '--seed', 'demo']);
if (!existsSync(secret)) await step('A site secret (keyed pseudonyms; keep it outside the atlas)', ['secret', 'new', secret]);
await step('Populate the local atlas', [
  'populate', '--data-dir', data, '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'), ...deidFlags,
]);
// A 300-study hospital needs up to 20 % of its studies suppressed to reach k = 5 (see docs/risk.md).
await step('A dataset version: manifest, clinical extract, reports, re-identification risk', [
  'dataset', 'create', '--data-dir', data, '--secret-file', secret, '--id', 'demo', '--title', 'Synthetic hospital, demo cohort', '--by', 'demo-steward',
  '--purpose', 'Demonstration of OncoAtlas on synthetic data', '--legal-basis', 'Not applicable: synthetic data', '--max-suppression', '0.2',
]);
const pdf = chromiumAvailable();
await step('Release it, with its compliance dossier', ['dataset', 'release', 'demo', '--data-dir', data, '--by', 'demo-steward', ...(pdf ? [] : ['--no-pdf'])]);
// The node's address is known before publishing: the dataset's stable IRI is made from it, and kept.
const port = await portFor(Number(process.env.ONCOATLAS_DEMO_PORT ?? 8080));
const url = `http://127.0.0.1:${port}`;
await step('Publish it in the node\'s catalogue (EUCAIM DCAT-AP, checked against the shapes)', [
  'catalogue', 'publish', 'demo', '--data-dir', data, '--by', 'demo-steward', '--steward', join(hospital, 'catalogue-steward.json'), '--public-url', url,
]);
const users = { steward: { roles: ['steward'] }, researcher: { roles: ['researcher'] } };
const op = await startOidcProvider({}, { clientId: 'oncoatlas-web', redirectUri: `${url}/auth/callback`, users, tokenTtlSeconds: 8 * 3600 });
process.once('exit', () => { void op.close(); });
// The node keeps serving until Ctrl-C, so its step runs on while the demo waits for it to answer: the URL is
// printed only once a browser opening it gets the UI, not while the node is still starting.
const serving = step('The node (oncoatlas serve)', [
  'serve', '--data-dir', data, '--port', String(port), '--public-url', url,
  '--oidc-issuer', op.issuer, '--oidc-audience', op.audience, '--oidc-client-id', 'oncoatlas-web',
  '--catalogue-settings', join(hospital, 'catalogue-settings.json'),
  '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'), ...deidFlags,
]);
await untilAnswering(url);
process.stdout.write([
  '',
  `Atlas (ledger, de-identified files, datasets): ${data}`,
  `Dossier:             ${join(data, 'datasets', 'demo', 'v1', pdf ? 'dossier.pdf' : 'dossier.html')}${pdf ? '' : ' (install Debian chromium for the PDF)'}`,
  `Funnel again:        npx oncoatlas funnel --data-dir ${data}`,
  `Audit log verified:  npx oncoatlas audit verify --data-dir ${data}`,
  '',
  `Open ${url} in a browser.`,
  `Sign in as "steward" (any password) to run the population, review held images and release datasets,`,
  `or as "researcher" to find the datasets; the catalogue at ${url}/catalogue needs no sign-in. The dataset's`,
  'stable IRI (printed when it was published) gives its records to a harvester and a page to a browser.',
  `(The sign-in page is a development OpenID provider started for this demo at ${op.issuer}; a hospital`,
  ' configures its own with oncoatlas serve --oidc-issuer, see docs/server.md.)',
  'Ctrl-C stops the demo.',
  '',
].join('\n'));
await serving;
await op.close();
