/**
 * The brute-force reference of `countQuery`: the same definition (see count-query.ts), evaluated pair by pair
 * in plain JavaScript over the index rows. Tests compare the two; nothing in production calls it.
 */
import type { SearchFactRow, SearchStudyRow } from '@oncoatlas/store';
import type { Operation } from './ast.ts';
import { aggregateStrata, type CountOptions, type TrueCounts } from './count-query.ts';
import { resolveAst, resolveStratifiers, stratumOf, type ResolvedNode } from './resolved-query.ts';
import type { ResolvedCondition } from './search-keys.ts';

type Known = Exclude<ResolvedCondition, { kind: 'false' }>;

function holds(c: Known, facts: readonly SearchFactRow[]): boolean {
  const of = facts.filter((f) => f.key === c.key);
  if (c.kind === 'text') {
    if (c.op === 'contains') return of.some((f) => f.text_value !== null && f.text_value.toLowerCase().includes(c.values[0]!));
    const any = of.some((f) => f.text_value !== null && c.values.includes(f.text_value));
    return c.op === 'not_in' ? !any : any;
  }
  const nums = of.flatMap((f) => (f.num_value === null ? [] : [f.num_value]));
  switch (c.op) {
    case 'eq': return nums.some((x) => x === c.a);
    case 'ne': return !nums.some((x) => x === c.a);
    case 'lt': return nums.some((x) => x < c.a);
    case 'gt': return nums.some((x) => x > c.a);
    case 'between': return nums.some((x) => x >= c.a && x <= c.b);
  }
}

export function countInMemory(studies: readonly SearchStudyRow[], facts: readonly SearchFactRow[], ast: Operation, options: CountOptions = {}): TrueCounts {
  const { root, notes: conditionNotes } = resolveAst(ast);
  const notes = [...conditionNotes];
  const stratifiers = resolveStratifiers(options.stratifiers, notes);
  const patientFacts = (s: SearchStudyRow) => facts.filter((f) => f.dataset_id === s.dataset_id && f.patient_id === s.patient_id && f.study_uid === null);
  const studyFacts = (s: SearchStudyRow) => facts.filter((f) => f.dataset_id === s.dataset_id && f.study_uid === s.study_uid);
  const evaluate = (node: ResolvedNode, s: SearchStudyRow): boolean => {
    if (node.kind === 'false') return false;
    if (node.kind === 'text' || node.kind === 'number') return holds(node, node.level === 'study' ? studyFacts(s) : patientFacts(s));
    return node.kind === 'and' ? node.children.every((c) => evaluate(c, s)) : node.children.some((c) => evaluate(c, s));
  };
  const matched = studies.filter((s) => evaluate(root, s));
  const datasetIds = [...new Set(studies.map((s) => s.dataset_id))].sort();
  const collections = datasetIds.map((datasetId) => {
    const of = matched.filter((s) => s.dataset_id === datasetId);
    return { datasetId, subjects: new Set(of.map((s) => s.patient_id)).size, studies: of.length };
  });
  const strata = Object.fromEntries(stratifiers.map((key) => [key.id, aggregateStrata(matched.flatMap((s) =>
    (key.level === 'study' ? studyFacts(s) : patientFacts(s)).filter((f) => f.key === key.id)
      .map((f) => ({ patient: s.patient_id, study: s.study_uid, value: stratumOf(f.text_value, f.num_value) }))))]));
  return {
    total: { subjects: new Set(matched.map((s) => s.patient_id)).size, studies: new Set(matched.map((s) => s.study_uid)).size },
    collections,
    strata,
    notes,
  };
}
