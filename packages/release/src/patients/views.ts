/**
 * The three views of a patient the release compares (patient-view.ts): before release (the node's integrated
 * data, dates in days from the baseline), as released (read back from the written version: offsets as the
 * released bins), and as the hospital knows them (its identified records, real dates in days from the real
 * baseline). The baseline is the first diagnosis, else the first study: the same instant in every frame, so
 * an offset in days is the same number before release and in the hospital's records. Pure.
 */
import { binLabel, OFFSET_UNITS, type CellValue, type PatientRecord } from '@oncoatlas/risk';
import { offsetColumn } from '../files/clinical-release.ts';
import { dayNumber, labelOfAnchoredDate, unitOfMethod } from '../files/release-dates.ts';
import type { WrittenStudy } from '../files/write-images.ts';
import { patientView, type CdmData, type StudyHeader } from './patient-view.ts';

const earliest = (days: (number | null)[]): number | null => days.filter((d): d is number => d !== null).sort((a, b) => a - b)[0] ?? null;

/** The day of the patient's first diagnosis, or null. */
export function diagnosisDay(cdm: ReadonlyMap<string, readonly CdmData[]>): number | null {
  return earliest((cdm.get('cancer_condition') ?? []).map((c) => dayNumber(c.cancer_condition_asserted_date)));
}

/** The patient's baseline day: the earliest date of diagnosis, else the earliest study date; null without either. */
export function baselineDay(cdm: ReadonlyMap<string, readonly CdmData[]>, studies: readonly StudyHeader[]): number | null {
  return diagnosisDay(cdm) ?? earliest(studies.map((s) => dayNumber(s.date)));
}

/** A patient with dates as days from the baseline (before release, or as the hospital knows them). */
export function dayView(id: string, cdm: ReadonlyMap<string, readonly CdmData[]>, studies: readonly StudyHeader[], baseline = baselineDay(cdm, studies)): PatientRecord {
  const days = (date: unknown): CellValue => {
    const d = dayNumber(date);
    return d === null || baseline === null ? null : d - baseline;
  };
  return patientView({ id, cdm, studies }, { clinical: (_table, r, field) => days(r[field]), study: (s) => days(s.date) });
}

/** A patient as the written version shows them: offsets as the bins the files and tables carry. */
export function releasedView(id: string, cdm: ReadonlyMap<string, readonly CdmData[]>, studies: readonly WrittenStudy[]): PatientRecord {
  const byStudy = new Map(studies.map((s) => [s.header.study, s]));
  return patientView({ id, cdm, studies: studies.map((s) => s.header) }, {
    clinical: (_table, r, field) => {
      for (const unit of OFFSET_UNITS) {
        const v = r[offsetColumn(field, unit)];
        if (typeof v === 'number') return binLabel(v, unit);
      }
      return null;
    },
    study: (s) => {
      const unit = unitOfMethod(byStudy.get(s.study)?.method ?? null);
      return unit === null || s.date === null ? null : labelOfAnchoredDate(s.date, unit);
    },
  });
}
