/**
 * The HTML a person gets at a dataset's IRI (a browser asks for text/html): a small page with what the records
 * say (title, description, counts, where access is requested, the identifier), links to the records in each
 * RDF format, and the JSON-LD itself in a `<script type="application/ld+json">` data block for search engines.
 * A withdrawn dataset's page says so, with what it was.
 *
 * Rendered on the server from the same facts as the records, with every value HTML-escaped. The page runs no
 * script and loads nothing: its one inline style is allowed by its hash (LANDING_PAGE_CSP), nothing else is.
 */
import { createHash } from 'node:crypto';
import type { DatasetFacts, Localised } from './dataset-facts.ts';
import { PAGE_CONTENT_TYPES, suffixOf, type PageContentType } from './content-negotiation.ts';
import type { TombstoneFacts } from './tombstone-records.ts';

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}'
  + 'dt{font-weight:600}dd{margin:0 0 .6rem 0;overflow-wrap:anywhere}.withdrawn{color:#8a1c1c}code{overflow-wrap:anywhere}';

/** The page's Content-Security-Policy: nothing may load, run, submit or frame it; only its own style applies. */
export const LANDING_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

const FORMAT_NAMES: Readonly<Record<PageContentType, string>> = {
  'text/turtle': 'Turtle',
  'application/ld+json': 'JSON-LD',
  'application/rdf+xml': 'RDF/XML',
  'application/n-triples': 'N-Triples',
  'text/html': 'HTML',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!);
}

/** JSON inside a script data block: `<` escaped so no text can close the element (`</script>`) or open a comment. */
function scriptJson(json: unknown): string {
  return JSON.stringify(json).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** English when there is English (EUCAIM requires it), else the first language given. */
function inEnglish(text: Localised): string | undefined {
  return text.en ?? Object.values(text)[0];
}

/** The records' other formats at `<iri>.<suffix>`, for clients that cannot negotiate. */
function alternates(iri: string): { type: PageContentType; href: string }[] {
  return PAGE_CONTENT_TYPES.filter((t) => t !== 'text/html').map((type) => ({ type, href: `${iri}.${suffixOf(type)}` }));
}

function page(title: string, iri: string, body: string, jsonLd: unknown): string {
  const links = alternates(iri);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<link rel="canonical" href="${escapeHtml(iri)}">`,
    ...links.map((l) => `<link rel="alternate" type="${l.type}" href="${escapeHtml(l.href)}">`),
    `<style>${STYLE}</style>`,
    `<script type="application/ld+json">${scriptJson(jsonLd)}</script>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    '<h2>Records</h2>',
    `<p>This page's machine-readable records (EUCAIM DCAT-AP): ${links.map((l) => `<a href="${escapeHtml(l.href)}" type="${l.type}">${FORMAT_NAMES[l.type]}</a>`).join(', ')}. `
      + 'The same address gives each of them to a client that asks for it in its Accept header.</p>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function item(term: string, value: string): string {
  return `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`;
}

const httpLink = (url: string): string => (/^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : escapeHtml(url));

/**
 * The landing page of a published dataset. `jsonLd` is its records' JSON-LD (toJsonLd of the same quads).
 *
 * @example
 * const html = datasetLandingPage(facts, await toJsonLd(datasetQuads(facts)));
 * reply.header('content-security-policy', LANDING_PAGE_CSP).type('text/html').send(html);
 */
export function datasetLandingPage(facts: DatasetFacts, jsonLd: unknown): string {
  const { steward: s, generated: g } = facts;
  const title = inEnglish(s.title) ?? facts.id;
  const description = inEnglish(s.description);
  const keywords = s.keywords.en ?? Object.values(s.keywords)[0] ?? [];
  const values = (list: readonly { readonly value: string }[]): string => escapeHtml(list.map((c) => c.value).join(', '));
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    ...(description ? [`<p>${escapeHtml(description)}</p>`] : []),
    '<dl>',
    item('Patients', String(g.counts.patients)),
    item('Imaging studies', String(g.counts.studies)),
    ...(g.modalities.length > 0 ? [item('Modalities', values(g.modalities))] : []),
    ...(g.bodyParts.length > 0 ? [item('Body parts', values(g.bodyParts))] : []),
    ...(keywords.length > 0 ? [item('Keywords', escapeHtml(keywords.join(', ')))] : []),
    item('Version', `${escapeHtml(String(facts.version))} (released ${escapeHtml(facts.releasedAt.slice(0, 10))})`),
    ...(s.accessUrl ? [item('Access is requested at', httpLink(s.accessUrl))] : []),
    ...(s.publisher ? [item('Publisher', escapeHtml(s.publisher.name))] : []),
    item('Identifier', `<code>${escapeHtml(facts.identifierIri)}</code>`),
    '</dl>',
  ].join('\n');
  return page(title, facts.identifierIri, body, jsonLd);
}

/** The page of a withdrawn dataset (served with 410 Gone): what it was, and when it was withdrawn. */
export function tombstoneLandingPage(facts: TombstoneFacts, jsonLd: unknown): string {
  const title = inEnglish(facts.title) ?? facts.identifierIri;
  const description = inEnglish(facts.description);
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="withdrawn"><strong>Withdrawn.</strong> This dataset was withdrawn from the node's catalogue on ${escapeHtml(facts.withdrawnAt.slice(0, 10))} and is no longer offered. Its identifier stays reserved for it.</p>`,
    ...(description ? [`<p>${escapeHtml(description)}</p>`] : []),
    '<dl>',
    item('Last version', escapeHtml(String(facts.version))),
    item('Identifier', `<code>${escapeHtml(facts.identifierIri)}</code>`),
    '</dl>',
  ].join('\n');
  return page(`Withdrawn: ${title}`, facts.identifierIri, body, jsonLd);
}
