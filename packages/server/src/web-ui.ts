/**
 * Serves the built web UI (a Vite single-page app) from a directory: its files at `/`, and index.html for any
 * other page a browser asks for outside the API, so the UI's own routes survive a reload or a bookmark. The
 * API, sign-in, docs and OpenAPI paths never fall back to the UI: a wrong API call stays a JSON problem.
 */
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface WebOptions {
  /** The UI's build output (packages/web/dist): index.html and assets/. */
  readonly root: string;
  /**
   * Lets the UI's scripts compile code at run time (`script-src 'unsafe-eval'`). Only the hub sets it: the
   * @samply/lens explorer validates its options and catalogue with ajv, which compiles each schema into a
   * function, and the page does not start without. The node's UI never needs it.
   */
  readonly scriptEval?: boolean;
}

/**
 * The UI loads nothing from elsewhere, and no other site may frame it (clickjacking). `default-src 'self'`
 * already covers them, but the API calls (connect-src) and fonts (font-src: the UI uses the system's, none
 * is fetched) are named: they are what would leak a visit to another host, and a later loosening of the
 * default must not open them silently. Sign-in leaves the UI by navigation, which the CSP does not govern.
 */
export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; connect-src 'self'; font-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

// The harvest entry points of the node's linked data too: a wrong path there is a 404, not the UI.
const NOT_UI = ['/api', '/auth', '/docs', '/openapi.json', '/fdp', '/shapes', '/.well-known'];

function outsideUi(path: string): boolean {
  return NOT_UI.some((p) => path === p || path.startsWith(`${p}/`));
}

export async function registerWebUi(app: FastifyInstance, o: WebOptions): Promise<void> {
  const headers = o.scriptEval
    ? { ...UI_SECURITY_HEADERS, 'content-security-policy': `${UI_SECURITY_HEADERS['content-security-policy']}; script-src 'self' 'unsafe-eval'` }
    : UI_SECURITY_HEADERS;
  await app.register(fastifyStatic, {
    root: o.root,
    prefix: '/',
    // Whatever the directory holds is served under the UI's paths only.
    allowedPath: (path) => !outsideUi(path),
    setHeaders: (reply: FastifyReply, path: string) => {
      void reply.headers(headers);
      // Vite names assets by their content hash: a changed file is a new name, so they may be kept for a year.
      // index.html names the current ones, so it is revalidated on every load.
      if (path.startsWith(join(o.root, 'assets'))) void reply.header('cache-control', 'public, max-age=31536000, immutable');
      else if (path.endsWith('index.html')) void reply.header('cache-control', 'no-cache');
    },
  });
}

/** Whether a request that matched nothing is a browser loading one of the UI's own routes. */
export function wantsUiPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  return (request.method === 'GET' || request.method === 'HEAD') && !outsideUi(path) && (request.headers.accept ?? '').includes('text/html');
}

export function sendUiPage(reply: FastifyReply): FastifyReply {
  // A not-found handler's reply may already carry 404; the page itself is found.
  return reply.code(200).sendFile('index.html');
}
