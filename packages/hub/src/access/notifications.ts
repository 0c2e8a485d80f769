/**
 * Notifications of governed access: written in the transaction of the change they announce (one row per
 * recipient: a person `actor:…`, or a board `role:committee` / `role:operator`), shown in the UI, and e-mailed
 * from that outbox after the commit (mailer.ts). The text says what happened to which request or onboarding;
 * it never quotes a message or a document.
 */
import { randomUUID } from 'node:crypto';
import type { HubStore } from '../hub-store.ts';
import { recipientsOf, type AccessCaller } from './access-caller.ts';
import { AccessStore, type NotificationRow } from './access-store.ts';
import { iso, isoOrNull, type NotificationView } from './access-views.ts';
import { MAX_MAIL_ATTEMPTS, type Mailer } from './mailer.ts';

export interface Notice {
  /** `actor:<subject @ issuer>`, `role:committee` or `role:operator`. */
  readonly to: string;
  readonly text: string;
  readonly requestId?: string;
  readonly onboardingId?: string;
  /** Addresses to e-mail it to (a board's come from the hub's settings). */
  readonly email?: readonly (string | null)[];
}

export class Notifier {
  readonly #store: HubStore;
  readonly #now: () => number;
  readonly #mailer: Mailer | undefined;
  readonly #committeeEmails: readonly string[];
  readonly #publicUrl: string | undefined;
  #flushing: Promise<{ sent: number; failed: number }> | undefined;

  constructor(o: { store: HubStore; now: () => number; mailer?: Mailer; committeeEmails?: readonly string[]; publicUrl?: string }) {
    this.#store = o.store;
    this.#now = o.now;
    this.#mailer = o.mailer;
    this.#committeeEmails = o.committeeEmails ?? [];
    this.#publicUrl = o.publicUrl?.replace(/\/$/, '');
  }

  /** Writes the notices inside the caller's transaction `s`; one per recipient (the first wins). */
  async write(s: HubStore, notices: readonly Notice[]): Promise<void> {
    const seen = new Set<string>();
    const now = this.#now();
    const rows: NotificationRow[] = [];
    for (const n of notices) {
      const key = `${n.to}\u0000${n.requestId ?? ''}\u0000${n.onboardingId ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const email = [...new Set([...(n.email ?? []), ...(n.to === 'role:committee' ? this.#committeeEmails : [])].filter((e): e is string => typeof e === 'string' && e.includes('@')))];
      rows.push({
        id: randomUUID(), recipient: n.to, request_id: n.requestId ?? null, onboarding_id: n.onboardingId ?? null, text: n.text.slice(0, 1000), created_at: now,
        read_at: null, email_to: email.length > 0 ? email.join(', ') : null, email_status: email.length > 0 && this.#mailer ? 'pending' : 'none', email_attempts: 0,
      });
    }
    await new AccessStore(s).insertNotifications(rows);
  }

  /** Starts sending the outbox after a commit; failures stay pending for the timers to retry. */
  kick(): void {
    if (this.#mailer) void this.flush().catch(() => undefined);
  }

  /** Sends what the outbox holds (one pass at a time); returns how many went and how many failed this pass. */
  flush(): Promise<{ sent: number; failed: number }> {
    if (!this.#mailer) return Promise.resolve({ sent: 0, failed: 0 });
    if (this.#flushing) return this.#flushing.then(() => this.flush());
    this.#flushing = this.#send(this.#mailer).finally(() => { this.#flushing = undefined; });
    return this.#flushing;
  }

  async #send(mailer: Mailer): Promise<{ sent: number; failed: number }> {
    const access = new AccessStore(this.#store);
    let sent = 0;
    let failed = 0;
    for (const n of await access.outbox(MAX_MAIL_ATTEMPTS, 100)) {
      const attempts = n.email_attempts + 1;
      try {
        await mailer.send({ to: (n.email_to ?? '').split(', '), subject: subjectOf(n), text: this.#bodyOf(n) });
        await access.setEmailStatus(n.id, 'sent', attempts);
        sent++;
      } catch {
        await access.setEmailStatus(n.id, attempts >= MAX_MAIL_ATTEMPTS ? 'failed' : 'pending', attempts);
        failed++;
      }
    }
    return { sent, failed };
  }

  #bodyOf(n: NotificationRow): string {
    const where = n.request_id ? `/requests/${n.request_id}` : n.onboarding_id ? `/onboarding/${n.onboarding_id}` : '';
    const link = this.#publicUrl && where ? `\n\n${this.#publicUrl}${where}` : '\n\nSign in at the hub to see it.';
    return `${n.text}${link}\n\n(An automatic message of the OncoAtlas hub: documents and messages are read at the hub, never sent by e-mail.)\n`;
  }

  async list(caller: AccessCaller, limit = 200): Promise<{ notifications: NotificationView[]; unread: number }> {
    const access = new AccessStore(this.#store);
    const recipients = recipientsOf(caller);
    const rows = await access.notificationsFor(recipients, limit);
    return {
      notifications: rows.map((n) => ({ id: n.id, text: n.text, requestId: n.request_id, onboardingId: n.onboarding_id, createdAt: iso(Number(n.created_at)), readAt: isoOrNull(n.read_at === null ? null : Number(n.read_at)) })),
      unread: await access.unreadCount(recipients),
    };
  }

  /** Marks one of the caller's notifications read; false when it is none of theirs. */
  markRead(caller: AccessCaller, id: string): Promise<boolean> {
    return new AccessStore(this.#store).markRead(id, recipientsOf(caller), this.#now());
  }
}

function subjectOf(n: NotificationRow): string {
  const what = n.request_id ? `access request ${n.request_id.slice(0, 8)}` : n.onboarding_id ? `onboarding ${n.onboarding_id.slice(0, 8)}` : 'notice';
  return `OncoAtlas hub: ${what}`;
}
