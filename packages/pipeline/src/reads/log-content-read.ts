/**
 * Reads of de-identified content (a held image's preview, a dossier, the per-study funnel) are logged before
 * the content is served: if the log cannot take the event, the caller fails and nothing is served, so there
 * is never a read the log does not account for. No checkpoint is written per read: reads come often, and the
 * next write's checkpoint (or `oncoatlas audit checkpoint`) covers them.
 */
import { appendAuditEvents, type ReadContent } from '@oncoatlas/audit';
import type { StudyLedger } from '@oncoatlas/store';

export interface ContentRead {
  readonly at: string;
  /** Who read it, as the API names a signed-in user (`<subject> @ <issuer>`). */
  readonly actor: string;
  readonly content: ReadContent;
}

/**
 * @example
 * await logContentRead(ledger, { at, actor: 'steward @ urn:oncoatlas:node', content: { kind: 'FUNNEL_STUDIES', studies: 60 } });
 */
export async function logContentRead(ledger: StudyLedger, r: ContentRead): Promise<void> {
  await ledger.transaction((l) => appendAuditEvents(l, [{ at: r.at, actor: r.actor, event: { type: 'CONTENT_READ', content: r.content } }]));
}
