/**
 * How many times each study was de-identified to completion, read from the audit log (one STUDIES_TRANSITIONED
 * event to the deidentify stage per commit): what a scale-out test checks so that no study ran twice.
 */
import type { StudyLedger } from '@oncoatlas/store';

export async function deidentifyTransitions(ledger: StudyLedger): Promise<Map<string, number>> {
  const perStudy = new Map<string, number>();
  for (const e of await ledger.readAudit(0, (await ledger.auditHead()).size)) {
    const { event } = JSON.parse(e.event) as { event: { type: string; stage?: string; studies?: { study: string }[] } };
    if (event.type === 'STUDIES_TRANSITIONED' && event.stage === 'deidentify') for (const s of event.studies ?? []) perStudy.set(s.study, (perStudy.get(s.study) ?? 0) + 1);
  }
  return perStudy;
}
