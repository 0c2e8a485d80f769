/**
 * The pseudonyms and dates of a patient's clinical records, made exactly as the images of the same run make
 * them: the same keyed scheme (so a CDM row and a DICOM file of one patient share their pseudonym, in the
 * EUCAIM mode too) and the same date policy with the same per-patient shift (so intervals between a
 * diagnosis and a scan survive de-identification). Pure.
 */
import type { DatePolicy } from './options.ts';
import { transformDate } from './dates.ts';
import { createDeidentifier, type DeidSettings } from './settings.ts';

export interface ClinicalKeys {
  /** `keep` when the retain-full-dates option is in force. */
  readonly datePolicy: DatePolicy | 'keep';
  /** The pseudonym the images of this hospital patient ID carry. */
  pseudonymOf(patientId: string): string;
  /**
   * A clinical date (`YYYY-MM-DD`) as the images' dates of the same patient are released; null when the
   * policy removes dates or the value is not a whole calendar date (it is never guessed).
   */
  renderDate(isoDate: string, patientId: string): string | null;
}

export function clinicalKeys(settings: DeidSettings): ClinicalKeys {
  const deid = createDeidentifier(settings);
  const scheme = deid.keyedHash;
  const policy = deid.retainsFullDates ? 'keep' : deid.datePolicy;
  return {
    datePolicy: policy,
    pseudonymOf: (id) => scheme.patientId(id.trim()),
    renderDate: (isoDate, patientId) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate.trim());
      if (!m) return null;
      if (policy === 'keep') return isoDate.trim();
      const out = transformDate(`${m[1]}${m[2]}${m[3]}`, policy, scheme.dateShiftDays(patientId.trim()));
      return out === undefined ? null : `${out.slice(0, 4)}-${out.slice(4, 6)}-${out.slice(6, 8)}`;
    },
  };
}
