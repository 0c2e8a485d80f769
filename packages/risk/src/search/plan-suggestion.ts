/** The plan of a generalisation in words, e.g. "generalise age to 10-year bands and diagnosis_date to year; suppress 3 records (0.2 %)". */
import { formatPercent, listPhrase, plural } from '../format-figures.ts';
import type { Hierarchies, Levels } from '../table/equivalence-classes.ts';

export interface PlanWording {
  readonly quasiIdentifiers: readonly string[];
  readonly hierarchies: Hierarchies;
  /** Human names of attributes, e.g. { diagnosis_date: 'diagnosis date' }. */
  readonly labels?: Readonly<Record<string, string>>;
}

export function planSuggestion(wording: PlanWording, levels: Levels, suppressedRecords: number, totalRecords: number): string {
  const name = (qi: string): string => wording.labels?.[qi] ?? qi;
  const generalised: string[] = [];
  const removed: string[] = [];
  for (const qi of wording.quasiIdentifiers) {
    const level = levels[qi] ?? 0;
    const hierarchy = wording.hierarchies[qi]!;
    if (level === 0) continue;
    if (level >= hierarchy.height) removed.push(name(qi));
    else generalised.push(`${name(qi)} to ${hierarchy.describe(level)}`);
  }
  const parts: string[] = [];
  if (generalised.length > 0) parts.push(`generalise ${listPhrase(generalised)}`);
  if (removed.length > 0) parts.push(`suppress ${listPhrase(removed)} entirely (*)`);
  if (suppressedRecords > 0) {
    parts.push(`suppress ${plural(suppressedRecords, 'record')} (${formatPercent(totalRecords === 0 ? 0 : suppressedRecords / totalRecords)})`);
  }
  return parts.length === 0 ? 'release as is: no generalisation or suppression is needed' : parts.join('; ');
}
