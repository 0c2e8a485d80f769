/**
 * @oncoatlas/federation: the node's side of federated search. A query (the samply Lens/Focus AST) is resolved
 * against one registry of searchable keys, counted over the search index of published datasets, and answered
 * only through disclosure control. See docs/federation.md.
 *
 * @example
 * const answer = await answerCountQuery({ db: store.db, noiseKey, policy: DEFAULT_DISCLOSURE_POLICY, audit },
 *   { ast: body.ast, stratifiers: ['modality'], requester: 'hub:alice' });
 */
export { CONDITION_TYPES, isCondition, parseAst, queryFingerprint } from './ast.ts';
export type { AstQuery, Condition, ConditionType, ConditionValue, Operand, Operation } from './ast.ts';
export { LENS_ALIASES, SEARCH_KEYS, canonicalKey, resolveCondition, searchKey } from './search-keys.ts';
export type { LensAlias, ResolvedCondition, SearchKey, SearchKeyId, SearchKind, SearchLevel, SearchValue } from './search-keys.ts';
export { searchFacts } from './search-facts.ts';
export type { CdmRecord, ReleasedStudy, SearchRows } from './search-facts.ts';
export { ensureSearchIndex, rebuildSearchIndex, refreshSearchIndex, releasedStudies } from './search-index.ts';
export type { IndexTarget } from './search-index.ts';
export { countQuery, maxStudiesPerPatient } from './count-query.ts';
export type { CollectionCounts, CountOptions, Counts, StratumCounts, TrueCounts } from './count-query.ts';
export { countInMemory } from './count-in-memory.ts';
export { DEFAULT_DISCLOSURE_POLICY, discloseCount, keyedLaplace, studySensitivity } from './disclosure.ts';
export type { DisclosurePolicy, DisclosureRule, NoiseContext, SmallCountMode } from './disclosure.ts';
export { answerCountQuery } from './answer.ts';
export type { AnswerDeps, CountRequest, DisclosedCollection, DisclosedCounts, NodeAnswer, SearchUseEvent } from './answer.ts';
export * from './beacon/index.ts';
export {
  decodeSpotQuery, encodeSpotQuery, fromBase64, fromLensAst, siteOfAddress, spotAddress, spotEvents, spotResult, sseEvent, toBase64,
} from './spot/spot-codec.ts';
export type { NodeReplyLike, SpotEventsInput, SpotQuery, SpotResult, SpotResultInput, SpotStatus } from './spot/spot-codec.ts';
export { keysMissingFromCatalogue, lensCatalogue } from './spot/lens-catalogue.ts';
export type { LensCatalogue, LensCategory, LensCriterion } from './spot/lens-catalogue.ts';
