import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleDossierData } from './dossier-fixture.ts';
import { escapeHtml, formatBytes, formatInt, formatPercent, formatTimestamp } from './html.ts';
import { renderDossierHtml } from './render-dossier-html.ts';

const HEADINGS = ['1.</span> Summary', '2.</span> Source and funnel', '3.</span> De-identification', '4.</span> Clinical data quality', '5.</span> Re-identification risk', '6.</span> Provenance'];

const OVERRIDE_TITLE = 'Released above the risk threshold by steward override';

test('a complete HTML5 document with every section heading, in order', () => {
  const html = renderDossierHtml(sampleDossierData());
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(html, /<\/html>\n$/);
  let at = html.indexOf('<h1>');
  assert.ok(at > 0, 'title block');
  for (const h of HEADINGS) {
    const next = html.indexOf(h);
    assert.ok(next > at, `${h} missing or out of order`);
    at = next;
  }
  assert.match(html, /@page \{ size: A4; margin:/);
  assert.match(html, /section class="major"|section id="[a-z-]+" class="major"/);
});

test('the title block and summary carry the dataset facts', () => {
  const data = sampleDossierData();
  const html = renderDossierHtml(data);
  assert.ok(html.includes(data.dataset.title));
  assert.ok(html.includes('ds-7f3a2c91'));
  assert.ok(html.includes(`<span class="hash">${data.dataset.manifestSha256}</span>`), 'manifest hash in monospace');
  assert.ok(html.includes('1,482,311'), 'thousands separators');
  assert.ok(html.includes('318.8 GB'));
  assert.ok(html.includes(data.purpose!));
  assert.ok(html.includes('DICOM PS3.15 Annex E') === false, 'eucaim profile is not called basic');
  assert.ok(html.includes('EUCAIM CTP-compatible profile (Basic Profile plus EUCAIM rules)'));
  assert.ok(html.includes('the day is set to 01'), 'year-month date policy in words');
});

test('every string of the data is escaped', () => {
  const evil = '<script>alert(1)</script> & "x"';
  const data = sampleDossierData({
    dataset: { title: evil, createdBy: evil },
    purpose: evil,
    holder: { name: evil, contact: `<img src=x onerror=alert(2)>` },
    deidentification: { datePolicy: evil, options: [{ code: evil, name: evil }] },
    risk: { generalisation: [evil], override: { by: evil, at: evil, justification: evil } },
    provenance: { software: evil, events: [{ seq: 1, at: evil, type: evil, actor: evil }] },
  });
  const html = renderDossierHtml(data);
  assert.ok(!html.includes('<script'), 'no script element');
  assert.ok(!html.includes('<img'), 'no injected element');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;'));
  assert.ok(html.includes('<title>Compliance dossier: &lt;script&gt;'), 'the <title> too');
});

test('escapeHtml escapes the five characters and nothing else', () => {
  assert.equal(escapeHtml(`<a href="x">Tom & Jerry's</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  assert.equal(escapeHtml('Æbleskiver 10 % – ok'), 'Æbleskiver 10 % – ok');
});

test('figures: en-GB separators, percentages with 1-2 decimals, bytes, UTC timestamps', () => {
  assert.equal(formatInt(1234567), '1,234,567');
  assert.equal(formatPercent(0.2), '20.0 %');
  assert.equal(formatPercent(0.72330097), '72.33 %');
  assert.equal(formatPercent(0), '0.0 %');
  assert.equal(formatPercent(0.00001), '< 0.01 %');
  assert.equal(formatBytes(999), '999 bytes');
  assert.equal(formatBytes(1_500_000), '1.5 MB');
  assert.equal(formatTimestamp('2025-05-19T16:02:55+02:00'), '2025-05-19 14:02:55 UTC');
  assert.equal(formatTimestamp('yesterday'), 'yesterday');
});

test('the override box appears only with an override, with who, when and why', () => {
  assert.ok(!renderDossierHtml(sampleDossierData()).includes(OVERRIDE_TITLE));
  const html = renderDossierHtml(sampleDossierData({
    risk: {
      decision: { allowed: false, failures: ['k-anonymity: k = 3 is below the minimum 5 (2 short)'], suggestion: 'generalise age to 20-year bands' },
      override: { by: 'steward-02', at: '2025-05-19T14:02:00Z', justification: 'Rare-tumour cohort; access limited to one consortium under contract.' },
    },
  }));
  assert.match(html, new RegExp(`<div class="box override"><p class="box-title">${OVERRIDE_TITLE}</p>`));
  assert.ok(html.includes('Rare-tumour cohort; access limited to one consortium under contract.'));
  assert.ok(html.includes('2025-05-19 14:02:00 UTC'));
  assert.ok(html.includes('Release refused by the policy'));
  assert.ok(html.includes('k-anonymity: k = 3 is below the minimum 5 (2 short)'));
  assert.ok(html.includes('generalise age to 20-year bands'));
  assert.ok(html.includes('overridden by a steward (see section 5)'), 'the title block names the override');
  const refused = renderDossierHtml(sampleDossierData({ risk: { decision: { allowed: false, failures: ['x'], suggestion: null } } }));
  assert.ok(refused.includes('Release refused by the policy'));
  assert.ok(!refused.includes(OVERRIDE_TITLE), 'a refusal alone is no override');
});

test('a purpose or legal basis not given is said to be not stated', () => {
  const html = renderDossierHtml(sampleDossierData({ purpose: null, legalBasis: null }));
  const notStated = html.match(/Not stated by the data holder/g) ?? [];
  assert.equal(notStated.length, 2);
  assert.equal((renderDossierHtml(sampleDossierData()).match(/Not stated by the data holder/g) ?? []).length, 0);
});

test('identifier hits above zero are flagged in red', () => {
  assert.ok(!renderDossierHtml(sampleDossierData()).includes('class="alert"'));
  const html = renderDossierHtml(sampleDossierData({ deidentification: { verification: { instancesVerified: 10, identifierHits: 2, reviewApproved: 0, reviewRejected: 0 } } }));
  assert.match(html, /<span class="alert">2 identifying values of the input found in the output/);
  assert.match(html, /\.alert \{ color: #b00020/);
});

test('burned-in text: the Clean Pixel Data option, how many images were redacted, how, and whether OCR verified them', () => {
  const html = renderDossierHtml(sampleDossierData());
  assert.match(html, /<h3>Burned-in text<\/h3>/);
  assert.match(html, /Clean Pixel Data option \(113101\)/);
  assert.match(html, /Redacted automatically<\/th><td[^>]*>168</);
  assert.match(html, /Burned-in text blanked \(OCR and device template\)<\/td><td>Clean Pixel Data option<\/td><td>yes: OCR of the result/);
  const none = renderDossierHtml(sampleDossierData({ deidentification: { burnedIn: { cleanPixelData: false, scanned: 0, withIdentifiers: 0, redactedAutomatically: 0, redactedByReviewer: 0, releasedAsIs: 0, rejected: 0, redactions: [] } } }));
  assert.match(none, /the Clean Pixel Data option was not used/);
  assert.match(none, /No held image was scanned by OCR/);
});

test('no clinical data, unknown profile and unknown date policy are said as such', () => {
  const html = renderDossierHtml(sampleDossierData({ clinical: null, deidentification: { profile: 'basic', datePolicy: 'offset-7' } }));
  assert.ok(html.includes('No clinical data in this version'));
  assert.ok(html.includes('DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile'));
  assert.ok(html.includes('<code>offset-7</code>'));
  const other = renderDossierHtml(sampleDossierData({ deidentification: { profile: 'site-custom' } }));
  assert.ok(other.includes('<code>site-custom</code>'));
});

test('self-contained: no script, no reference to any resource outside the document', () => {
  for (const data of [sampleDossierData(), sampleDossierData({ clinical: null, purpose: null })]) {
    const html = renderDossierHtml(data);
    assert.doesNotMatch(html, /https?:\/\//i);
    assert.doesNotMatch(html, /\b(src|href|srcset|action)\s*=/i);
    assert.doesNotMatch(html, /url\(|@import|<script|<link|<img|<iframe/i);
  }
});

test('pure: the same data renders to the same bytes', () => {
  assert.equal(renderDossierHtml(sampleDossierData()), renderDossierHtml(sampleDossierData()));
});
