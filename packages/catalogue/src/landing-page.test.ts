import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { datasetQuads } from './dataset-records.ts';
import { syntheticDataset } from './fixtures/synthetic-datasets.ts';
import { datasetLandingPage, LANDING_PAGE_CSP, tombstoneLandingPage } from './landing-page.ts';
import { toJsonLd } from './serialise.ts';
import { tombstoneQuads, type TombstoneFacts } from './tombstone-records.ts';

const HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)> & "quoted"';

function hostileDataset(): ReturnType<typeof syntheticDataset> {
  const facts = syntheticDataset(1);
  return { ...facts, steward: { ...facts.steward, title: { en: HOSTILE }, description: { en: `Description ${HOSTILE}` }, keywords: { en: [HOSTILE] } } };
}

/** The page's elements that run or load something, other than the one JSON-LD data block. */
function activeParts(html: string): string[] {
  const withoutData = html.replace(/<script type="application\/ld\+json">[^<]*<\/script>/, '');
  // Escaped text cannot open a tag: only real tags (a `<` in the markup) are looked at.
  return [...withoutData.matchAll(/<[^>]*>/g)].map((m) => m[0]).filter((tag) => /^<(script|img|iframe|object|embed)|\son[a-z]+=|javascript:/i.test(tag));
}

test('the landing page shows what the records say, links every RDF format, and embeds the JSON-LD', async () => {
  const facts = syntheticDataset(1);
  const jsonLd = await toJsonLd(datasetQuads(facts));
  const html = datasetLandingPage(facts, jsonLd);
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<h1>Lung cancer CT cohort 1, 2019-2024<\/h1>/);
  assert.match(html, /<dt>Patients<\/dt><dd>812<\/dd>/);
  assert.match(html, /<dt>Imaging studies<\/dt><dd>1390<\/dd>/);
  assert.ok(html.includes(`<code>${facts.identifierIri}</code>`));
  assert.ok(html.includes(`href="${facts.steward.accessUrl}"`), 'where access is requested is a link');
  for (const [type, suffix] of [['text/turtle', 'ttl'], ['application/ld+json', 'jsonld'], ['application/rdf+xml', 'rdf'], ['application/n-triples', 'nt']]) {
    assert.ok(html.includes(`<link rel="alternate" type="${type}" href="${facts.identifierIri}.${suffix}">`), type);
  }
  const data = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)?.[1];
  assert.deepEqual(JSON.parse(data!), jsonLd, 'the embedded JSON-LD is the records\'');
});

test('every value is escaped: a hostile title runs nothing, in the page or in the embedded JSON-LD', async () => {
  const facts = hostileDataset();
  const jsonLd = await toJsonLd(datasetQuads(facts));
  const html = datasetLandingPage(facts, jsonLd);
  assert.deepEqual(activeParts(html), []);
  assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(1)'));
  assert.equal(html.match(/<\/script>/g)?.length, 1, 'only the data block closes a script');
  const data = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)![1]!;
  assert.deepEqual(JSON.parse(data), jsonLd, 'the JSON-LD keeps the title as it is, escaped for HTML only');
});

test('the page\'s policy allows its one style by hash and nothing else', () => {
  const html = datasetLandingPage(syntheticDataset(1), {});
  const style = /<style>([^<]*)<\/style>/.exec(html)![1]!;
  assert.ok(LANDING_PAGE_CSP.includes(`'sha256-${createHash('sha256').update(style).digest('base64')}'`));
  assert.match(LANDING_PAGE_CSP, /^default-src 'none'; /);
  assert.doesNotMatch(LANDING_PAGE_CSP, /unsafe|script-src/);
  assert.doesNotMatch(html, /style="/, 'no inline style attribute, which the policy would block');
});

test('a withdrawn dataset\'s page says it is withdrawn, when, and what it was', async () => {
  const facts: TombstoneFacts = { identifierIri: 'https://node.example/catalogue/datasets/6f1c2e7a-4d4c-4b1e-8e8f-000000000001', title: { en: HOSTILE }, description: { en: 'Chest CT.' }, version: 2, withdrawnAt: '2026-05-02T09:00:00.000Z' };
  const html = tombstoneLandingPage(facts, await toJsonLd(tombstoneQuads(facts)));
  assert.match(html, /<strong>Withdrawn\.<\/strong>[^<]*2026-05-02/);
  assert.match(html, /<title>Withdrawn: &lt;\/script&gt;/);
  assert.match(html, /<dt>Last version<\/dt><dd>2<\/dd>/);
  assert.deepEqual(activeParts(html), []);
});
