/**
 * The routes that serve de-identified content (a held image's preview, a dossier, the per-study funnel) log
 * who read what before they answer, as the writes log who changed what. A HEAD request gets the headers and
 * no content (the UI asks with HEAD whether a PDF dossier exists), so it reads nothing and logs nothing.
 */
import type { FastifyRequest } from 'fastify';
import { logContentRead, type ContentRead } from '@oncoatlas/pipeline';
import type { StudyLedger } from '@oncoatlas/store';
import { actorOf } from './auth/access-hook.ts';

/** Resolves once the read is in the log; throws (and the route serves nothing) when the log refuses it. */
export async function auditRead(ledger: StudyLedger, request: FastifyRequest, content: ContentRead['content']): Promise<void> {
  if (request.method === 'HEAD') return;
  await logContentRead(ledger, { at: new Date().toISOString(), actor: actorOf(request), content });
}
