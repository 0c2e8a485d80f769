/**
 * The select stage's decision for one study: integrate it, or reject it with one reason. Reasons use the
 * same names as the synthetic hospital's truth.json, so the funnel can be checked study by study. The
 * order of the checks is the order a steward would give: an unreadable study cannot be linked at all; a
 * study without a clinical record cannot be checked for consent; a withdrawn consent ends the matter
 * whatever else is wrong.
 */
import type { RejectionReasonName } from './reasons.ts';
import type { ClinicalIndex } from './clinical-index.ts';
import { birthDatesDiffer } from './clinical-index.ts';
import type { CohortConfig } from './cohort-config.ts';

/** What the inventory knows of a study (from its readable instances). */
export interface StudySummary {
  readonly readableInstances: number;
  readonly modalities: readonly string[];
  readonly studyDate: string | null;
  readonly patientId: string | null;
  readonly sex: string | null;
  readonly birthDate: string | null;
}

export type Selection = { readonly selected: true } | { readonly selected: false; readonly reason: RejectionReasonName };

export function selectStudy(s: StudySummary, clinical: ClinicalIndex | undefined, config: CohortConfig): Selection {
  if (s.readableInstances === 0) return { selected: false, reason: 'no_readable_instances' };
  const record = s.patientId && clinical ? clinical.get(s.patientId) : undefined;
  if (config.requireClinicalRecord && !record) return { selected: false, reason: 'no_clinical_record' };
  if (config.requireConsent && record?.consentWithdrawn) return { selected: false, reason: 'consent_withdrawn' };
  if (config.checkDemographics && record) {
    const sex = s.sex?.trim().toUpperCase();
    const sexConflict = record.sex !== null && (sex === 'M' || sex === 'F') && sex !== record.sex;
    const birthConflict = record.birthDate !== null && s.birthDate !== null && /^\d{8}$/.test(s.birthDate) && birthDatesDiffer(record.birthDate, s.birthDate);
    if (sexConflict || birthConflict) return { selected: false, reason: 'demographics_conflict' };
  }
  // Objects that travel with images (reports, segmentations, screenshots) do not make a study in scope.
  const imaging = s.modalities.filter((m) => !['SR', 'SEG', 'OT', 'KO', 'PR', 'DOC'].includes(m));
  if (imaging.length === 0 || !imaging.some((m) => config.modalities.includes(m))) return { selected: false, reason: 'out_of_scope_modality' };
  if (config.studyDates && s.studyDate) {
    if ((config.studyDates.from && s.studyDate < config.studyDates.from) || (config.studyDates.to && s.studyDate > config.studyDates.to)) {
      return { selected: false, reason: 'out_of_date_range' };
    }
  }
  return { selected: true };
}
