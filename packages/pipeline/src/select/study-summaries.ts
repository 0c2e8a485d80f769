/**
 * Folds instance facts into one summary per study for the select stage: how many instances are readable,
 * which modalities, and the patient's ID, sex and birth date as the images give them.
 */
import { setHash } from '@oncoatlas/audit';
import type { InstanceFacts } from '../inventory/instance-facts.ts';
import type { StudySummary } from './select-study.ts';

interface Mutable {
  readableInstances: number;
  modalities: Set<string>;
  studyDate: string | null;
  patientId: string | null;
  sex: string | null;
  birthDate: string | null;
  /** Content hashes of every file of the study, readable or damaged. */
  hashes: string[];
}

export class StudySummaries {
  readonly #studies = new Map<string, Mutable>();

  #entry(key: string): Mutable {
    let s = this.#studies.get(key);
    if (!s) {
      s = { readableInstances: 0, modalities: new Set(), studyDate: null, patientId: null, sex: null, birthDate: null, hashes: [] };
      this.#studies.set(key, s);
    }
    return s;
  }

  add(f: InstanceFacts): void {
    if (!f.studyKey) return;
    const s = this.#entry(f.studyKey);
    s.readableInstances++;
    s.hashes.push(f.sha256);
    if (f.modality) s.modalities.add(f.modality);
    s.studyDate ??= f.studyDate;
    if (f.patient) {
      s.patientId ??= f.patient.id;
      s.sex ??= f.patient.sex || null;
      s.birthDate ??= f.patient.birthDate || null;
    }
  }

  /** A damaged file whose study is known: the study exists even if nothing of it can be read. */
  addDamaged(studyKey: string, sha256: string): void {
    this.#entry(studyKey).hashes.push(sha256);
  }

  /** SHA-256 over the study's file content hashes: what the select decision was made on. */
  inputHash(key: string): string | undefined {
    const s = this.#studies.get(key);
    return s && setHash(s.hashes);
  }

  keys(): string[] {
    return [...this.#studies.keys()];
  }

  get(key: string): StudySummary | undefined {
    const s = this.#studies.get(key);
    if (!s) return undefined;
    const { hashes: _, ...summary } = s;
    return { ...summary, modalities: [...s.modalities].sort() };
  }
}
