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

export interface ClinicalFiles {
  readonly files: Record<string, Uint8Array>;
  readonly duplicateRows: number;
  readonly patientsWithRecord: number;
}

export function clinicalTables(plan: HospitalPlan, r: Random): ClinicalFiles {
  const recorded = [...plan.patients.filter((p) => p.inClinical), ...plan.clinicalOnly];
  const patientLines = [csvLine(['NHC', 'Apellidos', 'Nombre', 'Sexo', 'Fecha_nacimiento', 'Edad_diagnostico', 'Consentimiento', 'Centro'], ';')];
  const diagnoses: Cell[][] = [['NHC', 'Fecha diagnóstico', 'CIE10', 'Topografía CIE-O-3', 'Morfología CIE-O-3', 'T', 'N', 'M', 'Estadio', 'Tamaño tumor']];
  const treatments: Cell[][] = [['NHC', 'Tipo', 'Fecha inicio', 'Fármaco', 'Dosis']];
  const outcomeLines = [csvLine(['patient_id', 'last_followup', 'vital_status', 'death_date'], ',')];
  let duplicateRows = 0;
  for (const p of recorded) {
    const pr = r.fork(`clinical:${p.index}`);
    const row = csvLine(patientRow(p, pr), ';');
    patientLines.push(row);
    if (pr.chance(DEFECT_RATES.clinical_duplicate_rows)) { patientLines.push(row); duplicateRows++; }
    const dx = DIAGNOSIS[p.cancer];
    const icd = pr.pick(dx.icd10);
    const typo = pr.chance(0.03) ? icd.toLowerCase().replace('.', '') : icd;
    const t = pr.int(1, 4), n = pr.int(0, 2), m = pr.chance(0.15) ? 1 : 0;
    const stage = m ? 'IV' : t + n >= 4 ? 'IIIA' : t + n >= 3 ? 'IIB' : t >= 2 ? 'IIA' : 'IA';
    const sizeMm = pr.int(6, 60);
    const dxDate: Cell = pr.chance(0.8) ? { date: iso(p.diagnosisDate) } : messyDate(p.diagnosisDate, pr);
    diagnoses.push([p.id, dxDate, typo, dx.topography, pr.pick(dx.morphology), `T${t}`, `N${n}`, `M${m}`, stage, pr.chance(0.7) ? `${sizeMm} mm` : `${(sizeMm / 10).toFixed(1).replace('.', ',')} cm`]);
    const kinds = pr.weighted([[['Cirugía'], 30], [['Quimioterapia', 'Radioterapia'], 40], [['Radioterapia'], 15], [['Hormonoterapia'], 15]] as const);
    for (const kind of kinds) {
      const dose = kind === 'Radioterapia' ? (pr.chance(0.5) ? `${pr.int(45, 70)} Gy` : `${pr.int(45, 70) * 100} cGy`) : kind === 'Quimioterapia' ? `${pr.int(50, 175)} mg/m2` : '';
      const drug = kind === 'Quimioterapia' ? pr.pick(['Cisplatino', 'Carboplatino', 'Paclitaxel', 'FOLFOX']) : kind === 'Hormonoterapia' ? pr.pick(['Tamoxifeno', 'Letrozol', 'Bicalutamida']) : '';
      treatments.push([p.id, kind, { date: iso(p.diagnosisDate) }, drug, dose]);
    }
    const dead = pr.chance(0.25);
    outcomeLines.push(csvLine([p.id, messyDate('20240630', pr), dead ? pr.pick(['dead', 'Exitus', 'deceased']) : pr.pick(['alive', 'Vivo', 'viu']), dead ? iso('20231115') : ''], ','));
  }
  return {
    files: {
      'patients.csv': latin1(`${patientLines.join('\r\n')}\r\n`),
      'diagnosticos.xlsx': writeXlsx([{ name: 'Diagnósticos', rows: diagnoses }, { name: 'Tratamientos', rows: treatments }]),
      'outcomes.csv': new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${outcomeLines.join('\n')}\n`, 'utf8')])),
    },
    duplicateRows,
    patientsWithRecord: recorded.length,
  };
}

/** Windows-1252 as Excel on a Spanish Windows saves "CSV (separated by semicolons)"; our names fit in Latin-1. */
function latin1(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}
