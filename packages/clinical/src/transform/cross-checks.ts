/**
 * Checks that need more than one row: conflicting duplicates, rows without a patient, the order of one
 * patient's dates across tables, age against dates, and linkage with the images. Dates are compared as read,
 * before the caller's date policy (a year-only policy would hide an inversion within a year).
 */
import { daysBetween } from '../dates.ts';
import type { Mapping } from '../mapping/mapping.ts';
import type { Finding } from '../qc/checks.ts';
import { addFinding, dateOf, numberOf, severityOf, type RowDraft } from './draft.ts';

function byPatient(drafts: readonly RowDraft[]): Map<string, RowDraft[]> {
  const out = new Map<string, RowDraft[]>();
  for (const d of drafts) {
    if (d.status === 'merged' || d.pseudonym === null) continue;
    const list = out.get(d.pseudonym);
    if (list) list.push(d);
    else out.set(d.pseudonym, [d]);
  }
  return out;
}

/** Tables with one row per patient: two different rows for one patient cannot both be right. */
export function checkConflictingDuplicates(drafts: readonly RowDraft[], mapping: Mapping): void {
  for (const table of mapping.tables.filter((t) => t.onePerPatient)) {
    const rows = byPatient(drafts.filter((d) => d.mapping === table));
    for (const list of rows.values()) {
      if (list.length < 2) continue;
      for (const d of list) addFinding(d, 'uniqueness.conflicting_duplicate', severityOf(mapping, 'uniqueness.conflicting_duplicate'), table.patientKey.column, `${list.length} different rows for this patient`);
    }
  }
}

/** Rows of other tables must belong to a patient of the patient table (when the mapping has one). */
export function checkOrphans(drafts: readonly RowDraft[], mapping: Mapping): void {
  if (!mapping.tables.some((t) => t.entity === 'patient')) return;
  const known = new Set(drafts.filter((d) => d.mapping.entity === 'patient' && d.key !== '').map((d) => d.key));
  for (const d of drafts) {
    if (d.status === 'merged' || d.mapping.entity === 'patient' || d.key === '' || known.has(d.key)) continue;
    addFinding(d, 'linkage.orphan_record', severityOf(mapping, 'linkage.orphan_record'), d.mapping.patientKey.column, 'no row for this patient in the patient table');
  }
}

interface Dated {
  readonly draft: RowDraft;
  readonly field: string;
  readonly date: string;
}

function where(x: Dated): string {
  return `${x.draft.table}, ${x.draft.columnOf.get(x.field)?.column ?? x.field}`;
}

/** Diagnosis may be asserted after death (autopsy findings); nothing else may happen after it. */
const ALLOWED_AFTER_DEATH = new Set(['asserted_date']);

export function checkDateOrder(drafts: readonly RowDraft[], mapping: Mapping): void {
  const severity = severityOf(mapping, 'plausibility.date_order');
  const flag = (x: Dated, note: string): void => addFinding(x.draft, 'plausibility.date_order', severity, x.draft.columnOf.get(x.field)?.column ?? null, note);
  for (const list of byPatient(drafts).values()) {
    const dated: Dated[] = [];
    for (const d of list) {
      for (const [field, v] of d.values) if (v.type === 'date') dated.push({ draft: d, field, date: v.date });
      const start = dateOf(d, 'start_date');
      const end = dateOf(d, 'end_date');
      if (start !== null && end !== null && end < start) flag({ draft: d, field: 'end_date', date: end }, `before the start date (${d.table}, ${d.columnOf.get('start_date')!.column})`);
    }
    const birth = dated.find((x) => x.field === 'birth_date' && x.draft.mapping.entity === 'patient');
    const death = dated.filter((x) => x.field === 'death_date').sort((a, b) => a.date.localeCompare(b.date))[0];
    for (const x of dated) {
      if (birth && x !== birth && x.date < birth.date) flag(x, `before the birth date (${where(birth)})`);
      if (death && x !== death && x.field !== 'birth_date' && !ALLOWED_AFTER_DEATH.has(x.field) && x.date > death.date) flag(x, `after the death date (${where(death)})`);
    }
  }
}

/** Age at diagnosis against birth date and the earliest diagnosis date, when all three are known. */
export function checkAgeAgainstDates(drafts: readonly RowDraft[], mapping: Mapping): void {
  for (const list of byPatient(drafts).values()) {
    const patient = list.find((d) => d.mapping.entity === 'patient' && numberOf(d, 'age_at_diagnosis') !== null && dateOf(d, 'birth_date') !== null);
    const diagnosed = list.map((d) => dateOf(d, 'asserted_date')).filter((x) => x !== null).sort()[0];
    if (!patient || diagnosed === undefined) continue;
    const years = daysBetween(dateOf(patient, 'birth_date')!, diagnosed) / 365.25;
    if (Math.abs(years - numberOf(patient, 'age_at_diagnosis')!) > 1) {
      addFinding(patient, 'plausibility.age_mismatch', severityOf(mapping, 'plausibility.age_mismatch'), patient.columnOf.get('age_at_diagnosis')!.column, 'differs by more than a year from birth and diagnosis dates');
    }
  }
}

/**
 * Linkage with the images: a patient with rows but no images gets a finding on their first row (a patient
 * table row when there is one); a patient with images and no row at all gets a patient-level finding.
 */
export function checkLinkage(drafts: readonly RowDraft[], mapping: Mapping, imaged: ReadonlySet<string>): Finding[] {
  const rows = byPatient(drafts);
  for (const [pseudonym, list] of rows) {
    if (imaged.has(pseudonym)) continue;
    const first = list.find((d) => d.mapping.entity === 'patient') ?? list[0]!;
    addFinding(first, 'linkage.clinical_without_images', severityOf(mapping, 'linkage.clinical_without_images'), first.mapping.patientKey.column);
  }
  const severity = severityOf(mapping, 'linkage.images_without_clinical');
  return [...imaged].filter((p) => !rows.has(p)).sort()
    .map((patient) => ({ check: 'linkage.images_without_clinical', severity, patient, table: null, row: null, column: null }));
}
