/**
 * What the ledger's many-rows-at-once methods must do on every engine (bulk-upsert.ts), run by `ledger.test.ts`
 * (SQLite) and `ledger.int.test.ts` (PostgreSQL) beside `ledger.contract.ts`: the same result as the one-row
 * methods called one after the other, across statement batches. Each test uses keys of its own.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { StudyLedger } from './ledger.ts';
import type { InstanceInput } from './ledger-rows.ts';
import type { Store } from './open-store.ts';

const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-01T00:01:00.000Z';

/** More rows than one SQLite statement takes (500), so every method crosses a batch boundary. */
const MANY = 1234;

const key = (prefix: string, i: number): string => `${prefix}-${String(i).padStart(5, '0')}`;

function instance(sourceKey: string, studyKey: string, extra: Partial<InstanceInput> = {}): InstanceInput {
  return { source_key: sourceKey, source_sealed: `sealed ${sourceKey}`, size: 1024, status: 'indexed', updated_at: T0, study_key: studyKey, modality: 'CT', ...extra };
}

export function runLedgerBulkContract(name: string, open: () => Promise<Store>): void {
  async function ledgerFor(t: TestContext): Promise<StudyLedger> {
    const store = await open();
    t.after(() => store.close());
    return new StudyLedger(store.db);
  }

  describe(`StudyLedger bulk contract: ${name}`, () => {
    test('setStudies gives what setStudy gives, patch by patch, across batches and patch shapes', async (t) => {
      const ledger = await ledgerFor(t);
      const existing = Array.from({ length: MANY }, (_, i) => key('bulk-set-a', i));
      for (const k of existing.slice(0, 10)) await ledger.setStudy(`${k}-one`, { patient_key: 'P', instances: 2, updated_at: T0 });
      await ledger.setStudies(existing.slice(0, 10).map((k) => ({ study_key: `${k}-one`, stage: 'select', status: 'done', reason: undefined, updated_at: T1 })));
      for (const k of existing.slice(0, 10)) {
        assert.deepEqual(await ledger.study(`${k}-one`), {
          study_key: `${k}-one`, patient_key: 'P', stage: 'select', status: 'done', reason: null, attempts: 0, instances: 2, input_hash: null, output_hash: null, updated_at: T1,
        });
      }
      // Two shapes of patch in one call, new studies among them, and one study patched twice with the same shape.
      await ledger.setStudies([
        ...existing.map((k, i) => ({ study_key: k, stage: 'select' as const, status: i % 2 ? 'done' as const : 'rejected' as const, reason: i % 2 ? null : 'r', instances: i, input_hash: `h${i}`, updated_at: T0 })),
        { study_key: existing[1]!, output_hash: 'out', attempts: 2, updated_at: T1 },
        { study_key: existing[1]!, output_hash: 'out-last', attempts: 3, updated_at: T1 },
      ]);
      assert.deepEqual(await ledger.study(existing[1]!), {
        study_key: existing[1], patient_key: null, stage: 'select', status: 'done', reason: null, attempts: 3, instances: 1, input_hash: 'h1', output_hash: 'out-last', updated_at: T1,
      });
      const last = MANY - 1;
      assert.deepEqual(await ledger.study(existing[last]!), {
        study_key: existing[last], patient_key: null, stage: 'select', status: last % 2 ? 'done' : 'rejected', reason: last % 2 ? null : 'r', attempts: 0, instances: last, input_hash: `h${last}`, output_hash: null, updated_at: T0,
      });
      const all = (await ledger.allStudies()).filter((s) => s.study_key.startsWith('bulk-set-a-') && !s.study_key.endsWith('-one'));
      assert.equal(all.length, MANY);
      await ledger.setStudies([]);
    });

    test('setStudies commits with the transaction it runs in, or not at all', async (t) => {
      const ledger = await ledgerFor(t);
      await assert.rejects(ledger.transaction(async (l) => {
        await l.setStudies([{ study_key: 'bulk-set-rollback', stage: 'select', status: 'done', updated_at: T0 }]);
        throw new Error('boom');
      }), /boom/);
      assert.equal(await ledger.study('bulk-set-rollback'), undefined);
    });

    test('instancesOfStudies gives each study what instancesOfStudy gives, and none for an unknown one', async (t) => {
      const ledger = await ledgerFor(t);
      const studies = Array.from({ length: MANY }, (_, i) => key('bulk-ios', i));
      // Inserted out of source-key order: the answer is ordered, not as written.
      await ledger.upsertInstances(studies.flatMap((s, i) => [instance(`${s}/b.dcm`, s, { size: i }), instance(`${s}/a.dcm`, s, { modality: null })]));
      const rowsOf = await ledger.instancesOfStudies([...studies, 'bulk-ios-unknown', studies[0]!]);
      assert.equal(rowsOf.size, MANY + 1);
      assert.deepEqual(rowsOf.get('bulk-ios-unknown'), []);
      for (const s of [studies[0]!, studies[700]!, studies[MANY - 1]!]) assert.deepEqual(rowsOf.get(s), await ledger.instancesOfStudy(s));
      assert.deepEqual(rowsOf.get(studies[3]!)!.map((r) => r.source_key), [`${studies[3]}/a.dcm`, `${studies[3]}/b.dcm`]);
      assert.deepEqual(await ledger.instancesOfStudies([]), new Map());
      // Asked for some columns: those of the same rows, in the same order, and the study key.
      const narrow = await ledger.instancesOfStudies(studies.slice(0, 3), ['source_key', 'modality']);
      for (const s of studies.slice(0, 3)) {
        assert.deepEqual(narrow.get(s), (await ledger.instancesOfStudy(s)).map((r) => ({ source_key: r.source_key, modality: r.modality, study_key: r.study_key })));
      }
    });

    test('setInstanceOutcomes over many rows changes only the outcome columns', async (t) => {
      const ledger = await ledgerFor(t);
      const rows = Array.from({ length: MANY }, (_, i) => instance(key('bulk-out', i), 'bulk-out-study', { size: 2 ** 33 + i, content_sha256: `c${i}` }));
      await ledger.upsertInstances(rows);
      await ledger.setInstanceOutcomes(rows.map((r, i) => ({ source_key: r.source_key, status: i % 3 ? 'deidentified' : 'review', reason: i % 3 ? null : 'burned_in', output_path: `out/${i}.dcm`, ...(i % 2 ? { output_sha256: `o${i}` } : {}), updated_at: T1 })));
      const after = await ledger.instancesOfStudy('bulk-out-study');
      assert.equal(after.length, MANY);
      assert.deepEqual(after[6], { ...rows[6], source_key: key('bulk-out', 6), size: 2 ** 33 + 6, status: 'review', reason: 'burned_in', output_path: 'out/6.dcm', output_sha256: null, updated_at: T1,
        sop_instance_uid: null, series_instance_uid: null, sop_class_uid: null, transfer_syntax_uid: null, manufacturer: null, body_part: null, burned_in: null });
      assert.equal(after[5]!.output_sha256, 'o5');
      assert.equal(after[5]!.content_sha256, 'c5');
    });

    test('releasedInstances lists the deidentified files of integrated studies only, by output path', async (t) => {
      const ledger = await ledgerFor(t);
      await ledger.upsertInstances([
        instance('bulk-rel/1', 'bulk-rel-done', { status: 'deidentified', output_path: 'P/S/2.dcm' }),
        instance('bulk-rel/2', 'bulk-rel-done', { status: 'deidentified', output_path: 'P/S/1.dcm' }),
        instance('bulk-rel/3', 'bulk-rel-done', { status: 'review', output_path: 'P/S/3.dcm' }),
        instance('bulk-rel/4', 'bulk-rel-review', { status: 'deidentified', output_path: 'P/R/1.dcm' }),
        instance('bulk-rel/5', 'bulk-rel-selected', { status: 'deidentified', output_path: 'P/X/1.dcm' }),
      ]);
      await ledger.setStudies([
        { study_key: 'bulk-rel-done', stage: 'clinical', status: 'done', updated_at: T0 },
        { study_key: 'bulk-rel-review', stage: 'deidentify', status: 'review', updated_at: T0 },
        { study_key: 'bulk-rel-selected', stage: 'select', status: 'done', updated_at: T0 },
      ]);
      const released = (await ledger.releasedInstances()).filter((r) => r.study_key?.startsWith('bulk-rel-'));
      assert.deepEqual(released.map((r) => r.output_path), ['P/S/1.dcm', 'P/S/2.dcm']);
    });

    test('releasedSeriesFirstFiles gives the first released file of each output folder, as releasedInstances orders them', async (t) => {
      const ledger = await ledgerFor(t);
      await ledger.upsertInstances([
        instance('bulk-first/1', 'bulk-first-a', { status: 'deidentified', output_path: 'Q/A/S2/9.dcm', modality: 'CT' }),
        instance('bulk-first/2', 'bulk-first-a', { status: 'deidentified', output_path: 'Q/A/S2/1.dcm', modality: 'MR' }),
        instance('bulk-first/3', 'bulk-first-a', { status: 'deidentified', output_path: 'Q/A/S1/5.dcm', modality: 'CT' }),
        instance('bulk-first/4', 'bulk-first-a', { status: 'review', output_path: 'Q/A/S1/0.dcm', modality: 'OT' }),
        instance('bulk-first/5', 'bulk-first-b', { status: 'deidentified', output_path: 'R/B/S1/1.dcm', modality: 'US' }),
        instance('bulk-first/6', 'bulk-first-c', { status: 'deidentified', output_path: 'Q/C/S1/1.dcm', modality: 'CT' }),
      ]);
      await ledger.setStudies([
        { study_key: 'bulk-first-a', stage: 'deidentify', status: 'done', updated_at: T0 },
        { study_key: 'bulk-first-b', stage: 'clinical', status: 'done', updated_at: T0 },
        { study_key: 'bulk-first-c', stage: 'select', status: 'done', updated_at: T0 },
      ]);
      const ours = (r: { study_key: string | null }): boolean => r.study_key?.startsWith('bulk-first-') ?? false;
      const first = (await ledger.releasedSeriesFirstFiles()).filter(ours);
      assert.deepEqual(first.map((r) => [r.output_path, r.modality]), [['Q/A/S1/5.dcm', 'CT'], ['Q/A/S2/1.dcm', 'MR'], ['R/B/S1/1.dcm', 'US']]);
      const folders = new Map<string, string | null>();
      for (const r of (await ledger.releasedInstances()).filter(ours)) if (!folders.has(r.output_path!.replace(/\/[^/]*$/, ''))) folders.set(r.output_path!.replace(/\/[^/]*$/, ''), r.output_path);
      assert.deepEqual(first.map((r) => r.output_path), [...folders.values()]);
    });
  });
}
