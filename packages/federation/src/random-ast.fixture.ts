/**
 * Test fixture: a seeded generator of random ASTs over the search keys (nested AND/OR, every condition type,
 * known and unknown keys and values), drawing values from what an index actually holds so queries match.
 */
import { createHash } from 'node:crypto';
import type { SearchFactRow } from '@oncoatlas/store';
import type { Condition, ConditionType, Operation } from './ast.ts';
import { LENS_ALIASES, SEARCH_KEYS } from './search-keys.ts';

/** Deterministic draws in [0, 1) from a seed (SHA-256 of seed and counter), so a failing AST can be replayed. */
export function seededRandom(seed: number): () => number {
  let counter = 0;
  return () => createHash('sha256').update(`${seed}:${counter++}`).digest().readUIntBE(0, 6) / 2 ** 48;
}

export function randomAstGenerator(facts: readonly SearchFactRow[], seed: number): { ast: () => Operation; stratifiers: () => string[] } {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const texts = new Map<string, string[]>();
  const nums = new Map<string, number[]>();
  for (const f of facts) {
    if (f.text_value !== null) texts.set(f.key, [...new Set([...(texts.get(f.key) ?? []), f.text_value])]);
    if (f.num_value !== null) nums.set(f.key, [...new Set([...(nums.get(f.key) ?? []), f.num_value])]);
  }
  const textValue = (key: string): string => {
    const r = rnd();
    const registry = SEARCH_KEYS.find((k) => k.id === key)?.values ?? [];
    if (r < 0.6 && texts.get(key)?.length) return pick(texts.get(key)!);
    if (r < 0.8 && registry.length) {
      const v = pick(registry);
      return rnd() < 0.5 || v.codings.length === 0 ? v.code : `${v.codings[0]!.system}${v.codings[0]!.code}`;
    }
    return pick(['ZZZ', 'unknown-value', 'c34', 'Ct']);
  };
  const numValue = (key: string): number => {
    const seen = nums.get(key) ?? [50];
    const v = pick(seen);
    return rnd() < 0.6 ? v : Math.round(v + (rnd() - 0.5) * 20);
  };
  const condition = (): Condition => {
    const r = rnd();
    if (r < 0.05) return { key: 'no_such_key', type: 'EQUALS', value: 'x' };
    if (r < 0.2) {
      const alias = pick(LENS_ALIASES);
      const values = Object.keys(alias.values);
      if (values.length === 0) return { key: alias.key, type: 'BETWEEN', value: { min: numValue(alias.canonical), max: numValue(alias.canonical) } };
      return { key: alias.key, type: 'EQUALS', value: rnd() < 0.8 ? pick(values) : 'SNOMEDCT0' };
    }
    const key = pick(SEARCH_KEYS);
    const type: ConditionType = pick(key.types);
    if (key.kind === 'number') {
      if (type === 'BETWEEN') return { key: key.id, type, value: { min: numValue(key.id), max: numValue(key.id) } };
      return { key: key.id, type, value: numValue(key.id) };
    }
    if (type === 'IN') return { key: key.id, type, value: Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => textValue(key.id)) };
    if (type === 'CONTAINS') {
      const v = textValue(key.id);
      const start = Math.floor(rnd() * v.length);
      return { key: key.id, type, value: rnd() < 0.5 ? v.slice(start, start + 2).toLowerCase() || 'a' : v.toUpperCase() };
    }
    return { key: key.id, type, value: textValue(key.id) };
  };
  const operation = (depth: number): Operation => ({
    operand: rnd() < 0.5 ? 'AND' : 'OR',
    children: Array.from({ length: Math.floor(rnd() * 4) }, () => (depth < 4 && rnd() < 0.35 ? operation(depth + 1) : condition())),
  });
  const stratifiers = () => ['modality', 'sex', 'condition', 'age_at_diagnosis', 'RID10311', 'stage', 'nope'].filter(() => rnd() < 0.3);
  return { ast: () => operation(1), stratifiers };
}
