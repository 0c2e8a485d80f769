/**
 * Folds instance facts into one summary per study for the select stage: how many instances are readable,
 * which modalities, and the patient's ID, sex and birth date as the images give them.
 */
import type { InstanceFacts } from '../inventory/instance-facts.ts';
import type { StudySummary } from './select-study.ts';

interface Mutable {
  readableInstances: number;
  modalities: Set<string>;
  studyDate: string | null;
  patientId: string | null;
  sex: string | null;
  birthDate: string | null;
}

export class StudySummaries {
  readonly #studies = new Map<string, Mutable>();

  #entry(key: string): Mutable {
    let s = this.#studies.get(key);
    if (!s) {
      s = { readableInstances: 0, modalities: new Set(), studyDate: null, patientId: null, sex: null, birthDate: null };
      this.#studies.set(key, s);
    }
    return s;
  }

  add(f: InstanceFacts): void {
    if (!f.studyKey) return;
    const s = this.#entry(f.studyKey);
    s.readableInstances++;
    if (f.modality) s.modalities.add(f.modality);
    s.studyDate ??= f.studyDate;
    if (f.patient) {
      s.patientId ??= f.patient.id;
      s.sex ??= f.patient.sex || null;
      s.birthDate ??= f.patient.birthDate || null;
    }
  }

  /** A damaged file whose study is known: the study exists even if nothing of it can be read. */
  addDamaged(studyKey: string): void {
    this.#entry(studyKey);
  }

  keys(): string[] {
    return [...this.#studies.keys()];
  }

  get(key: string): StudySummary | undefined {
    const s = this.#studies.get(key);
    return s && { ...s, modalities: [...s.modalities].sort() };
  }
}
