/**
 * Section 5: the re-identification risk before and after the generalisation, the policy it was held to,
 * the decision, and a steward's override when there was one. Probabilities are shown as percentages: a DPO
 * reads "20 %" faster than "0.2".
 */
import type { DossierData, DossierRiskMeasures } from './dossier-data.ts';
import { h3, section, SECTIONS } from './dossier-sections.ts';
import { code, escapeHtml, facts, formatDecimal, formatInt, formatPercent, formatTimestamp, paragraph, raw, table, type Cell } from './html.ts';

type Row = readonly [string, (m: DossierRiskMeasures) => Cell];

const MEASURES: readonly Row[] = [
  ['Patients measured', (m) => m.records],
  ['Groups of patients alike', (m) => m.classes],
  ['k (smallest group)', (m) => m.k],
  ['Unique patients', (m) => m.uniqueRecords],
  ['Unique share', (m) => formatPercent(m.uniqueShare)],
  ['Prosecutor: highest risk', (m) => formatPercent(m.prosecutor.highest)],
  ['Prosecutor: average risk', (m) => formatPercent(m.prosecutor.average)],
  ['Prosecutor: records at risk', (m) => formatPercent(m.prosecutor.recordsAtRisk)],
  ['Journalist: highest risk', (m) => formatPercent(m.journalist.highest)],
  ['Journalist: average risk', (m) => formatPercent(m.journalist.average)],
  ['Journalist: records at risk', (m) => formatPercent(m.journalist.recordsAtRisk)],
  ['Marketer: average risk', (m) => formatPercent(m.marketer.average)],
];

const L_DIVERSITY: readonly Row[] = [
  ['l-diversity (distinct)', (m) => (m.lDiversity ? m.lDiversity.distinct : '–')],
  ['l-diversity (entropy)', (m) => (m.lDiversity ? formatDecimal(m.lDiversity.entropy) : '–')],
];

/** Assumptions are printed once each, not per measure: before and after usually share them. */
function assumptions(measures: readonly DossierRiskMeasures[]): string {
  const models = new Map<string, Set<string>>();
  const note = (model: string, text: string | undefined): void => {
    if (text) models.set(text, (models.get(text) ?? new Set()).add(model));
  };
  for (const m of measures) {
    note('journalist', m.journalist.assumption);
    note('marketer', m.marketer.assumption);
  }
  return [...models].map(([text, names]) => {
    const who = [...names].join(' and ');
    return `<p class="note">${escapeHtml(who.charAt(0).toUpperCase() + who.slice(1))} risk: ${escapeHtml(text)}</p>`;
  }).join('');
}

function measuresTable(before: DossierRiskMeasures, after: DossierRiskMeasures): string {
  const rows = [...MEASURES, ...(before.lDiversity || after.lDiversity ? L_DIVERSITY : [])];
  const threshold: Row = ['Risk threshold t (a record is at risk above it)', (m) => formatPercent(m.threshold)];
  return table(['Measure', 'Before', 'After'], [...rows, threshold].map(([label, get]) => [label, get(before), get(after)]), { numeric: [1, 2], className: 'measures' });
}

function decisionBox(risk: DossierData['risk']): string {
  const d = risk.decision;
  const failures = d.failures.length === 0 ? '' : `<ul>${d.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`;
  const suggestion = d.suggestion === null ? '' : `<p><strong>Suggestion:</strong> ${escapeHtml(d.suggestion)}</p>`;
  if (d.allowed) {
    return `<div class="box allowed"><p class="box-title">Release allowed</p><p>The version meets every threshold of the policy.</p>${failures}${suggestion}</div>`;
  }
  return `<div class="box refused"><p class="box-title">Release refused by the policy</p><p>The version misses the policy:</p>${failures}${suggestion}</div>`;
}

function overrideBox(override: NonNullable<DossierData['risk']['override']>): string {
  return (
    '<div class="box override">' +
    '<p class="box-title">Released above the risk threshold by steward override</p>' +
    facts([
      ['By', override.by],
      ['At', formatTimestamp(override.at)],
      ['Justification', raw(`<span class="prose">${escapeHtml(override.justification)}</span>`)],
    ]) +
    '</div>'
  );
}

function attacksTable(r: DossierData['risk']): string {
  return table(
    ['Attacker model (background: the hospital\'s own records)', 'Patients attacked', 'Re-identified uniquely', 'Share of released patients', 'Policy, at most'],
    r.attacks.map((a) => [a.label, a.targets, a.reidentified, formatPercent(a.share), formatPercent(r.policy.maxAttackShare)]),
    { numeric: [1, 2, 3, 4] },
  );
}

function declarationsTable(r: DossierData['risk']): string {
  return table(
    ['Where', 'Declared as', 'By', 'Attributes'],
    r.declarations.map((d) => [d.where === 'dicom' ? 'DICOM files' : 'Clinical tables', d.declaredAs, d.by, d.attributes.join(', ')]),
    { className: 'declarations' },
  );
}

export function riskSection(data: DossierData): string {
  const r = data.risk;
  const body =
    paragraph('One record per patient: every study and clinical record of a patient is joined by the pseudonym, as an attacker would join them. The figures after generalisation are measured on the version as written (its files and tables read back), not on the plan.') +
    facts([
      ['Sensitive attribute', r.sensitive === null ? raw('<span class="muted">None measured</span>') : code(r.sensitive)],
      ['Dates', r.dates.policy],
      ['Study dates', r.dates.studies],
      ['Clinical dates', r.dates.clinical],
      ['Follow-up, last contact, death', r.dates.outcomes],
      ['Times of day', r.dates.times],
    ]) +
    h3('Quasi-identifiers and what is released of them') +
    table(['Quasi-identifier', 'Name', 'Released as'], r.quasiIdentifiers.map((q) => [q.label, code(q.name), q.releasedAs]), { className: 'narrow' }) +
    h3('Measures before and after generalisation') +
    measuresTable(r.before, r.after) +
    assumptions([r.before, r.after]) +
    h3('Generalisation applied') +
    (r.generalisation.length === 0
      ? paragraph('None: the quasi-identifiers are released at their finest level.')
      : `<ul>${r.generalisation.map((g) => `<li>${escapeHtml(g)}</li>`).join('')}</ul>`) +
    facts([['Patients suppressed', r.suppressedPatients], ['Studies left out of patients kept', r.studiesLeftOut]]) +
    h3('Attack simulation') +
    paragraph('Before release, the node linked the written version back to the hospital\'s own identified tables and files under each attacker model; a patient counts as re-identified when the attacker\'s facts fit their released record and no other.') +
    attacksTable(r) +
    h3('Every released attribute, declared') +
    declarationsTable(r) +
    // The policy, the decision and an override are read together: they move to the next page as one.
    '<div class="keep-group">' +
    h3('Policy and decision') +
    table(
      ['Threshold', 'Policy', 'After'],
      [
        ['Smallest group of patients k, at least', formatInt(r.policy.minK), r.after.k],
        ['Distinct treatment sets per group l, at least', formatInt(r.policy.minL), r.after.lDiversity ? r.after.lDiversity.distinct : '–'],
        ['Highest prosecutor risk, at most', formatPercent(r.policy.maxProsecutorRisk), formatPercent(r.after.prosecutor.highest)],
        ['Patients re-identified by any attack, at most', formatPercent(r.policy.maxAttackShare), formatPercent(Math.max(0, ...r.attacks.map((a) => a.share)))],
      ],
      { numeric: [1, 2], className: 'narrow' },
    ) +
    decisionBox(r) +
    (r.override === null ? '' : overrideBox(r.override)) +
    '</div>';
  return section(SECTIONS.risk, body, { major: true });
}
