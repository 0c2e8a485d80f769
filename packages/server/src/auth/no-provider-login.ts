/**
 * /auth/login on a node without an identity provider (the embedded default on a first run): a page that says
 * how to get in instead of an error, since "Sign in" in the UI leads here. The way in is the one-time link
 * `oncoatlas serve` prints (or `oncoatlas token new --sign-in-link`), which only someone at the node's
 * console or with its data directory can make.
 */
import type { FastifyInstance } from 'fastify';

const PAGE = (localSignIn: boolean): string => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in: OncoAtlas node</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Sign in to this OncoAtlas node</h1>
<p>This node has no identity provider configured.</p>
${localSignIn
    ? `<p>Open the one-time sign-in link that <code>oncoatlas serve</code> printed in its console when it started. Each link works once, for 15 minutes. For a new one, run on the node:</p>
<pre>oncoatlas token new --data-dir DIR --role admin --sign-in-link</pre>`
    : '<p>Local sign-in is turned off (<code>--no-local-tokens</code>). Ask the node&apos;s administrator.</p>'}
<p>To sign in through your hospital&apos;s identity provider instead, start the node with <code>--oidc-issuer</code> and <code>--oidc-client-id</code> (see docs/server.md).</p>
</body></html>`;

export function registerNoProviderLogin(app: FastifyInstance, o: { readonly localSignIn: boolean }): void {
  app.get('/auth/login', { schema: { summary: 'How to sign in (this node has no identity provider)', tags: ['sign-in'] } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'").send(PAGE(o.localSignIn)));
}
