/**
 * One search across the nodes' harvested datasets, as public cards: the node's catalogue card where the
 * records allow it (`GET /api/catalogue/entries`), plus the node it came from and `recordUrl`, the dataset's
 * IRI, which its node dereferences. Pure: rows in, cards out (a hub lists hundreds of datasets, not millions).
 */
import { conditionOfEucaimCode } from '@oncoatlas/clinical';
import type { HarvestedRow } from './catalogue-store.ts';

export interface HubCatalogueCard {
  /** The dataset's UUID (the last segment of its IRI), what EUCAIM's federated search returns. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly keywords: readonly string[];
  /** `published`, or `withdrawn` once its node no longer publishes it (shown only when asked for). */
  readonly state: 'published' | 'withdrawn';
  readonly version: number | null;
  readonly releasedAt: string | null;
  readonly modified: string;
  readonly studies: number | null;
  readonly subjects: number | null;
  readonly modalities: readonly string[];
  readonly bodyParts: readonly string[];
  readonly conditions: readonly string[];
  readonly primaryCondition: { readonly code: string; readonly name: string | null } | null;
  readonly ageRange: { readonly min: number; readonly max: number } | null;
  readonly node: { readonly id: string; readonly name: string };
  /** The dataset's record at its node (its IRI). */
  readonly recordUrl: string;
}

export interface CatalogueSearch {
  /** Words, each to be found in the title, description, keywords, conditions, modalities or node name. */
  readonly q?: string;
  /** A DICOM modality (`CT`) or its hyperontology code. */
  readonly modality?: string;
  /** A condition code or its start (`C34` finds `C34.1`), or a word of the primary condition's name. */
  readonly condition?: string;
  readonly node?: string;
  readonly withdrawn?: boolean;
}

const list = (json: string): string[] => JSON.parse(json) as string[];

export function cardOf(r: HarvestedRow): HubCatalogueCard {
  const major = r.version === null ? Number.NaN : Number.parseInt(r.version, 10);
  return {
    id: r.iri.slice(r.iri.lastIndexOf('/') + 1), title: r.title, description: r.description, keywords: list(r.keywords),
    state: r.state === 'listed' ? 'published' : 'withdrawn', version: Number.isSafeInteger(major) ? major : null,
    releasedAt: r.released_at, modified: r.modified, studies: r.studies, subjects: r.subjects,
    modalities: list(r.modalities), bodyParts: list(r.body_parts), conditions: list(r.conditions),
    primaryCondition: r.primary_condition === null ? null : { code: r.primary_condition, name: conditionOfEucaimCode(r.primary_condition)?.display ?? null },
    ageRange: r.min_age !== null && r.max_age !== null ? { min: r.min_age, max: r.max_age } : null,
    node: { id: r.node_id, name: r.node_name }, recordUrl: r.iri,
  };
}

const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

export function matches(card: HubCatalogueCard, s: CatalogueSearch): boolean {
  if (card.state === 'withdrawn' && !s.withdrawn) return false;
  if (s.node && card.node.id !== s.node) return false;
  if (s.modality && !card.modalities.some((m) => fold(m) === fold(s.modality!))) return false;
  if (s.condition) {
    const c = fold(s.condition.trim());
    const codes = [...card.conditions, ...(card.primaryCondition ? [card.primaryCondition.code] : [])].map(fold);
    if (!codes.some((x) => x === c || x.startsWith(`${c}.`)) && !fold(card.primaryCondition?.name ?? '').includes(c)) return false;
  }
  const words = fold(s.q ?? '').split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    const text = fold([card.title, card.description, ...card.keywords, ...card.conditions, ...card.modalities, card.primaryCondition?.name ?? '', card.node.name].join(' '));
    if (!words.every((w) => text.includes(w))) return false;
  }
  return true;
}
