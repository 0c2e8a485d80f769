/**
 * True counts of a query over the search index, compiled to one indexed SQL query per figure (Kysely: the same
 * code on SQLite and PostgreSQL). These numbers never leave the node as they are: `answerCountQuery` passes them
 * through disclosure control.
 *
 * What is counted. The unit is a released (patient, study) pair of a published dataset. A pair matches when
 * the AST holds, with study-level conditions tested on that study and patient-level conditions on its patient:
 *  - EQUALS / IN: a fact of the key equal to (one of) the value(s) exists;
 *  - NOT_EQUALS v: NO fact of the key equals v (so patients whose value is unknown are included);
 *  - LOWER_THAN / GREATER_THAN: strict; BETWEEN: inclusive of both bounds;
 *  - CONTAINS: case-insensitive substring of a text value;
 *  - an unknown key or value: FALSE (noted in `notes`), as EUCAIM's mediators do.
 * subjects = distinct patients with a matching pair; studies = distinct matching pairs. Per dataset, and in the
 * node total, where a patient (one pseudonym: one site secret) or study in two datasets counts once.
 * A stratum counts the matching pairs whose patient (or study) has that value of the stratifier key; a pair with
 * two values (a study with CT and PET series) counts in both.
 */
import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import { SearchIndexStore, type Database } from '@oncoatlas/store';
import type { Operation } from './ast.ts';
import { resolveAst, resolveStratifiers, stratumOf, type ResolvedNode } from './resolved-query.ts';
import type { ResolvedCondition } from './search-keys.ts';

export interface Counts { readonly subjects: number; readonly studies: number }
export interface CollectionCounts extends Counts { readonly datasetId: string }
export interface StratumCounts extends Counts { readonly value: string }

export interface TrueCounts {
  readonly total: Counts;
  readonly collections: readonly CollectionCounts[];
  readonly strata: Readonly<Record<string, readonly StratumCounts[]>>;
  readonly notes: readonly string[];
}

export interface CountOptions {
  /** Keys (canonical or Lens aliases) to count per value of. */
  readonly stratifiers?: readonly string[];
}

type Db = Database & { s: Database['search_studies'] };
type Eb = ExpressionBuilder<Db, 's'>;

const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;

/** `%` and `_` in a CONTAINS value are literal characters, not wildcards. */
function likePattern(needle: string): string {
  return `%${needle.replace(/[!%_]/g, (ch) => `!${ch}`)}%`;
}

function factExists(eb: Eb, c: Exclude<ResolvedCondition, { kind: 'false' }>): Expression<SqlBool> {
  let q = eb.selectFrom('search_facts as f').select(sql`1`.as('one'))
    .whereRef('f.dataset_id', '=', 's.dataset_id')
    .where('f.key', '=', c.key);
  q = c.level === 'study' ? q.whereRef('f.study_uid', '=', 's.study_uid') : q.whereRef('f.patient_id', '=', 's.patient_id').where('f.study_uid', 'is', null);
  if (c.kind === 'text') {
    if (c.op === 'contains') return eb.exists(q.where(sql<SqlBool>`lower(f.text_value) like ${likePattern(c.values[0]!)} escape '!'`));
    const match = eb.exists(q.where('f.text_value', 'in', c.values));
    return c.op === 'not_in' ? eb.not(match) : match;
  }
  switch (c.op) {
    case 'eq': return eb.exists(q.where('f.num_value', '=', c.a));
    case 'ne': return eb.not(eb.exists(q.where('f.num_value', '=', c.a)));
    case 'lt': return eb.exists(q.where('f.num_value', '<', c.a));
    case 'gt': return eb.exists(q.where('f.num_value', '>', c.a));
    case 'between': return eb.exists(q.where('f.num_value', '>=', c.a).where('f.num_value', '<=', c.b));
  }
}

function compile(eb: Eb, node: ResolvedNode): Expression<SqlBool> {
  if (node.kind === 'false') return FALSE;
  if (node.kind === 'text' || node.kind === 'number') return factExists(eb, node);
  if (node.children.length === 0) return node.kind === 'and' ? TRUE : FALSE;
  const parts = node.children.map((c) => compile(eb, c));
  return node.kind === 'and' ? eb.and(parts) : eb.or(parts);
}

const n = (x: unknown): number => Number(x ?? 0);

/**
 * The true counts of a query (see the definition above).
 * @example await countQuery(db, parseAst(json), { stratifiers: ['modality'] })
 */
export async function countQuery(db: Kysely<Database>, ast: Operation, options: CountOptions = {}): Promise<TrueCounts> {
  const { root, notes: conditionNotes } = resolveAst(ast);
  const notes = [...conditionNotes];
  const stratifiers = resolveStratifiers(options.stratifiers, notes);
  const matching = () => db.selectFrom('search_studies as s').where((eb) => compile(eb, root));

  const perDataset = await matching()
    .select((eb) => ['s.dataset_id', eb.fn.count('s.patient_id').distinct().as('subjects'), eb.fn.countAll().as('studies')])
    .groupBy('s.dataset_id').execute();
  const total = await matching()
    .select((eb) => [eb.fn.count('s.patient_id').distinct().as('subjects'), eb.fn.count('s.study_uid').distinct().as('studies')])
    .executeTakeFirst();
  const found = new Map(perDataset.map((r) => [r.dataset_id, r]));
  const collections = (await new SearchIndexStore(db).datasetIds())
    .map((datasetId) => ({ datasetId, subjects: n(found.get(datasetId)?.subjects), studies: n(found.get(datasetId)?.studies) }));

  const strata: Record<string, StratumCounts[]> = {};
  for (const key of stratifiers) {
    // Distinct (pair, value) rows, aggregated here: a number stratum is a whole-number bin, which SQLite and
    // PostgreSQL would floor differently in SQL.
    const rows = await matching()
      .innerJoin('search_facts as f', (j) => {
        const on = j.onRef('f.dataset_id', '=', 's.dataset_id').on('f.key', '=', key.id);
        return key.level === 'study' ? on.onRef('f.study_uid', '=', 's.study_uid') : on.onRef('f.patient_id', '=', 's.patient_id').on('f.study_uid', 'is', null);
      })
      .select(['s.patient_id', 's.study_uid', 'f.text_value', 'f.num_value']).distinct().execute();
    strata[key.id] = aggregateStrata(rows.map((r) => ({ patient: r.patient_id, study: r.study_uid, value: stratumOf(r.text_value, r.num_value) })));
  }
  return { total: { subjects: n(total?.subjects), studies: n(total?.studies) }, collections, strata, notes };
}

/** Distinct patients and studies per stratum value, sorted by value. */
export function aggregateStrata(rows: Iterable<{ patient: string; study: string; value: string }>): StratumCounts[] {
  const by = new Map<string, { patients: Set<string>; studies: Set<string> }>();
  for (const r of rows) {
    let s = by.get(r.value);
    if (!s) by.set(r.value, s = { patients: new Set(), studies: new Set() });
    s.patients.add(r.patient);
    s.studies.add(r.study);
  }
  return [...by].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, s]) => ({ value, subjects: s.patients.size, studies: s.studies.size }));
}

/** The most studies one patient has in the index: the sensitivity of a study count to one person. */
export async function maxStudiesPerPatient(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('search_studies').select((eb) => eb.fn.count('study_uid').distinct().as('n'))
    .groupBy('patient_id').orderBy('n', 'desc').limit(1).executeTakeFirst();
  return n(row?.n);
}
