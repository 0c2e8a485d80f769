/**
 * The synthetic hospital's clinical export, as messy as real ones: a Windows-1252 semicolon CSV of patients
 * (Spanish column names, mixed date formats, 'Unkown' sexes, ages in days, duplicate rows), an XLSX workbook
 * of diagnoses (ICD-10, ICD-O-3, TNM) and treatments (mixed units), and a UTF-8 CSV of outcomes.
 * Only patients with a clinical record appear; patients with a record but no images are added.
 */
import type { CancerType } from './catalog.ts';
import type { HospitalPlan, PatientPlan } from './cohort.ts';
import { DEFECT_RATES } from './defects.ts';
import type { Random } from './random.ts';
import { conflictOn } from './study-attributes.ts';
import { writeXlsx, type Cell } from './xlsx-writer.ts';

/** The sex values the export uses; 'Unkown' (sic) is a typo for unknown, not a conflict. */
export const SEX_VALUES = { M: ['Hombre', 'H', 'Home', 'Male'], F: ['Mujer', 'Dona', 'D', 'Female'], unknown: ['Unkown', 'Desconocido', ''] } as const;
export const CONSENT_VALUES = { given: ['Sí', 'SI', 'si', 'S'], withdrawn: ['Revocado', 'revocat', 'REVOCADO'] } as const;

const DIAGNOSIS: Record<CancerType, { icd10: readonly string[]; topography: string; morphology: readonly string[] }> = {
  lung: { icd10: ['C34.1', 'C34.3', 'C34.9'], topography: 'C34.1', morphology: ['8140/3', '8070/3', '8041/3'] },
  breast: { icd10: ['C50.4', 'C50.9', 'C50.2'], topography: 'C50.4', morphology: ['8500/3', '8520/3'] },
  prostate: { icd10: ['C61'], topography: 'C61.9', morphology: ['8140/3'] },
  colorectal: { icd10: ['C18.7', 'C20', 'C18.2'], topography: 'C18.7', morphology: ['8140/3', '8480/3'] },
};

function iso(d: string): string {
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}

/** Dates as hospital systems print them: day-first with slashes mostly, ISO sometimes, two-digit years rarely. */
export function messyDate(d: string, r: Random): string {
  const [y, m, day] = [d.slice(0, 4), d.slice(4, 6), d.slice(6, 8)];
  return r.weighted([[`${day}/${m}/${y}`, 60], [`${y}-${m}-${day}`, 30], [`${day}-${m}-${y.slice(2)}`, 10]]);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(iso(to)) - Date.parse(iso(from))) / 86_400_000);
}

function patientRow(p: PatientPlan, r: Random): string[] {
  // A sex conflict must stay visible: an unknown sex in the record would hide it (the draw is still made, so
  // every later draw, and so every other file of the hospital, stays the same).
  const unknownSex = r.chance(DEFECT_RATES.unknown_sex_typo) && conflictOn(p) !== 'sex';
  const sex = unknownSex ? r.pick(SEX_VALUES.unknown) : r.pick(SEX_VALUES[p.sex]);
  const ageYears = Math.floor(daysBetween(p.birthDate, p.diagnosisDate) / 365.25);
  const age = r.chance(DEFECT_RATES.age_in_days) ? `${daysBetween(p.birthDate, p.diagnosisDate)} d` : String(ageYears);
  const [first, second] = p.family.split(' ');
  const consent = p.consentWithdrawn ? r.pick(CONSENT_VALUES.withdrawn) : r.pick(CONSENT_VALUES.given);
  return [p.id, `${first} ${second ?? ''}`.trim(), p.given, sex, messyDate(p.birthDate, r), age, consent, 'HUSLF'];
}

function csvLine(cells: readonly string[], delimiter: string): string {
  return cells.map((c) => (c.includes(delimiter) || c.includes('"') || c.includes('\n') ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter);
}

/**
 * The clinical defects the export plants, each a QC check must catch (truth.json `clinical.defects`).
 * `no_clinical_record` and `clinical_only` are linkage defects: a patient missing from the clinical tables,
 * and a patient in them without images.
 */
export const CLINICAL_DEFECT_KINDS = [
  'duplicate_row', 'sex_typo', 'sex_unknown', 'sex_missing', 'age_in_days', 'two_digit_year', 'icd10_typo',
  'size_in_cm', 'dose_in_cgy', 'followup_after_death', 'consent_withdrawn', 'clinical_only', 'no_clinical_record',
] as const;
export type ClinicalDefectKind = typeof CLINICAL_DEFECT_KINDS[number];

/** Where a clinical defect is: `row` is the data row number in its table (1 = the first row under the header). */
export interface ClinicalDefectTruth {
  readonly kind: ClinicalDefectKind;
  readonly patient: string;
  /** `patients.csv`, `diagnosticos.xlsx#Diagnósticos`, ... as the clinical readers name tables. */
  readonly table: string;
  readonly row?: number;
  readonly column?: string;
}

export interface ClinicalFiles {
  readonly files: Record<string, Uint8Array>;
  readonly duplicateRows: number;
  readonly patientsWithRecord: number;
  readonly defects: readonly ClinicalDefectTruth[];
}

const TWO_DIGIT_YEAR = /^\d{2}-\d{2}-\d{2}$/;
const UNKNOWN_SEX_KIND: Record<string, ClinicalDefectKind> = { Unkown: 'sex_typo', Desconocido: 'sex_unknown', '': 'sex_missing' };

export function clinicalTables(plan: HospitalPlan, r: Random): ClinicalFiles {
  const recorded = [...plan.patients.filter((p) => p.inClinical), ...plan.clinicalOnly];
  const patientLines = [csvLine(['NHC', 'Apellidos', 'Nombre', 'Sexo', 'Fecha_nacimiento', 'Edad_diagnostico', 'Consentimiento', 'Centro'], ';')];
  const diagnoses: Cell[][] = [['NHC', 'Fecha diagnóstico', 'CIE10', 'Topografía CIE-O-3', 'Morfología CIE-O-3', 'T', 'N', 'M', 'Estadio', 'Tamaño tumor']];
  const treatments: Cell[][] = [['NHC', 'Tipo', 'Fecha inicio', 'Fármaco', 'Dosis']];
  const outcomeLines = [csvLine(['patient_id', 'last_followup', 'vital_status', 'death_date'], ',')];
  let duplicateRows = 0;
  // Recorded from what was already drawn, never by drawing more: the files must stay byte-identical.
  const defects: ClinicalDefectTruth[] = [];
  const clinicalOnly = new Set(plan.clinicalOnly);
  const defect = (kind: ClinicalDefectKind, p: PatientPlan, table: string, row?: number, column?: string): void => {
    defects.push({ kind, patient: p.id, table, ...(row === undefined ? {} : { row }), ...(column === undefined ? {} : { column }) });
  };
  for (const p of recorded) {
    const pr = r.fork(`clinical:${p.index}`);
    const cells = patientRow(p, pr);
    const row = csvLine(cells, ';');
    patientLines.push(row);
    const at = patientLines.length - 1;
    const sexKind = UNKNOWN_SEX_KIND[cells[3]!];
    if (sexKind) defect(sexKind, p, 'patients.csv', at, 'Sexo');
    if (TWO_DIGIT_YEAR.test(cells[4]!)) defect('two_digit_year', p, 'patients.csv', at, 'Fecha_nacimiento');
    if (cells[5]!.endsWith(' d')) defect('age_in_days', p, 'patients.csv', at, 'Edad_diagnostico');
    if (p.consentWithdrawn) defect('consent_withdrawn', p, 'patients.csv', at, 'Consentimiento');
    if (clinicalOnly.has(p)) defect('clinical_only', p, 'patients.csv', at, 'NHC');
    if (pr.chance(DEFECT_RATES.clinical_duplicate_rows)) {
      patientLines.push(row); duplicateRows++;
      defect('duplicate_row', p, 'patients.csv', patientLines.length - 1);
    }
    const dx = DIAGNOSIS[p.cancer];
    const icd = pr.pick(dx.icd10);
    const typo = pr.chance(0.03) ? icd.toLowerCase().replace('.', '') : icd;
    const t = pr.int(1, 4), n = pr.int(0, 2), m = pr.chance(0.15) ? 1 : 0;
    const stage = m ? 'IV' : t + n >= 4 ? 'IIIA' : t + n >= 3 ? 'IIB' : t >= 2 ? 'IIA' : 'IA';
    const sizeMm = pr.int(6, 60);
    const dxDate: Cell = pr.chance(0.8) ? { date: iso(p.diagnosisDate) } : messyDate(p.diagnosisDate, pr);
    const morphology = pr.pick(dx.morphology); // drawn before the size, as it always was
    const size = pr.chance(0.7) ? `${sizeMm} mm` : `${(sizeMm / 10).toFixed(1).replace('.', ',')} cm`;
    diagnoses.push([p.id, dxDate, typo, dx.topography, morphology, `T${t}`, `N${n}`, `M${m}`, stage, size]);
    const dxRow = diagnoses.length - 1;
    if (typeof dxDate === 'string' && TWO_DIGIT_YEAR.test(dxDate)) defect('two_digit_year', p, 'diagnosticos.xlsx#Diagnósticos', dxRow, 'Fecha diagnóstico');
    if (typo !== icd) defect('icd10_typo', p, 'diagnosticos.xlsx#Diagnósticos', dxRow, 'CIE10');
    if (size.endsWith(' cm')) defect('size_in_cm', p, 'diagnosticos.xlsx#Diagnósticos', dxRow, 'Tamaño tumor');
    const kinds = pr.weighted([[['Cirugía'], 30], [['Quimioterapia', 'Radioterapia'], 40], [['Radioterapia'], 15], [['Hormonoterapia'], 15]] as const);
    for (const kind of kinds) {
      const dose = kind === 'Radioterapia' ? (pr.chance(0.5) ? `${pr.int(45, 70)} Gy` : `${pr.int(45, 70) * 100} cGy`) : kind === 'Quimioterapia' ? `${pr.int(50, 175)} mg/m2` : '';
      const drug = kind === 'Quimioterapia' ? pr.pick(['Cisplatino', 'Carboplatino', 'Paclitaxel', 'FOLFOX']) : kind === 'Hormonoterapia' ? pr.pick(['Tamoxifeno', 'Letrozol', 'Bicalutamida']) : '';
      treatments.push([p.id, kind, { date: iso(p.diagnosisDate) }, drug, dose]);
      if (dose.endsWith(' cGy')) defect('dose_in_cgy', p, 'diagnosticos.xlsx#Tratamientos', treatments.length - 1, 'Dosis');
    }
    const dead = pr.chance(0.25);
    const lastFollowUp = messyDate('20240630', pr);
    outcomeLines.push(csvLine([p.id, lastFollowUp, dead ? pr.pick(['dead', 'Exitus', 'deceased']) : pr.pick(['alive', 'Vivo', 'viu']), dead ? iso('20231115') : ''], ','));
    const outcomeRow = outcomeLines.length - 1;
    if (TWO_DIGIT_YEAR.test(lastFollowUp)) defect('two_digit_year', p, 'outcomes.csv', outcomeRow, 'last_followup');
    // Every follow-up is dated 30 June 2024 and every death 15 November 2023: the dead were "seen" after dying.
    if (dead) defect('followup_after_death', p, 'outcomes.csv', outcomeRow, 'last_followup');
  }
  for (const p of plan.patients) if (!p.inClinical) defect('no_clinical_record', p, 'patients.csv');
  return {
    files: {
      'patients.csv': latin1(`${patientLines.join('\r\n')}\r\n`),
      'diagnosticos.xlsx': writeXlsx([{ name: 'Diagnósticos', rows: diagnoses }, { name: 'Tratamientos', rows: treatments }]),
      'outcomes.csv': new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${outcomeLines.join('\n')}\n`, 'utf8')])),
    },
    duplicateRows,
    patientsWithRecord: recorded.length,
    defects,
  };
}

/** Windows-1252 as Excel on a Spanish Windows saves "CSV (separated by semicolons)"; our names fit in Latin-1. */
function latin1(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}
