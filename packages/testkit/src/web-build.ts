/**
 * The built web UI (packages/web/dist), which the UI tests and the demo serve. `npm test` builds it first; a
 * test run on its own (node --test one file) without a build skips on a laptop and fails under CI=true.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';

/** Where `npm run build:web` writes the UI. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export function requireWebBuild(t: TestContext): boolean {
  if (existsSync(`${WEB_DIST}/index.html`)) return true;
  const message = `The web UI is not built (${WEB_DIST}/index.html missing): run npm run build:web (npm test does)`;
  if (process.env.CI === 'true') throw new Error(message);
  t.skip(message);
  return false;
}
