/**
 * Messages between the parties of an access request: to everyone on it (`all`), to the boards only
 * (`committee`), or between the researcher and one node's representatives (that node's id; the boards read
 * along). A caller reads only what was addressed to them; the audit log records that a message was posted,
 * never its text.
 */
import { randomUUID } from 'node:crypto';
import { oncoError } from '@oncoatlas/core';
import type { AccessCaller } from './access-caller.ts';
import { auditAccess, toRepresentatives, type AccessContext } from './access-context.ts';
import { AccessStore } from './access-store.ts';
import { iso, type MessageView } from './access-views.ts';
import type { Notice } from './notifications.ts';
import { loadRequest, seesAudience, type RequestParty } from './request-parties.ts';

export const MAX_MESSAGE_CHARS = 5000;

export class MessageService {
  readonly #ctx: AccessContext;

  constructor(ctx: AccessContext) {
    this.#ctx = ctx;
  }

  async list(caller: AccessCaller, requestId: string): Promise<{ messages: MessageView[] }> {
    const { party } = await loadRequest(this.#ctx.store, caller, requestId);
    const rows = await new AccessStore(this.#ctx.store).messagesOf(requestId);
    return {
      messages: rows.filter((m) => m.author === caller.actor || seesAudience(party, m.audience))
        .map((m) => ({ id: m.id, author: m.author, authorRole: m.author_role, audience: m.audience, text: m.text, at: iso(Number(m.at)) })),
    };
  }

  async post(caller: AccessCaller, requestId: string, m: { readonly text: string; readonly audience?: string }): Promise<{ messages: MessageView[] }> {
    const text = m.text.trim();
    if (text === '' || text.length > MAX_MESSAGE_CHARS) throw oncoError('USAGE', `A message has 1 to ${MAX_MESSAGE_CHARS} characters.`);
    const audience = m.audience ?? 'all';
    await this.#ctx.store.transaction(async (s) => {
      const { row, resources, party } = await loadRequest(s, caller, requestId);
      const nodes = new Set(resources.map((r) => r.node_id));
      if (audience !== 'all' && audience !== 'committee' && !nodes.has(audience)) throw oncoError('USAGE', 'A message goes to all, committee, or the id of a node of this request.');
      // A holder writes to everyone, the boards, or their own node's thread; not into another node's.
      if (!seesAudience(party, audience) && audience !== 'committee') throw oncoError('AUTH_FORBIDDEN', 'You take no part in that conversation.');
      const at = this.#ctx.now();
      const id = randomUUID();
      const a = new AccessStore(s);
      await a.insertMessage({ id, request_id: requestId, author: caller.actor, author_role: roleOf(party), audience, text, at });
      await a.updateRequest(requestId, { updated_at: at, last_activity_at: at, reminded_at: null });
      await auditAccess(this.#ctx, s, caller.actor, { type: 'MESSAGE_POSTED', request: requestId, message: id, audience });
      const note = { text: `A new message on the access request "${row.title}".`, requestId };
      const notices: Notice[] = [];
      if (audience !== 'committee') notices.push({ ...note, to: `actor:${row.creator}`, email: [row.creator_email] });
      notices.push({ ...note, to: 'role:committee' });
      if (row.state !== 'DRAFT') for (const n of nodes) if (audience === 'all' || audience === n) notices.push(...await toRepresentatives(s, n, note));
      await this.#ctx.notifier.write(s, notices.filter((x) => x.to !== `actor:${caller.actor}`));
    });
    this.#ctx.notifier.kick();
    return this.list(caller, requestId);
  }
}

function roleOf(p: RequestParty): string {
  return p.creator ? 'researcher' : p.holderOf.size > 0 ? 'holder' : p.boards[0] ?? 'researcher';
}
