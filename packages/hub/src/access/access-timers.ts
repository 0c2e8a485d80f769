/**
 * The hub's inactivity timers: on each tick, the open requests go through inactivityActions of
 * @oncoatlas/access with the hub's clock; an idle request is reminded once, then closed by the `system` role
 * with a message on the request saying why. The same tick retries the e-mail outbox and the onboarding
 * statements a node has not taken.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_INACTIVITY, fire, inactivityActions, REQUEST_MACHINE, timerMessage, type RequestState, type TimedRequest } from '@oncoatlas/access';
import { auditAccess, type AccessContext } from './access-context.ts';
import { AccessStore } from './access-store.ts';
import type { OnboardingService } from './onboarding-service.ts';
import { RequestService } from './request-service.ts';

/** Who the timers act as in the history and the audit log. */
export const TIMER_ACTOR = 'inactivity-timer @ urn:oncoatlas:hub';
export const DEFAULT_TIMER_INTERVAL_MS = 60 * 60_000;

export interface TimerTick {
  readonly reminded: number;
  readonly closed: number;
  readonly mail: { readonly sent: number; readonly failed: number };
  /** Onboarding statements sent again to nodes that had not taken the last one. */
  readonly statements: number;
}

export class AccessTimers {
  readonly #ctx: AccessContext;
  readonly #requests: RequestService;
  readonly #policy: typeof DEFAULT_INACTIVITY;

  readonly #onboarding: Pick<OnboardingService, 'resendStatements'>;

  constructor(ctx: AccessContext, requests: RequestService, onboarding: Pick<OnboardingService, 'resendStatements'>, policy: typeof DEFAULT_INACTIVITY = DEFAULT_INACTIVITY) {
    this.#ctx = ctx;
    this.#requests = requests;
    this.#onboarding = onboarding;
    this.#policy = policy;
  }

  async tick(): Promise<TimerTick> {
    const now = this.#ctx.now();
    const open = await new AccessStore(this.#ctx.store).openRequests();
    const timed: TimedRequest[] = open.map((r) => ({ id: r.id, state: r.state as RequestState, lastActivityAt: Number(r.last_activity_at), remindedAt: r.reminded_at === null ? null : Number(r.reminded_at) }));
    let reminded = 0;
    let closed = 0;
    for (const action of inactivityActions(timed, now, this.#policy)) {
      await this.#ctx.store.transaction(async (s) => {
        const a = new AccessStore(s);
        const row = await a.request(action.id);
        // Someone acted since the list was read: the next tick decides again.
        if (!row || Number(row.last_activity_at) !== timed.find((t) => t.id === action.id)?.lastActivityAt) return;
        const text = timerMessage(action, row.state as RequestState, this.#policy);
        if (action.action === 'remind') {
          await a.updateRequest(row.id, { reminded_at: now });
          await this.#ctx.notifier.write(s, [action.to === 'committee'
            ? { to: 'role:committee', text: `${text} ("${row.title}")`, requestId: row.id }
            : { to: `actor:${row.creator}`, text: `${text} ("${row.title}")`, requestId: row.id, email: [row.creator_email] }]);
          reminded++;
          return;
        }
        const to = fire(REQUEST_MACHINE, row.state as RequestState, action.event, 'system');
        const message = randomUUID();
        await a.insertMessage({ id: message, request_id: row.id, author: TIMER_ACTOR, author_role: 'system', audience: 'all', text, at: now });
        await auditAccess(this.#ctx, s, TIMER_ACTOR, { type: 'MESSAGE_POSTED', request: row.id, message, audience: 'all' });
        await this.#requests.move(s, await RequestService.asSystem(s, row), action.event, to, 'system', TIMER_ACTOR, text);
        closed++;
      });
    }
    const mail = await this.#ctx.notifier.flush();
    const statements = await this.#onboarding.resendStatements(TIMER_ACTOR);
    return { reminded, closed, mail, statements };
  }

  /** Ticks every `intervalMs` until the returned function is called; a failed tick waits for the next. */
  start(intervalMs: number, onError?: (err: unknown) => void): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.tick().catch((err: unknown) => onError?.(err)).finally(() => { running = false; });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
