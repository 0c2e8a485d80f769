/**
 * The compliance dossier of a dataset version as one self-contained HTML document: the same file is
 * archived beside the data, opened in a browser, and printed to PDF by render-pdf.ts. It references nothing
 * outside itself (no font, image, stylesheet or script), so it reads the same in ten years and opening it
 * tells no server that it was opened.
 */
import type { DossierData } from './dossier-data.ts';
import { clinicalSection, deidSection, funnelSection, summarySection, titleBlock } from './dossier-sections.ts';
import { escapeHtml } from './html.ts';
import { provenanceSection } from './provenance-section.ts';
import { riskSection } from './risk-section.ts';

// The margins are repeated in render-pdf.ts (the footer is drawn in the bottom one); keep them in step.
const CSS = `
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 9.5pt; line-height: 1.42; color: #1b1f24; margin: 0; }
@media screen { body { max-width: 178mm; margin: 12mm auto; padding: 0 6mm; } }
h1 { font-size: 20pt; line-height: 1.2; margin: 2pt 0 6pt; color: #0f2a44; overflow-wrap: anywhere; }
h2 { font-size: 13.5pt; color: #0f2a44; border-bottom: 1.2pt solid #0f2a44; padding-bottom: 2pt; margin: 16pt 0 6pt; break-after: avoid; }
h3 { font-size: 10.5pt; color: #24456a; margin: 10pt 0 3pt; break-after: avoid; }
p { margin: 4pt 0 6pt; }
ul { margin: 4pt 0 8pt; padding-left: 16pt; }
li { margin: 1pt 0; break-inside: avoid; }
section.major { break-before: page; }
.keep-group { break-inside: avoid; }
section.major > h2 { margin-top: 0; }
.secnum { color: #5b7a99; margin-right: 2pt; }
.title-block { border-top: 5pt solid #0f2a44; padding-top: 8pt; margin-bottom: 8pt; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 8pt; color: #5b7a99; margin: 0; }
.lead { color: #3a4653; margin-bottom: 8pt; }
table { width: 100%; border-collapse: collapse; margin: 3pt 0 7pt; font-size: 8.8pt; }
/* A short table moves to the next page whole rather than leave two rows behind; a long one splits between rows. */
table.keep { break-inside: avoid; }
table.narrow { width: auto; min-width: 45%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 2.2pt 6pt; border-bottom: 0.6pt solid #d3d9e0; }
thead th { background: #e8edf3; color: #0f2a44; font-weight: bold; border-bottom: 1pt solid #9aabbd; }
tbody tr:nth-child(even) td { background: #f7f9fb; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.facts { width: 100%; }
table.facts th { width: 30%; font-weight: bold; color: #33404d; background: none; border-bottom: 0.6pt solid #e3e8ee; }
table.facts tbody tr td { background: none; border-bottom: 0.6pt solid #e3e8ee; }
table.measures td:first-child { width: 50%; }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", "Courier New", monospace; font-size: 8.3pt; overflow-wrap: break-word; }
.nowrap { white-space: nowrap; }
.hash, .hash code { font-family: "DejaVu Sans Mono", "Liberation Mono", "Courier New", monospace; font-size: 8.3pt; word-break: break-all; }
.muted { color: #6b7785; font-size: 8.5pt; }
.muted code { color: #6b7785; }
.note { color: #4b5763; font-size: 8.3pt; }
.prose { white-space: pre-line; overflow-wrap: anywhere; }
p.prose { margin-bottom: 8pt; }
.missing { font-style: italic; color: #8a4b00; }
.alert { color: #b00020; font-weight: bold; }
.badge { display: inline-block; padding: 0 6pt; border-radius: 3pt; font-size: 8pt; font-weight: bold; text-transform: uppercase; letter-spacing: 0.05em; }
.badge.released { background: #e3f3e8; color: #1b6b34; border: 0.6pt solid #1b6b34; }
.badge.draft { background: #fff3dc; color: #8a4b00; border: 0.6pt solid #8a4b00; }
.box { border: 1.4pt solid; border-radius: 3pt; padding: 6pt 10pt; margin: 8pt 0; break-inside: avoid; }
.box p { margin: 3pt 0; }
.box-title { font-weight: bold; font-size: 10.5pt; }
.box.allowed { border-color: #1b6b34; background: #eef8f1; }
.box.allowed .box-title { color: #1b6b34; }
.box.refused { border-color: #b00020; background: #fdf0f2; }
.box.refused .box-title { color: #b00020; }
.box.override { border: 2pt solid #b00020; background: #fdf0f2; }
.box.override .box-title { color: #b00020; text-transform: uppercase; letter-spacing: 0.03em; }
.box table.facts th, .box table.facts td { border-bottom-color: #f1c9cf; }
`;

/**
 * Pure: the same data gives the same bytes, so a dossier can be regenerated and compared with the archived
 * one. Every string of the data is escaped; the CSP forbids any fetch should a browser ever open it.
 */
export function renderDossierHtml(data: DossierData): string {
  const d = data.dataset;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>Compliance dossier: ${escapeHtml(d.title)} (version ${d.version})</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    titleBlock(data),
    summarySection(data),
    funnelSection(data),
    deidSection(data),
    clinicalSection(data),
    riskSection(data),
    provenanceSection(data),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
