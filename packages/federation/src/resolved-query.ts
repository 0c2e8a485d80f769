/**
 * An AST with every condition resolved against the search-key registry: what both the SQL compiler and the
 * in-memory reference evaluate, so they can only differ in how they count, never in what a condition means.
 */
import { isCondition, type Operation } from './ast.ts';
import { canonicalKey, resolveCondition, type ResolvedCondition, type SearchKey } from './search-keys.ts';

export type ResolvedNode =
  | { readonly kind: 'and' | 'or'; readonly children: readonly ResolvedNode[] }
  | ResolvedCondition;

export interface ResolvedQuery {
  readonly root: ResolvedNode;
  readonly notes: readonly string[];
}

export function resolveAst(ast: Operation): ResolvedQuery {
  const notes = new Set<string>();
  const walk = (node: Operation): ResolvedNode => ({
    kind: node.operand === 'AND' ? 'and' : 'or',
    children: node.children.map((c) => {
      if (!isCondition(c)) return walk(c);
      const r = resolveCondition(c);
      if (r.kind === 'false') notes.add(`${r.reason}: the condition counts as FALSE`);
      else r.notes.forEach((n) => notes.add(n));
      return r;
    }),
  });
  const root = walk(ast);
  return { root, notes: [...notes].sort() };
}

/** Stratifier keys we know (canonical or a Lens alias), each once; unknown ones are named in the notes. */
export function resolveStratifiers(keys: readonly string[] | undefined, notes: string[]): SearchKey[] {
  const out: SearchKey[] = [];
  for (const k of keys ?? []) {
    const key = canonicalKey(k);
    if (!key) notes.push(`unknown stratifier ${k} ignored`);
    else if (!out.includes(key)) out.push(key);
  }
  return out;
}

/** The stratum label of a fact: its text, or a number's whole part (ages and years are whole in practice). */
export function stratumOf(text: string | null, num: number | null): string {
  return text ?? String(Math.floor(num ?? 0));
}
