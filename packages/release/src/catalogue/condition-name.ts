/**
 * The words a condition of the catalogue is known by, for people who search by name ("lung") rather than by
 * code (`C34`): the WHO ICD-10 title of its category, else the name of the cancer the clinical value sets map
 * it to. The catalogue's facts keep codes only (what the release counted); names are looked up when shown, so
 * a better table helps every version already released. Pure.
 */
import { conditionConcept, conditionOfEucaimCode, icd10CategoryTitle } from '@oncoatlas/clinical';

/** `C34` -> `Malignant neoplasm of bronchus and lung`; null for a code with no known name (and for the pooled `other`). */
export function conditionName(code: string): string | null {
  return icd10CategoryTitle(code) ?? conditionConcept(code)?.display ?? null;
}

/** The name of a primary condition (a hyperontology code, `CLIN1000065` -> `Malignant tumour of lung`), when the value sets know it. */
export function primaryConditionName(code: string): string | null {
  return conditionOfEucaimCode(code)?.display ?? null;
}
