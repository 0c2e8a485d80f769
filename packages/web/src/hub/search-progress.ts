/**
 * Where one federated search stands, node by node, from the hub's `new_result` events: which nodes are still
 * working, which answered (with their collections and strata), which failed and which missed the deadline. Lens
 * keeps its own copy for its table; this one drives what Lens lacks: the partial-result notice, the collections
 * with their cart buttons, and the accessible table behind the charts.
 */
import type { SpotResult } from '@samply/lens';
import { answerOf, collectionRowsOf, fromBase64, siteOf, type CollectionRow, type NodeAnswer } from './spot-codec.ts';

export type SiteState =
  | { readonly status: 'working' }
  | { readonly status: 'answered'; readonly answer: NodeAnswer }
  /** `deadline`: no answer in time; `failed`: the node reported an error; `unreadable`: its answer made no sense. */
  | { readonly status: 'missing'; readonly reason: 'deadline' | 'failed' | 'unreadable' };

export type SearchProgress = ReadonlyMap<string, SiteState>;

export const NO_SEARCH: SearchProgress = new Map();

function failureReason(result: SpotResult): 'deadline' | 'failed' {
  if (result.status === 'tempfailed') return 'deadline';
  try {
    return (JSON.parse(fromBase64(result.body)) as { reason?: unknown }).reason === 'deadline' ? 'deadline' : 'failed';
  } catch {
    return 'failed';
  }
}

/** The progress after one event; a late `claimed` never hides an answer already shown. */
export function withResult(progress: SearchProgress, result: SpotResult): SearchProgress {
  const site = siteOf(result);
  const next = new Map(progress);
  if (result.status === 'claimed') {
    if (!next.has(site)) next.set(site, { status: 'working' });
  } else if (result.status === 'succeeded') {
    try {
      next.set(site, { status: 'answered', answer: answerOf(result) });
    } catch {
      next.set(site, { status: 'missing', reason: 'unreadable' });
    }
  } else {
    next.set(site, { status: 'missing', reason: failureReason(result) });
  }
  return next;
}

export interface Coverage {
  readonly asked: number;
  readonly answered: readonly string[];
  readonly working: readonly string[];
  readonly missing: readonly { readonly site: string; readonly reason: 'deadline' | 'failed' | 'unreadable' }[];
}

export function coverageOf(progress: SearchProgress): Coverage {
  const answered: string[] = [];
  const working: string[] = [];
  const missing: { site: string; reason: 'deadline' | 'failed' | 'unreadable' }[] = [];
  for (const [site, s] of [...progress].sort(([a], [b]) => a.localeCompare(b))) {
    if (s.status === 'answered') answered.push(site);
    else if (s.status === 'working') working.push(site);
    else missing.push({ site, reason: s.reason });
  }
  return { asked: progress.size, answered, working, missing };
}

export function collectionRows(progress: SearchProgress): CollectionRow[] {
  return [...progress].flatMap(([site, s]) => (s.status === 'answered' ? collectionRowsOf(site, s.answer) : []))
    .sort((a, b) => a.site.localeCompare(b.site) || a.name.localeCompare(b.name));
}

/** The nodes' notes (e.g. a value they did not know), each once, so the researcher learns why a count is 0. */
export function notesOf(progress: SearchProgress): string[] {
  return [...new Set([...progress.values()].flatMap((s) => (s.status === 'answered' ? s.answer.notes : [])))];
}

export interface StratumTotal { readonly value: string; readonly subjects: number; readonly suppressedAt: number }

/**
 * Subjects per value of one stratifier over all answering nodes: the table beside each chart, for readers who
 * cannot see a canvas. `suppressedAt` counts the nodes that showed the value without a number.
 */
export function strataTotals(progress: SearchProgress, key: string): StratumTotal[] {
  const by = new Map<string, { subjects: number; suppressedAt: number }>();
  for (const s of progress.values()) {
    if (s.status !== 'answered') continue;
    for (const r of s.answer.strata[key] ?? []) {
      const t = by.get(r.value) ?? { subjects: 0, suppressedAt: 0 };
      if (typeof r.subjects === 'number') t.subjects += r.subjects;
      else t.suppressedAt += 1;
      by.set(r.value, t);
    }
  }
  return [...by].map(([value, t]) => ({ value, ...t })).sort((a, b) => b.subjects - a.subjects || a.value.localeCompare(b.value));
}
