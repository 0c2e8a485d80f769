/**
 * What the hub tells a node of its onboarding (the `access-onboarding` task): the path, the status, and each
 * document's state there. The node keeps the statement, follows the path, and holds the documents the hub
 * accepted as agreements of source `hub` (their hashes only: the bytes stay at the hub), so an onboarding
 * accepted at the hub lets the node publish. A document the hub no longer accepts is withdrawn here.
 */
import { randomUUID } from 'node:crypto';
import { ONBOARDING_PATHS } from '@oncoatlas/access';
import { oncoError } from '@oncoatlas/core';
import type { AgreementRow, StudyLedger } from '@oncoatlas/store';
import { agreementKind, HUB_ONBOARDING_SETTING, knownKind, setOnboardingPath } from './node-agreements.ts';

export interface HubOnboardingStatement {
  readonly onboarding: { readonly id: string; readonly path: string; readonly status: string; readonly organisation: string; readonly decidedAt: string | null };
  readonly documents: readonly { readonly kind: string; readonly title: string; readonly sha256: string | null; readonly state: string; readonly validUntil: string | null; readonly decidedAt: string | null }[];
}

function readStatement(payload: unknown): HubOnboardingStatement {
  const p = payload as Partial<HubOnboardingStatement> | null;
  const o = p?.onboarding;
  const ok = typeof o === 'object' && o !== null && typeof o.id === 'string' && typeof o.status === 'string' && (ONBOARDING_PATHS as readonly string[]).includes(o.path as string)
    && Array.isArray(p?.documents) && p.documents.every((d) => typeof d?.kind === 'string' && typeof d.state === 'string'
      // A document not uploaded has no hash; one the hub accepted always has one.
      && (d.state !== 'accepted' || (typeof d.sha256 === 'string' && /^[0-9a-f]{64}$/.test(d.sha256)))
      && (d.validUntil === null || d.validUntil === undefined || typeof d.validUntil === 'string'));
  if (!ok) throw oncoError('USAGE', 'An access-onboarding task needs { onboarding: { id, path, status, … }, documents: [{ kind, sha256, state, validUntil }] }.');
  return p as HubOnboardingStatement;
}

/** Applies the hub's statement; `stored` is how many documents the hub accepted that the node now holds as agreements. */
export async function applyHubOnboarding(ledger: StudyLedger, payload: unknown, now: () => string): Promise<{ stored: number }> {
  const statement = readStatement(payload);
  const at = now();
  const known = new Set<string>();
  const accepted = statement.documents.filter((d) => d.state === 'accepted' && knownKind(d.kind) !== undefined);
  const keyOf = (kind: string, sha256: string | null, validUntil: string | null | undefined): string => `${kind} ${sha256} ${validUntil ?? ''}`;
  return ledger.transaction(async (l) => {
    await l.access.putSetting(HUB_ONBOARDING_SETTING, JSON.stringify(statement), at);
    await setOnboardingPath(l, statement.onboarding.path, at);
    const held = (await l.access.agreements()).filter((a) => a.source === 'hub' && a.state === 'accepted');
    const wanted = new Set(accepted.map((d) => keyOf(d.kind, d.sha256, d.validUntil)));
    for (const a of held) {
      if (wanted.has(keyOf(a.kind, a.sha256, a.valid_until))) known.add(keyOf(a.kind, a.sha256, a.valid_until));
      else await l.access.withdrawAgreement(a.id);
    }
    for (const d of accepted) {
      if (known.has(keyOf(d.kind, d.sha256, d.validUntil))) continue;
      const kind = agreementKind(d.kind);
      const row: AgreementRow = {
        id: randomUUID(), kind: kind.id, title: kind.title, filename: `${d.title || kind.title} (accepted at the hub)`, sha256: d.sha256!, source: 'hub', state: 'accepted',
        valid_until: d.validUntil ?? null, filed_by: 'hub', filed_at: at,
      };
      await l.access.fileAgreement(row);
      known.add(keyOf(d.kind, d.sha256, d.validUntil));
    }
    return { stored: accepted.length };
  });
}
