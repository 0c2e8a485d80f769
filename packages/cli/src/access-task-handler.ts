/**
 * The hub's governed-access tasks, answered by the node's agent (`oncoatlas serve`): the onboarding statement
 * (`access-onboarding`: which agreements the hub accepted), and a permit's issue, revocation and status. The
 * node decides: it issues a permit only for a dataset it publishes, signed with its own key.
 */
import { oncoError } from '@oncoatlas/core';
import { ONBOARDING_TASK_TYPE, PERMIT_ISSUE_TASK, PERMIT_REVOKE_TASK, PERMIT_STATUS_TASK, type Task } from '@oncoatlas/hub';
import type { StudyLedger } from '@oncoatlas/store';

export const ACCESS_TASK_TYPES = [ONBOARDING_TASK_TYPE, PERMIT_ISSUE_TASK, PERMIT_REVOKE_TASK, PERMIT_STATUS_TASK] as const;

export function isAccessTask(type: string): boolean {
  return (ACCESS_TASK_TYPES as readonly string[]).includes(type);
}

/** The handler of the four access task types (the agent's dispatcher sends only those here). */
export function accessTaskHandler(o: { readonly ledger: StudyLedger; readonly dataDir: string; readonly now?: () => string }): (task: Task) => Promise<unknown> {
  const now = o.now ?? ((): string => new Date().toISOString());
  return async (task) => {
    const { issuePermit, permitStatus, revokePermit } = await import('@oncoatlas/server');
    const c = { ledger: o.ledger, dataDir: o.dataDir, now };
    const p = (task.payload ?? {}) as { permit?: unknown; by?: unknown; reason?: unknown };
    switch (task.type) {
      case ONBOARDING_TASK_TYPE: {
        const { applyHubOnboarding } = await import('@oncoatlas/release');
        return applyHubOnboarding(o.ledger, task.payload, now);
      }
      case PERMIT_ISSUE_TASK:
        return issuePermit(c, task.payload);
      case PERMIT_REVOKE_TASK: {
        const revoked = await revokePermit(c, String(p.permit), { by: String(p.by ?? ''), reason: String(p.reason ?? '') });
        return { status: 'revoked', revokedAt: revoked.revokedAt };
      }
      case PERMIT_STATUS_TASK:
        return permitStatus(c, String(p.permit));
      default:
        throw oncoError('USAGE', 'This node answers no task of that type.');
    }
  };
}
