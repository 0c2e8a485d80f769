/**
 * The federated job pages' pure decisions: which of a researcher's permits a job may use (their own, active,
 * unexpired, allowing federated-job), grouped by node; how a node's part reads; and a combined file's download.
 */
import type { PermitRow } from '../access/access-types.ts';
import { STATE_COLORS, stateLabel } from '../jobs/jobs.ts';
import type { CombinedFile, HubJobSummary, TargetState } from './hub-jobs-types.ts';

export interface PermitGroup {
  readonly node: string;
  readonly nodeName: string;
  readonly permits: readonly PermitRow[];
}

/** The permits a federated job may run under, by node (nodes, then datasets, by name). */
export function federatedPermits(permits: readonly PermitRow[], me: string | undefined, now: number): PermitGroup[] {
  const usable = permits.filter((p) => p.researcher === me && p.status === 'active' && p.actions.includes('federated-job') && Date.parse(p.expiresAt) > now);
  const groups = new Map<string, PermitRow[]>();
  for (const p of usable) groups.set(p.node, [...(groups.get(p.node) ?? []), p]);
  return [...groups.entries()]
    .map(([node, list]) => ({ node, nodeName: list[0]!.nodeName || node, permits: [...list].sort((a, b) => a.name.localeCompare(b.name)) }))
    .sort((a, b) => a.nodeName.localeCompare(b.nodeName));
}

export const targetLabel = (s: TargetState): string => (s === 'submitting' ? 'sent to the node' : stateLabel(s));
export const targetColor = (s: TargetState): string => (s === 'submitting' ? 'gray' : STATE_COLORS[s]);

/** "2 released, 1 awaiting review": a job's nodes by state, in the order a job moves. */
export function stateCounts(states: HubJobSummary['states']): string {
  const order: readonly TargetState[] = ['submitting', 'queued', 'running', 'awaiting-review', 'released', 'refused', 'failed'];
  return order.filter((s) => (states[s] ?? 0) > 0).map((s) => `${states[s]} ${targetLabel(s)}`).join(', ');
}

/** What to save a combined file as: its name, prefixed with its node's for a per-node file. */
export function downloadName(f: Pick<CombinedFile, 'name' | 'node'>): string {
  const base = f.name.split('/').pop() ?? f.name;
  return (f.node ? `${f.node}-${base}` : base).replace(/[^A-Za-z0-9._-]+/g, '_');
}

export function fileBytes(f: CombinedFile): Uint8Array {
  if (f.text !== undefined) return new TextEncoder().encode(f.text);
  return Uint8Array.from(atob(f.base64 ?? ''), (c) => c.charCodeAt(0));
}
