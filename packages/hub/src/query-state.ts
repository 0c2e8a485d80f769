/**
 * Where a federated query stands: complete once every node asked has replied (succeeded or failed), partial
 * once its deadline passed without some of them (named `missing`), running otherwise. Pure, so the broker and
 * the poll route agree on one definition.
 */
export type QueryStatus = 'running' | 'complete' | 'partial';

export interface NodeReply {
  readonly node: string;
  readonly status: 'succeeded' | 'failed';
  readonly body: unknown;
}

export interface QueryState {
  readonly status: QueryStatus;
  readonly results: readonly NodeReply[];
  /** Nodes that did not reply by the deadline (empty while running or complete). */
  readonly missing: readonly string[];
}

export function queryState(o: { readonly targets: readonly string[]; readonly replies: readonly NodeReply[]; readonly deadlineAt: number; readonly now: number }): QueryState {
  const replied = new Set(o.replies.map((r) => r.node));
  const unanswered = o.targets.filter((n) => !replied.has(n));
  if (unanswered.length === 0) return { status: 'complete', results: o.replies, missing: [] };
  if (o.now >= o.deadlineAt) return { status: 'partial', results: o.replies, missing: unanswered };
  return { status: 'running', results: o.replies, missing: [] };
}
