/**
 * The node's answer to a federated count query: true counts through disclosure control, in the result object of
 * EUCAIM's Focus mediator contract (reference §6.2: `collections`, `total`) plus our strata and the rules applied.
 * Only disclosure-controlled numbers are in the answer, and the audit event names the query by its fingerprint
 * and the rules, never a count.
 */
import type { Database } from '@oncoatlas/store';
import type { Kysely } from 'kysely';
import { parseAst, queryFingerprint, type Operation } from './ast.ts';
import { countQuery, maxStudiesPerPatient, type Counts } from './count-query.ts';
import { DEFAULT_DISCLOSURE_POLICY, discloseCount, studySensitivity, type DisclosurePolicy, type DisclosureRule, type SmallCountMode } from './disclosure.ts';
import { ensureSearchIndex } from './search-index.ts';

export interface SearchUseEvent {
  readonly type: 'FEDERATED_COUNT';
  readonly queryFingerprint: string;
  readonly requester: string;
  /** Dataset UUIDs the answer covered. */
  readonly datasetsIds: readonly string[];
  readonly stratifiers: readonly string[];
  readonly rulesApplied: readonly DisclosureRule[];
}

export interface AnswerDeps {
  readonly db: Kysely<Database>;
  /** Node-held secret of the keyed noise; never leaves the node. */
  readonly noiseKey: Uint8Array | string;
  readonly policy?: Partial<DisclosurePolicy>;
  readonly audit?: (event: SearchUseEvent) => Promise<void>;
  /** When given, an index missing for an older data directory is built first (ensureSearchIndex). */
  readonly dataDir?: string;
}

export interface CountRequest {
  /** The AST (validated here), or Focus's `{ast, id}` body's `ast`. */
  readonly ast: unknown;
  readonly stratifiers?: readonly string[];
  /** Who asked (hub user, Focus): for the audit event only. */
  readonly requester?: string;
}

export interface DisclosedCollection {
  /** The dataset's catalogue UUID (the `dct:identifier` suffix), or its node id before it has one. */
  readonly id: string;
  readonly name: string;
  readonly studies_count: number;
  readonly subjects_count: number;
}

export interface DisclosedCounts { readonly studies_count: number; readonly subjects_count: number }

export interface NodeAnswer {
  readonly collections: readonly DisclosedCollection[];
  readonly total: DisclosedCounts;
  readonly strata: Readonly<Record<string, readonly ({ readonly value: string } & DisclosedCounts)[]>>;
  readonly disclosure: {
    readonly threshold: number;
    readonly rounding: number;
    readonly epsilon: number | null;
    readonly mode: SmallCountMode;
    readonly rulesApplied: readonly DisclosureRule[];
  };
  readonly notes: readonly string[];
}

/**
 * Answers a count query with disclosure-controlled numbers only, and audits the use of the index.
 * @example await answerCountQuery({ db, noiseKey }, { ast: { operand: 'AND', children: [] }, requester: 'hub:alice' })
 */
export async function answerCountQuery(deps: AnswerDeps, request: CountRequest): Promise<NodeAnswer> {
  const policy: DisclosurePolicy = { ...DEFAULT_DISCLOSURE_POLICY, ...deps.policy };
  const ast: Operation = parseAst(request.ast);
  if (deps.dataDir !== undefined) await ensureSearchIndex(deps.db, deps.dataDir);
  const counts = await countQuery(deps.db, ast, { ...(request.stratifiers ? { stratifiers: request.stratifiers } : {}) });
  const fingerprint = queryFingerprint(ast);
  const studiesDelta = studySensitivity(await maxStudiesPerPatient(deps.db), policy);
  const rules = new Set<DisclosureRule>();
  const disclose = (c: Counts, stratum: string): DisclosedCounts => {
    const one = (value: number, what: 'subjects' | 'studies', sensitivity: number) => {
      const r = discloseCount(value, policy, { noiseKey: deps.noiseKey, fingerprint, stratum: `${stratum}/${what}`, sensitivity });
      r.rules.forEach((x) => rules.add(x));
      return r.value;
    };
    return { studies_count: one(c.studies, 'studies', studiesDelta), subjects_count: one(c.subjects, 'subjects', 1) };
  };

  const names = await collectionNames(deps.db);
  const collections = counts.collections.map((c) => {
    const named = names.get(c.datasetId);
    return { id: named?.uuid ?? c.datasetId, name: named?.title ?? c.datasetId, ...disclose(c, `collection:${c.datasetId}`) };
  });
  const total = disclose(counts.total, 'total');
  const strata = Object.fromEntries(Object.entries(counts.strata).map(([key, list]) =>
    [key, list.map((s) => ({ value: s.value, ...disclose(s, `${key}=${s.value}`) }))]));
  const rulesApplied = [...rules].sort();
  await deps.audit?.({
    type: 'FEDERATED_COUNT', queryFingerprint: fingerprint, requester: request.requester ?? 'anonymous',
    datasetsIds: collections.map((c) => c.id), stratifiers: Object.keys(strata), rulesApplied,
  });
  return {
    collections, total, strata,
    disclosure: { threshold: policy.threshold, rounding: policy.rounding, epsilon: policy.epsilon, mode: policy.mode, rulesApplied },
    notes: counts.notes,
  };
}

async function collectionNames(db: Kysely<Database>): Promise<Map<string, { uuid?: string; title: string }>> {
  const rows = await db.selectFrom('datasets as d').leftJoin('dataset_identities as i', 'i.dataset_id', 'd.id')
    .select(['d.id', 'd.title', 'i.uuid']).execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, ...(r.uuid ? { uuid: r.uuid } : {}) }]));
}
