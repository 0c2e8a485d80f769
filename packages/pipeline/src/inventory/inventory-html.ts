/**
 * The inventory as one self-contained HTML file (inline SVG bar charts, no scripts, no external assets), so
 * a steward can attach it to a DPIA or open it on an air-gapped workstation. Only counts and attribute names.
 */
import type { Counts, InventoryReport } from './inventory.ts';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n: number): string => n.toLocaleString('en-GB');
const mb = (n: number): string => `${(n / 1e6).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;

/** Horizontal bars, largest first; at most `top` rows, the rest summed into one. */
export function barChart(title: string, counts: Counts, top = 15): string {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = rows.slice(0, top);
  const rest = rows.slice(top).reduce((s, [, n]) => s + n, 0);
  if (rest > 0) shown.push([`(${rows.length - top} more)`, rest]);
  const max = Math.max(1, ...shown.map(([, n]) => n));
  const row = 22;
  const label = 260;
  const width = 720;
  const bars = shown.map(([k, n], i) => {
    const w = Math.max(1, Math.round(((width - label - 90) * n) / max));
    const y = i * row;
    return `<text x="${label - 8}" y="${y + 15}" text-anchor="end">${esc(k)}</text><rect x="${label}" y="${y + 3}" width="${w}" height="${row - 6}" rx="2"/><text x="${label + w + 6}" y="${y + 15}">${fmt(n)}</text>`;
  }).join('');
  const h = Math.max(row, shown.length * row);
  return `<section><h2>${esc(title)}</h2>${shown.length === 0 ? '<p>None.</p>' : `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}">${bars}</svg>`}</section>`;
}

export function inventoryHtml(r: InventoryReport, title = 'Inventory'): string {
  const rejected = Object.values(r.rejectedFiles).reduce((a, b) => a + b, 0);
  const facts: [string, string][] = [
    ['Files', fmt(r.files)], ['Size', mb(r.bytes)], ['Unique instances', fmt(r.instances)], ['Studies', fmt(r.studies)], ['Studies with no readable file', fmt(r.unreadableStudies ?? 0)],
    ['Patients', fmt(r.patients)], ['Files rejected (not DICOM, corrupt, truncated)', fmt(rejected)],
    ['Duplicate instances (identical / conflicting)', `${fmt(r.duplicates.identical)} / ${fmt(r.duplicates.conflicting)}`],
    ['Patients with conflicting demographics (studies)', `${fmt(r.conflictingDemographics.patients)} (${fmt(r.conflictingDemographics.studies)})`],
    ['Instances declaring burned-in text', fmt(r.burnedIn.declaredYes)],
    ['Instances at risk of burned-in text (undeclared)', fmt(r.burnedIn.undeclaredRisky)],
    ['Studies with an instance at risk', fmt(r.burnedIn.studiesAtRisk)],
    ['Instances without a declared character set', fmt(r.withoutCharacterSet)],
    ['Estimated de-identified output', mb(r.estimatedOutputBytes)],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2rem;max-width:60rem;color:#1b1f24}table{border-collapse:collapse}td{padding:.2rem 1rem .2rem 0;border-bottom:1px solid #e3e6ea}td:last-child{text-align:right;font-variant-numeric:tabular-nums}svg text{font:12px system-ui,sans-serif;fill:#1b1f24}svg rect{fill:#3b6ea8}h2{margin-top:2rem;font-size:1.1rem}.note{color:#555}</style>
</head><body>
<h1>${esc(title)}</h1>
<p class="note">Counts and attribute names only: this report holds no patient data and may be shared inside the project (DPIA, data management plan).</p>
<table>${facts.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>
${barChart('Instances by modality', r.byModality)}
${barChart('Instances by manufacturer', r.byManufacturer)}
${barChart('Instances by body part', r.byBodyPart)}
${barChart('Instances by study year', r.byYear, 30)}
${barChart('Instances by SOP class', r.bySopClass)}
${barChart('Instances by transfer syntax', r.byTransferSyntax)}
${barChart('Identifying attributes that hold a value (instances)', r.identifyingAttributes, 40)}
${barChart('Private creators (instances)', r.privateCreators, 30)}
${barChart('Rejected files by reason', r.rejectedFiles)}
</body></html>
`;
}
