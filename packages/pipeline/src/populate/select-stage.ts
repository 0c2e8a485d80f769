/**
 * The select stage of `populate`: one decision per study from its summary, the clinical index and the
 * cohort rules, written to the ledger. A study already past selection (de-identified, in review) keeps its
 * state: re-running populate never undoes finished work.
 */
import { isAbsolute, join } from 'node:path';
import { oncoError } from '@oncoatlas/core';
import { appendAuditEvents, type StudyTransition } from '@oncoatlas/audit';
import { readClinicalFile } from '@oncoatlas/sources';
import type { StudyLedger } from '@oncoatlas/store';
import { ClinicalIndex } from '../select/clinical-index.ts';
import type { CohortConfig } from '../select/cohort-config.ts';
import { selectStudy } from '../select/select-study.ts';
import type { StudySummaries } from '../select/study-summaries.ts';
import { PIPELINE_ACTOR } from './audit-trail.ts';

const BATCH = 500;

export async function loadClinicalIndex(config: CohortConfig, baseDir: string): Promise<ClinicalIndex | undefined> {
  const map = config.patients;
  if (!map) return undefined;
  const path = isAbsolute(map.file) ? map.file : join(baseDir, map.file);
  const tables = await readClinicalFile(path);
  const table = map.sheet ? tables.find((t) => t.source.sheet === map.sheet) : tables[0];
  if (!table) throw oncoError('CONFIG_INVALID', 'Cohort configuration: patients.sheet names a sheet the workbook does not have.', { field: 'patients.sheet' });
  return ClinicalIndex.fromTable(table, config);
}

/**
 * Decides every study not yet past selection. A study whose decision and input are what the ledger already
 * holds is left alone, so a re-run writes nothing; each batch of changes commits with its audit event.
 */
export async function selectStage(
  summaries: StudySummaries, clinical: ClinicalIndex | undefined, config: CohortConfig, ledger: StudyLedger, run: number, now: () => string,
  /** Called in each batch's transaction with the studies it leaves selected (populate --distribute enqueues them). */
  onSelected?: (l: StudyLedger, studies: string[]) => Promise<void>,
): Promise<{ selected: number; rejected: number }> {
  const existing = new Map((await ledger.allStudies()).map((s) => [s.study_key, s]));
  const keys = summaries.keys().sort();
  let selected = 0, rejected = 0;
  for (let i = 0; i < keys.length; i += BATCH) {
    await ledger.transaction(async (l) => {
      const changed: StudyTransition[] = [];
      const selectedNow: string[] = [];
      const at = now();
      const patches: Parameters<StudyLedger['setStudies']>[0][number][] = [];
      for (const key of keys.slice(i, i + BATCH)) {
        const summary = summaries.get(key)!;
        const before = existing.get(key);
        if (before && before.stage !== 'inventory' && before.stage !== 'select') continue;
        const decision = selectStudy(summary, clinical, config);
        if (decision.selected) { selected++; selectedNow.push(key); } else rejected++;
        const status = decision.selected ? 'done' : 'rejected';
        const reason = decision.selected ? null : decision.reason;
        const inputHash = summaries.inputHash(key)!;
        if (before?.stage === 'select' && before.status === status && before.reason === reason && before.input_hash === inputHash) continue;
        patches.push({ study_key: key, stage: 'select', status, reason, instances: summary.readableInstances, input_hash: inputHash, updated_at: at });
        changed.push({ study: key, status, ...(reason ? { reason } : {}), contentHash: inputHash });
      }
      await l.setStudies(patches);
      if (onSelected && selectedNow.length > 0) await onSelected(l, selectedNow);
      if (changed.length > 0) await appendAuditEvents(l, [{ at, actor: PIPELINE_ACTOR, event: { type: 'STUDIES_TRANSITIONED', run, stage: 'select', studies: changed } }]);
    });
  }
  return { selected, rejected };
}
