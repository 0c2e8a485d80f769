/**
 * The catalogue as the web UI shows it: a public JSON card per published (or invalidated) dataset, built from
 * the same facts as the DCAT records of /api/catalogue, and the steward's view of one dataset's catalogue
 * entry: where it stands in the lifecycle, what may be done next, the fields it was last published with and
 * the facts the release generated. Counts and codes only, as the records themselves.
 */
import type { FastifyInstance } from 'fastify';
import { allowedActions, datasetConditions, unmappedValues, type DatasetFacts, type Localised } from '@oncoatlas/catalogue';
import { catalogueState, conditionName, latestReleaseFacts, listedDatasetFacts, primaryConditionName } from '@oncoatlas/release';
import type { StudyLedger } from '@oncoatlas/store';
import { requireCatalogue, type CatalogueOptions } from './catalogue-routes.ts';
import { DATASET_ID_PARAMS } from './node-routes.ts';

const problem = { $ref: 'Problem#' };
const strings = { type: 'array', items: { type: 'string' } } as const;

/** The states a card is shown in: a withdrawn (invalidated) dataset stays listed, marked so, for who cited it. */
const LISTED = ['published', 'invalidated'] as const;

const ENTRY = {
  type: 'object', additionalProperties: false,
  required: ['id', 'title', 'description', 'keywords', 'state', 'version', 'releasedAt', 'studies', 'subjects', 'modalities', 'bodyParts', 'conditions', 'conditionNames', 'primaryCondition', 'sexes', 'ageRange'],
  properties: {
    id: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' }, keywords: strings,
    state: { type: 'string', enum: LISTED },
    version: { type: 'integer', description: 'the released version the card describes (the latest)' },
    releasedAt: { type: ['string', 'null'] },
    studies: { type: 'integer' }, subjects: { type: 'integer', description: 'patients' },
    modalities: { ...strings, description: 'DICOM modalities, most frequent first' },
    bodyParts: { ...strings, description: 'DICOM Body Part Examined values, most frequent first' },
    conditions: { ...strings, description: 'cancer conditions (ICD-10 categories, `other` for those pooled under k patients), most frequent first: the conditions whose codes the records list (healthdcatap:hasCodeValues)' },
    conditionNames: { type: 'object', additionalProperties: { type: 'string' }, description: 'condition code -> its name (WHO ICD-10 title, else the cancer it maps to), for the codes that have one' },
    primaryCondition: {
      type: ['object', 'null'], additionalProperties: false, required: ['code', 'name'],
      properties: { code: { type: 'string' }, name: { type: ['string', 'null'] } },
      description: 'the primary condition the records state (eucaim:hasCondition): its hyperontology code (`CLIN1000065`) and name; null when none',
    },
    sexes: { ...strings, description: 'birth sexes the release names (`male`, `female`; a sex of fewer than k patients is pooled under `unknown`), most frequent first' },
    ageRange: {
      type: ['object', 'null'], additionalProperties: false, required: ['min', 'max'],
      properties: { min: { type: 'integer' }, max: { type: 'integer' } },
      description: 'ages in years spanned by the 10-year bands of at least k patients, as the release published it; null when none',
    },
    landingUrl: { type: 'string', description: 'where access is requested (the steward\'s accessUrl), when given' },
  },
} as const;

const RECORD_ENTRY = {
  type: 'object', additionalProperties: false, required: ['id', 'title', 'state', 'allowedActions', 'steward', 'generated', 'unmappedValues'],
  properties: {
    id: { type: 'string' }, title: { type: 'string' },
    state: { type: 'string', enum: ['draft', 'released', 'published', 'invalidated'] },
    allowedActions: { type: 'array', items: { type: 'string', enum: ['publish', 'unpublish', 'invalidate', 'reactivate'] }, description: 'POST /api/catalogue/datasets/{id}/{action} allowed from this state (a draft is released with POST /api/datasets/{id}/release)' },
    steward: { type: ['object', 'null'], additionalProperties: true, description: 'the steward\'s fields the dataset was last published with (docs/catalogue.md)' },
    generated: { type: ['object', 'null'], additionalProperties: true, description: 'facts the release computed (version, releasedAt, counts, modalities, ...); null before a release' },
    unmappedValues: {
      type: 'array', description: 'values of the released data the records leave out for lack of a EUCAIM hyperontology code (an ABDOMEN body part, a rectal cancer), with their patients; empty before a release',
      items: { type: 'object', additionalProperties: false, required: ['property', 'value', 'count'], properties: { property: { type: 'string' }, value: { type: 'string' }, count: { type: 'integer' } } },
    },
  },
} as const;

/** English when there is English (EUCAIM requires it), else the first language given. */
function inEnglish(text: Localised | undefined): string | undefined {
  return text ? (text.en ?? Object.values(text)[0]) : undefined;
}

/**
 * A dataset's public card. Its conditions are `datasetConditions`, the same function the records' conditions
 * come from (eucaim:hasCondition, healthdcatap:hasCodeValues), so the card and the RDF cannot tell them apart.
 */
export function catalogueCard(facts: DatasetFacts, state: (typeof LISTED)[number], title: string, description: string | null): Record<string, unknown> {
  const { steward: s, generated: g } = facts;
  const values = (list: readonly { readonly value: string }[]): string[] => list.map((c) => c.value);
  const { primary, conditions } = datasetConditions(facts);
  return {
    id: facts.id, title: inEnglish(s.title) ?? title, description: inEnglish(s.description) ?? description ?? '',
    keywords: s.keywords.en ?? Object.values(s.keywords)[0] ?? [],
    state, version: facts.version, releasedAt: facts.releasedAt,
    studies: g.counts.studies, subjects: g.counts.patients,
    modalities: values(g.modalities), bodyParts: values(g.bodyParts), conditions: values(conditions),
    // Names are looked up, not stored: the release counted codes, and a name adds no fact about the patients.
    conditionNames: Object.fromEntries(conditions.flatMap((c) => { const name = conditionName(c.value); return name ? [[c.value, name]] : []; })),
    primaryCondition: primary === null ? null : { code: primary, name: primaryConditionName(primary) },
    // Only what the release published: its sexes after pooling, and its age range (no per-band counts exist).
    sexes: values(g.sex), ageRange: g.ageRange ?? null,
    ...(s.accessUrl ? { landingUrl: s.accessUrl } : {}),
  };
}

export async function registerCatalogueEntryRoutes(api: FastifyInstance, ledger: StudyLedger, o: CatalogueOptions | undefined): Promise<void> {
  api.get('/catalogue/entries', {
    schema: {
      summary: 'The published and invalidated datasets as JSON cards for the catalogue page (empty when the node publishes no catalogue)',
      tags: ['catalogue'], response: { 200: { type: 'array', items: ENTRY }, default: problem },
    },
  }, async () => {
    // A node started without catalogue settings publishes nothing, whatever the ledger says: as /api/catalogue.
    if (!o) return [];
    const cards: Record<string, unknown>[] = [];
    for (const { state, facts } of await listedDatasetFacts(ledger, o.dataDir, LISTED)) {
      const dataset = await ledger.datasets.dataset(facts.id);
      cards.push(catalogueCard(facts, state as (typeof LISTED)[number], dataset?.title ?? facts.id, dataset?.description ?? null));
    }
    return cards;
  });

  api.get<{ Params: { id: string } }>('/catalogue/datasets/:id/entry', {
    schema: {
      summary: 'One dataset\'s catalogue entry for the steward\'s form: state, allowed changes, the fields it was last published with, the generated facts',
      tags: ['catalogue'], params: DATASET_ID_PARAMS, response: { 200: RECORD_ENTRY, default: problem },
    },
  }, async (request) => {
    const c = requireCatalogue(o);
    const { id } = request.params;
    const state = await catalogueState(ledger, id);
    const dataset = (await ledger.datasets.dataset(id))!;
    const entry = await ledger.datasets.catalogueEntry(id);
    const release = await latestReleaseFacts(ledger, c.dataDir, id);
    const generated = release ? { version: release.version, releasedAt: release.releasedAt, ...release.generated } : null;
    return {
      id, title: dataset.title, state,
      // RELEASE is not a catalogue change here: a draft is released with POST /api/datasets/:id/release.
      allowedActions: allowedActions(state).filter((a) => a !== 'RELEASE').map((a) => a.toLowerCase()),
      steward: entry?.steward ? JSON.parse(entry.steward) as unknown : null,
      generated,
      unmappedValues: release ? unmappedValues(release.generated) : [],
    };
  });
}
