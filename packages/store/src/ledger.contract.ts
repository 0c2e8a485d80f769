/**
 * What every engine behind `StudyLedger` must do, run by `ledger.test.ts` (SQLite) and
 * `ledger.int.test.ts` (PostgreSQL). Not a test file itself. `open` opens the same, initially empty,
 * database on every call; the tests run in order and each uses its own keys or clears the table it counts.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { sql } from 'kysely';
import { isOncoAtlasError } from '@oncoatlas/core';
import { StudyLedger } from './ledger.ts';
import type { InstanceInput } from './ledger-rows.ts';
import { openSourcePaths, sealLegacySourcePaths } from './open-source-paths.ts';
import type { Store } from './open-store.ts';
import type { AgreementRow, PermitRow } from './schema.ts';

const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-01T00:01:00.000Z';

/** The ledger takes source keys and sealed paths as opaque text; here a key is a readable stand-in. */
function instance(key: string, studyKey: string, extra: Partial<InstanceInput> = {}): InstanceInput {
  return { source_key: key, source_sealed: `sealed ${key}`, size: 1024, status: 'indexed', updated_at: T0, study_key: studyKey, modality: 'CT', ...extra };
}

export function runLedgerContract(name: string, open: () => Promise<Store>): void {
  async function openFor(t: TestContext): Promise<{ store: Store; ledger: StudyLedger }> {
    const store = await open();
    t.after(() => store.close());
    return { store, ledger: new StudyLedger(store.db) };
  }

  async function countInstances(store: Store, prefix: string): Promise<number> {
    const row = await store.db
      .selectFrom('instances')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('source_key', 'like', `${prefix}%`)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  describe(`StudyLedger contract: ${name}`, () => {
    test('migrations run once: a reopened database keeps its data and one record per migration', async (t) => {
      const first = await openFor(t);
      await first.ledger.setStudy('mig-1', { updated_at: T0 });
      await first.store.close();
      const again = await openFor(t);
      const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.store.db);
      assert.deepEqual(rows.map((r) => r.name), ['001-ledger', '002-audit-head', '003-cdm-and-datasets', '004-catalogue-entries', '005-sealed-source-paths', '006-dataset-identities', '007-search-index', '008-access', '009-data-use', '010-pixel-findings']);
      assert.equal((await again.ledger.study('mig-1'))?.stage, 'inventory');
    });

    test('upsertInstances is idempotent across batches and replaces whole rows', async (t) => {
      const { store, ledger } = await openFor(t);
      const rows = Array.from({ length: 1200 }, (_, i) => instance(`ups/${String(i).padStart(4, '0')}.dcm`, `ups-study-${i % 3}`));
      await ledger.upsertInstances(rows);
      await ledger.upsertInstances(rows);
      assert.equal(await countInstances(store, 'ups/'), 1200);
      await ledger.upsertInstances([instance('ups/0000.dcm', 'ups-study-0', { modality: undefined, status: 'deidentified', output_sha256: 'ab'.repeat(32), updated_at: T1 })]);
      const [changed] = (await ledger.instancesOfStudy('ups-study-0')).filter((r) => r.source_key === 'ups/0000.dcm');
      assert.equal(changed?.status, 'deidentified');
      assert.equal(changed?.modality, null);
      assert.equal(changed?.output_sha256, 'ab'.repeat(32));
      assert.equal((await ledger.instancesOfStudy('ups-study-1')).length, 400);
    });

    test('releasedStudies lists integrated studies with their output hash and released instances', async (t) => {
      const { store, ledger } = await openFor(t);
      await store.db.deleteFrom('studies').execute();
      await ledger.upsertInstances([
        instance('rel/a1.dcm', 'rel-a', { status: 'deidentified' }), instance('rel/a2.dcm', 'rel-a', { status: 'review' }),
        instance('rel/a3.dcm', 'rel-a', { status: 'deidentified' }), instance('rel/b1.dcm', 'rel-b', { status: 'deidentified' }),
      ]);
      await ledger.setStudy('rel-a', { stage: 'deidentify', status: 'done', output_hash: 'ab'.repeat(32), updated_at: T1 });
      await ledger.setStudy('rel-b', { stage: 'deidentify', status: 'review', updated_at: T1 });
      await ledger.setStudy('rel-c', { stage: 'release', status: 'done', updated_at: T1 });
      await ledger.setStudy('rel-d', { stage: 'select', status: 'done', updated_at: T1 });
      assert.deepEqual(await ledger.releasedStudies(), [
        { study_key: 'rel-a', output_hash: 'ab'.repeat(32), released: 2 },
        { study_key: 'rel-c', output_hash: null, released: 0 },
      ]);
    });

    test('setInstanceOutcomes records a later stage and keeps what the inventory wrote', async (t) => {
      const { ledger } = await openFor(t);
      const rows = Array.from({ length: 700 }, (_, i) => instance(`out/${String(i).padStart(4, '0')}.dcm`, 'out-study', { content_sha256: 'cd'.repeat(32) }));
      await ledger.upsertInstances(rows);
      await ledger.setInstanceOutcomes(rows.map((r, i) => ({ source_key: r.source_key, status: i % 2 ? 'review' : 'deidentified', reason: i % 2 ? 'DEID_BURNED_IN_RISK' : null, output_path: `o/${i}.dcm`, output_sha256: 'ef'.repeat(32), updated_at: T1 })));
      const after = await ledger.instancesOfStudy('out-study');
      assert.equal(after.length, 700);
      assert.ok(after.every((r) => r.size === 1024 && r.modality === 'CT' && r.content_sha256 === 'cd'.repeat(32) && r.updated_at === T1));
      assert.deepEqual(after.slice(0, 2).map((r) => [r.status, r.reason, r.output_path, r.output_sha256]), [['deidentified', null, 'o/0.dcm', 'ef'.repeat(32)], ['review', 'DEID_BURNED_IN_RISK', 'o/1.dcm', 'ef'.repeat(32)]]);
    });

    test('byte sizes above 2^32 round-trip as numbers', async (t) => {
      const { ledger } = await openFor(t);
      const sizes = [2 ** 32 + 1, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER];
      await ledger.upsertInstances(sizes.map((size, i) => instance(`big/${i}.dcm`, 'big-study', { size })));
      const back = await ledger.instancesOfStudy('big-study');
      assert.deepEqual(back.map((r) => r.size), sizes);
      for (const r of back) assert.equal(typeof r.size, 'number');
    });

    test('setStudy creates with defaults, then changes only the given columns', async (t) => {
      const { ledger } = await openFor(t);
      await ledger.setStudy('set-1', { patient_key: 'P1', instances: 3, updated_at: T0 });
      await ledger.setStudy('set-1', { input_hash: 'h-in', reason: undefined, updated_at: T1 });
      assert.deepEqual(await ledger.study('set-1'), {
        study_key: 'set-1', patient_key: 'P1', stage: 'inventory', status: 'pending', reason: null, attempts: 0,
        instances: 3, input_hash: 'h-in', output_hash: null, updated_at: T1,
      });
      assert.equal(await ledger.study('set-missing'), undefined);
    });

    test('studiesIn reads the work queue of one state, up to a limit', async (t) => {
      const { ledger } = await openFor(t);
      for (const key of ['q-1', 'q-2', 'q-3']) await ledger.setStudy(key, { stage: 'deidentify', status: 'pending', updated_at: T0 });
      await ledger.setStudy('q-4', { stage: 'deidentify', status: 'running', updated_at: T0 });
      assert.deepEqual((await ledger.studiesIn('deidentify', 'pending', 2)).map((s) => s.study_key), ['q-1', 'q-2']);
      assert.deepEqual((await ledger.studiesIn('deidentify', 'running', 10)).map((s) => s.study_key), ['q-4']);
    });

    test('of concurrent transitions from the same state, exactly one applies', async (t) => {
      const a = await openFor(t);
      const b = await openFor(t);
      await a.ledger.setStudy('race-1', { stage: 'deidentify', status: 'pending', updated_at: T0 });
      const from = { stage: 'deidentify', status: 'pending' } as const;
      const to = { stage: 'deidentify', status: 'running' } as const;
      const claim = (ledger: StudyLedger) => ledger.transition('race-1', from, to, T1);
      let applied: boolean[];
      if (a.store.engine === 'postgres') {
        // Two pools, four connections: a real race, settled by the row lock and the re-checked WHERE.
        applied = await Promise.all([claim(a.ledger), claim(b.ledger), claim(a.ledger), claim(b.ledger)]);
      } else {
        // One process cannot overlap two SQLite connections' writes (node:sqlite is synchronous); within a
        // store Kysely's mutex serialises them, so race inside one store, then from a second connection.
        applied = [...(await Promise.all([claim(a.ledger), claim(a.ledger)])), await claim(b.ledger)];
      }
      assert.equal(applied.filter(Boolean).length, 1, `applied: ${applied.join(', ')}`);
      const row = await b.ledger.study('race-1');
      assert.equal(row?.status, 'running');
      assert.equal(await a.ledger.transition('race-1', to, { stage: 'verify', status: 'rejected', reason: 'DEID_VERIFY_FAILED' }, T1), true);
      assert.equal((await a.ledger.study('race-1'))?.reason, 'DEID_VERIFY_FAILED');
    });

    test('incrementAttempts counts atomically', async (t) => {
      const { ledger } = await openFor(t);
      await ledger.setStudy('att-1', { updated_at: T0 });
      assert.deepEqual(await Promise.all([ledger.incrementAttempts('att-1', T1), ledger.incrementAttempts('att-1', T1)]).then((r) => r.sort()), [1, 2]);
      assert.equal(await ledger.incrementAttempts('att-missing', T1), undefined);
    });

    test('a review item is unique per study and kind, and decided once', async (t) => {
      const { ledger } = await openFor(t);
      const item = { study_key: 'rev-1', kind: 'burned_in', created_at: T0 } as const;
      const [x, y] = await Promise.all([ledger.addReview(item), ledger.addReview(item)]);
      assert.equal(x.id, y.id);
      assert.deepEqual([x.created, y.created].sort(), [false, true]);
      const other = await ledger.addReview({ ...item, kind: 'verify_failed', note: 'names found' });
      assert.notEqual(other.id, x.id);
      assert.deepEqual((await ledger.pendingReviews()).filter((r) => r.study_key === 'rev-1').map((r) => r.kind), ['burned_in', 'verify_failed']);
      const decision = { status: 'approved', decided_by: 'steward', decided_at: T1 } as const;
      assert.equal(await ledger.decideReview(x.id, decision), true);
      assert.equal(await ledger.decideReview(x.id, { ...decision, status: 'rejected' }), false);
      assert.deepEqual((await ledger.pendingReviews()).filter((r) => r.study_key === 'rev-1').map((r) => r.id), [other.id]);
      await ledger.upsertInstances([
        instance('rev-1/a', 'rev-1', { size: 1, status: 'review', output_path: '_review/x/a.dcm', updated_at: T1, modality: null }),
        instance('rev-1/b', 'rev-1', { size: 1, status: 'deidentified', output_path: 'x/b.dcm', updated_at: T1, modality: null }),
      ]);
      const listed = (await ledger.reviewItems(['pending', 'approved'])).filter((r) => r.study_key === 'rev-1');
      assert.deepEqual(listed.map((r) => [r.id, r.status, r.held]), [[x.id, 'approved', 1], [other.id, 'pending', 1]]);
      assert.deepEqual((await ledger.reviewItems(['rejected'])).filter((r) => r.study_key === 'rev-1'), []);
      // Flagging the study again keeps the decision.
      assert.deepEqual(await ledger.addReview(item), { id: x.id, created: false });
    });

    test('audit entries come back in seq order with the head they were written with; a taken seq is refused', async (t) => {
      const { store, ledger } = await openFor(t);
      await store.db.deleteFrom('audit_entries').execute();
      await store.db.updateTable('audit_head').set({ size: 0, nodes: '[]' }).execute();
      assert.deepEqual(await ledger.auditHead(), { size: 0, nodes: [] });
      await assert.rejects(ledger.lockAuditHead(), /inside ledger.transaction/);
      const entry = (seq: number): { seq: number; event: string; leaf_hash: string; created_at: string } => ({ seq, event: `{"n":${seq}}`, leaf_hash: String(seq).repeat(64), created_at: T0 });
      await ledger.transaction(async (l) => {
        assert.deepEqual(await l.lockAuditHead(), { size: 0, nodes: [] });
        await l.appendAudit([3, 0, 4].map(entry), { size: 3, nodes: ['a'.repeat(64), 'b'.repeat(64)] });
      });
      await ledger.transaction(async (l) => l.appendAudit([1, 2].map(entry), { size: 5, nodes: ['c'.repeat(64), 'd'.repeat(64)] }));
      assert.deepEqual(await ledger.auditHead(), { size: 5, nodes: ['c'.repeat(64), 'd'.repeat(64)] });
      assert.deepEqual((await ledger.readAudit(0, 5)).map((e) => e.seq), [0, 1, 2, 3, 4]);
      assert.deepEqual(await ledger.readAudit(1, 3), [entry(1), entry(2)]);
      await assert.rejects(ledger.appendAudit([{ ...entry(2), event: '{}' }], { size: 6, nodes: [] }));
      assert.equal((await ledger.readAudit(2, 3))[0]?.event, '{"n":2}');
      assert.equal((await ledger.auditHead()).size, 5, 'a refused append leaves the head as it was');
    });

    test('a failed transaction leaves nothing behind', async (t) => {
      const { store, ledger } = await openFor(t);
      await assert.rejects(
        ledger.transaction(async (trx) => {
          await trx.upsertInstances([instance('rb/a.dcm', 'rb-study')]);
          await trx.setStudy('rb-study', { updated_at: T0 });
          await trx.appendAudit([{ seq: 1_000_000, event: '{}', leaf_hash: '0'.repeat(64), created_at: T0 }], { size: 1_000_001, nodes: [] });
          throw new Error('stage failed');
        }),
        /stage failed/,
      );
      // A batch whose last row is invalid: the rows of earlier batches are rolled back too.
      const rows = Array.from({ length: 600 }, (_, i) => instance(`rb/batch-${i}.dcm`, 'rb-study'));
      rows.push({ ...instance('rb/bad.dcm', 'rb-study'), status: null as never });
      await assert.rejects(ledger.upsertInstances(rows));
      assert.equal(await countInstances(store, 'rb/'), 0);
      assert.equal(await ledger.study('rb-study'), undefined);
      assert.deepEqual(await ledger.readAudit(1_000_000, 1_000_001), []);
    });

    test('runs are recorded with generated ids', async (t) => {
      const { ledger } = await openFor(t);
      const first = await ledger.startRun({ command: 'deidentify', started_at: T0, options: { workers: 2 } });
      const second = await ledger.startRun({ command: 'verify', started_at: T0, options: {} });
      assert.ok(second > first);
      assert.equal(await ledger.finishRun(first, 'completed', T1), true);
      assert.deepEqual(await ledger.run(first), {
        id: first, command: 'deidentify', started_at: T0, finished_at: T1, status: 'completed', options_json: '{"workers":2}',
      });
    });

    test('the CDM extract is replaced whole, in the transaction that records it, and reports keep their latest', async (t) => {
      const { ledger } = await openFor(t);
      const rec = (entity: string, id: string, patient: string): { entity: string; recordId: string; patientId: string; data: unknown } =>
        ({ entity, recordId: id, patientId: patient, data: { id, patient, age: 61.5 } });
      const many = Array.from({ length: 2500 }, (_, i) => rec('cancer_condition', `P${i}-D01`, `P${i}`));
      await ledger.transaction((l) => l.cdm.replaceAll([rec('patient', 'P1', 'P1'), ...many]));
      assert.deepEqual(await ledger.cdm.counts(), { cancer_condition: 2500, patient: 1 });
      await assert.rejects(ledger.transaction(async (l) => {
        await l.cdm.replaceAll([rec('patient', 'P2', 'P2')]);
        throw new Error('stage failed');
      }), /stage failed/);
      assert.deepEqual(await ledger.cdm.counts(), { cancer_condition: 2500, patient: 1 }, 'a failed run leaves the previous extract');
      await ledger.cdm.replaceAll([rec('patient', 'P2', 'P2')]);
      assert.deepEqual((await ledger.cdm.records('patient')).map((r) => [r.record_id, JSON.parse(r.data).age]), [['P2', 61.5]]);

      assert.equal(await ledger.cdm.report('clinical-qc'), undefined);
      await ledger.cdm.putReport('clinical-qc', 1, T0, { rows: 3 });
      await ledger.cdm.putReport('clinical-qc', 2, T1, { rows: 4 });
      assert.deepEqual(await ledger.cdm.report('clinical-qc'), { run: 2, createdAt: T1, body: { rows: 4 } });
    });

    test('a dataset version is written once with its members and released once', async (t) => {
      const { ledger } = await openFor(t);
      await ledger.datasets.createDataset({ id: 'ds-1', title: 'Lung CT', description: null, created_at: T0, created_by: 'steward' });
      await assert.rejects(ledger.datasets.createDataset({ id: 'ds-1', title: 'again', description: null, created_at: T0, created_by: 'x' }));
      const keys = Array.from({ length: 1500 }, (_, i) => `study-${String(i).padStart(4, '0')}`);
      await ledger.datasets.addVersion({ datasetId: 'ds-1', version: 1, createdAt: T0, createdBy: 'steward', manifestSha256: 'a'.repeat(64), summary: { k: 5 }, studyKeys: keys });
      await assert.rejects(ledger.datasets.addVersion({ datasetId: 'ds-1', version: 1, createdAt: T0, createdBy: 'x', manifestSha256: 'b'.repeat(64), summary: {}, studyKeys: [] }));
      assert.deepEqual(await ledger.datasets.members('ds-1', 1), keys);
      const override = { by: 'steward', at: T1, justification: 'committee minute 12' };
      assert.equal(await ledger.datasets.release('ds-1', 1, { at: T1, by: 'steward', override }), true);
      assert.equal(await ledger.datasets.release('ds-1', 1, { at: T1, by: 'other', override: null }), false, 'released once');
      const v = await ledger.datasets.version('ds-1', 1);
      assert.equal(v?.state, 'released');
      assert.equal(v?.released_by, 'steward');
      assert.deepEqual(JSON.parse(v!.override_json!), override);
      assert.deepEqual((await ledger.datasets.versions('ds-1')).map((x) => x.version), [1]);
      assert.deepEqual((await ledger.datasets.datasets()).map((d) => d.id), ['ds-1']);
    });

    test('a dataset\'s identity and the node\'s public URL are written once and never replaced', async (t) => {
      const { ledger } = await openFor(t);
      const first = { dataset_id: 'id-1', uuid: '6f1c2e7a-4d4c-4b1e-8e8f-000000000001', iri: 'https://node.example/catalogue/datasets/6f1c2e7a-4d4c-4b1e-8e8f-000000000001', assigned_at: T0 };
      assert.equal(await ledger.datasets.datasetIdentity('id-1'), undefined);
      assert.deepEqual(await ledger.datasets.assignIdentity(first), first);
      const other = { dataset_id: 'id-1', uuid: '6f1c2e7a-4d4c-4b1e-8e8f-000000000002', iri: 'https://elsewhere.example/x', assigned_at: T1 };
      assert.deepEqual(await ledger.datasets.assignIdentity(other), first, 'a second assignment keeps the first identity');
      assert.deepEqual(await ledger.datasets.datasetIdentityByUuid(first.uuid), first);
      assert.equal(await ledger.datasets.datasetIdentityByUuid(other.uuid), undefined);
      await assert.rejects(ledger.datasets.assignIdentity({ ...other, dataset_id: 'id-2', uuid: first.uuid }), 'two datasets never share a UUID');

      assert.equal(await ledger.datasets.publicUrl(), undefined);
      assert.equal(await ledger.datasets.keepPublicUrl('https://node.example', T0), 'https://node.example');
      assert.equal(await ledger.datasets.keepPublicUrl('https://other.example', T1), 'https://node.example', 'the first URL stays');
      assert.equal(await ledger.datasets.publicUrl(), 'https://node.example');
    });

    test('agreements: the latest accepted one of a kind counts, withdrawn ones never; settings are replaced', async (t) => {
      const { ledger } = await openFor(t);
      const a = (id: string, kind: string, filed_at: string, extra: Partial<AgreementRow> = {}): AgreementRow => ({
        id, kind, title: kind.toUpperCase(), filename: `${kind}.pdf`, sha256: id.padEnd(64, '0'), source: 'node', state: 'accepted', valid_until: null, filed_by: 'steward', filed_at, ...extra,
      });
      await ledger.access.fileAgreement(a('a1', 'dsa', T0, { valid_until: '2025-06-30' }));
      await ledger.access.fileAgreement(a('a2', 'dsa', T1));
      await ledger.access.fileAgreement(a('a3', 'access-conditions', T0, { source: 'hub' }));
      await assert.rejects(ledger.access.fileAgreement(a('a3', 'dpia', T1)), 'an id is filed once');
      assert.deepEqual((await ledger.access.agreements()).map((x) => x.id), ['a1', 'a3', 'a2']);
      assert.deepEqual((await ledger.access.currentAgreements()).map((x) => [x.kind, x.id, x.valid_until]), [['access-conditions', 'a3', null], ['dsa', 'a2', null]]);
      assert.equal(await ledger.access.withdrawAgreement('a2'), true);
      assert.equal(await ledger.access.withdrawAgreement('a2'), false, 'withdrawn once');
      assert.deepEqual((await ledger.access.currentAgreements()).map((x) => x.id), ['a3', 'a1'], 'the older dsa counts again');
      assert.equal(await ledger.access.setting('path'), undefined);
      await ledger.access.putSetting('path', 'federated', T0);
      await ledger.access.putSetting('path', 'transfer', T1);
      assert.equal(await ledger.access.setting('path'), 'transfer');
    });

    test('permits: written once, revoked once, found by their request\'s resource and their audit entries', async (t) => {
      const { ledger } = await openFor(t);
      const p: PermitRow = {
        id: '0b5c3e2a-1111-4c4c-8e8e-000000000001', request_id: 'req-1', resource_id: 'res-1', researcher: 'alice @ https://login.example', dataset_id: 'ds-1',
        dataset_uuid: '6f1c2e7a-4d4c-4b1e-8e8f-000000000001', version: 2, purpose: 'lung nodules', actions: '["download"]', issued_at: T0, expires_at: '2026-01-01T00:00:00.000Z',
        granted_by: 'holder @ hub', status: 'active', revoked_at: null, revoked_by: null, revoke_reason: null, jwt: 'header.payload.signature',
      };
      await ledger.access.addPermit(p);
      await assert.rejects(ledger.access.addPermit(p));
      assert.deepEqual(await ledger.access.permit(p.id), p);
      assert.deepEqual((await ledger.access.activePermitFor('req-1', 'res-1'))?.id, p.id);
      assert.equal(await ledger.access.revokePermit(p.id, { at: T1, by: 'committee', reason: 'ended' }), true);
      assert.equal(await ledger.access.revokePermit(p.id, { at: T1, by: 'other', reason: 'again' }), false, 'revoked once');
      const revoked = await ledger.access.permit(p.id);
      assert.deepEqual([revoked?.status, revoked?.revoked_by, revoked?.revoke_reason], ['revoked', 'committee', 'ended']);
      assert.equal(await ledger.access.activePermitFor('req-1', 'res-1'), undefined);
      assert.deepEqual((await ledger.access.permits()).map((x) => x.id), [p.id]);
      await ledger.access.addPermitUse({ permit_id: p.id, at: T1, action: 'download', outcome: 'refused', code: 'PERMIT_REVOKED', resource: 'wado:study/2.25.1' });
      await ledger.access.addPermitUse({ permit_id: p.id, at: T0, action: 'download', outcome: 'allowed', code: null, resource: null });
      await ledger.access.addPermitUse({ permit_id: 'another', at: T0, action: 'in-situ', outcome: 'allowed', code: null, resource: null });
      assert.deepEqual((await ledger.access.permitUses(p.id)).map((u) => [u.at, u.outcome, u.code, u.resource]), [[T0, 'allowed', null, null], [T1, 'refused', 'PERMIT_REVOKED', 'wado:study/2.25.1']], 'its own uses, oldest first');
    });

    test('releasedSeriesSources gives one sealed source per released series, the first by source key', async (t) => {
      const { store, ledger } = await openFor(t);
      await store.db.deleteFrom('studies').execute();
      await ledger.upsertInstances([
        instance('src-b', 'src-1', { status: 'deidentified', output_path: 'P/S1/A/1.dcm' }), instance('src-a', 'src-1', { status: 'deidentified', output_path: 'P/S1/A/2.dcm' }),
        instance('src-c', 'src-1', { status: 'deidentified', output_path: 'P/S1/B/1.dcm' }), instance('src-d', 'src-1', { status: 'review', output_path: '_review/P/S1/C/1.dcm' }),
        instance('src-e', 'src-2', { status: 'deidentified', output_path: 'P/S2/A/1.dcm' }),
      ]);
      await ledger.setStudy('src-1', { stage: 'deidentify', status: 'done', updated_at: T1 });
      await ledger.setStudy('src-2', { stage: 'deidentify', status: 'review', updated_at: T1 });
      assert.deepEqual(await ledger.releasedSeriesSources(), [
        { study_key: 'src-1', output_series: 'P/S1/A', source_key: 'src-a', source_sealed: 'sealed src-a' },
        { study_key: 'src-1', output_series: 'P/S1/B', source_key: 'src-c', source_sealed: 'sealed src-c' },
      ]);
    });

    test('pixels: scans are upserted per instance, decisions are final except the option\'s own, and counted once', async (t) => {
      const { store, ledger } = await openFor(t);
      await store.db.deleteFrom('pixel_scans').execute();
      await store.db.deleteFrom('pixel_decisions').execute();
      const zone = { frame: 1, kind: 'zone', box: [0, 0, 640, 40], confidence: null, source: 'template' } as const;
      const name = { frame: 1, kind: 'name', box: [8, 50, 120, 16], confidence: 0.91, source: 'ocr' } as const;
      const other = { frame: 1, kind: 'text', box: [500, 440, 40, 14], confidence: 0.8, source: 'ocr' } as const;
      const scan = { study_key: 'px-1', engine: 'tesseract 5.3.0', reason: null, scanned_at: T0 };
      await ledger.pixels.putScans([
        { ...scan, source_key: 'px-1/a', outcome: 'found', findings: [name, other, zone] },
        { ...scan, source_key: 'px-1/b', outcome: 'none', findings: [other] },
        { ...scan, source_key: 'px-2/a', study_key: 'px-2', outcome: 'failed', reason: 'PREVIEW_UNAVAILABLE', findings: [] },
      ]);
      // A re-run of the chunk writes the same instance again: one row, the latest.
      await ledger.pixels.putScans([{ ...scan, source_key: 'px-1/b', outcome: 'none', findings: [], scanned_at: T1 }]);
      const scans = await ledger.pixels.scansOfStudy('px-1');
      assert.deepEqual([...scans.keys()].sort(), ['px-1/a', 'px-1/b']);
      assert.equal(scans.get('px-1/a')!.identifiers, 1, 'identifiers: neither other text nor device zones');
      assert.deepEqual(scans.get('px-1/a')!.parsed, [name, other, zone]);
      assert.deepEqual([scans.get('px-1/b')!.scanned_at, scans.get('px-1/b')!.parsed], [T1, []]);

      const decision = { study_key: 'px-1', method: null, boxes: [], verified: null, decided_by: 'steward', decided_at: T1, note: 'reviewed', output_sha256: null };
      const auto = { ...decision, source_key: 'px-1/a', item_id: null, action: 'redact', method: 'Burned-in text blanked (OCR and device template)', boxes: [[0, 0, 640, 40]], verified: 1, decided_by: 'oncoatlas populate', note: null, output_sha256: 'a'.repeat(64) } as const;
      await ledger.pixels.putAutomaticDecision(auto);
      await ledger.pixels.putAutomaticDecision({ ...auto, decided_at: T1, output_sha256: 'b'.repeat(64) });
      assert.equal((await ledger.pixels.decisionsOfStudy('px-1')).get('px-1/a')!.output_sha256, 'b'.repeat(64), 'a re-run replaces the option\'s own decision');
      assert.equal(await ledger.pixels.addDecision({ ...decision, source_key: 'px-1/b', item_id: 7, action: 'release' }), true);
      assert.equal(await ledger.pixels.addDecision({ ...decision, source_key: 'px-1/b', item_id: 7, action: 'reject' }), false, 'decisions are final');
      await ledger.pixels.putAutomaticDecision({ ...auto, source_key: 'px-1/b' });
      assert.equal((await ledger.pixels.decisionsOfStudy('px-1')).get('px-1/b')!.action, 'release', 'the option never overrides a reviewer');
      assert.equal(await ledger.pixels.addDecision({ ...decision, source_key: 'px-2/a', study_key: 'px-2', item_id: 8, action: 'redact', method: 'Burned-in text blanked (boxes drawn by a reviewer)', boxes: [[1, 2, 3, 4]], verified: 1 }), true);
      assert.equal(await ledger.pixels.addDecision({ ...decision, source_key: 'px-2/b', study_key: 'px-2', item_id: 8, action: 'reject' }), true);
      assert.deepEqual(JSON.parse((await ledger.pixels.decisionsOfStudy('px-2')).get('px-2/a')!.boxes), [[1, 2, 3, 4]]);

      assert.deepEqual(await ledger.pixels.counts(), { scanned: 3, withIdentifiers: 1, failed: 1, released: 1, redacted: 2, redactedAutomatically: 1, rejected: 1 });
      assert.deepEqual(await ledger.pixels.redactionSummary(), [
        { method: 'Burned-in text blanked (OCR and device template)', automatic: true, verified: true, instances: 1 },
        { method: 'Burned-in text blanked (boxes drawn by a reviewer)', automatic: false, verified: true, instances: 1 },
      ].sort((a, b) => (a.method < b.method ? -1 : 1)));
      // In a failed transaction nothing of the pixels is kept either.
      await assert.rejects(ledger.transaction(async (l) => {
        await l.pixels.putScans([{ ...scan, source_key: 'px-3/a', study_key: 'px-3', outcome: 'none', findings: [] }]);
        throw new Error('rolled back');
      }));
      assert.equal((await ledger.pixels.scansOfStudy('px-3')).size, 0);
    });

    test('openSourcePaths seals the readable paths an older version left, and refuses another secret', async (t) => {
      const { store, ledger } = await openFor(t);
      await store.db.deleteFrom('instances').execute();
      const old = ['/exports/GARCIA^MARIA 1234567/CT/IM1', '/exports/GARCIA^MARIA 1234567/CT/IM2'];
      await store.db.insertInto('instances').values(old.map((p) => ({ ...instance(p, 'legacy-1'), source_sealed: null }))).execute();
      const secret = new TextEncoder().encode('the site secret of this contract test');
      const paths = await openSourcePaths(store, secret);
      const rows = await ledger.instancesOfStudy('legacy-1');
      assert.deepEqual(rows.map((r) => r.source_key).sort(), old.map((p) => paths.keyOf(p)).sort());
      assert.deepEqual(rows.map((r) => paths.open({ source_key: r.source_key, source_sealed: r.source_sealed! })).sort(), old);
      assert.ok(rows.every((r) => r.modality === 'CT' && !r.source_sealed!.includes('GARCIA')), 'the rest of the row is kept; the path is not readable');
      assert.equal(await sealLegacySourcePaths(store, paths), 0, 'nothing is left to seal');
      await assert.rejects(openSourcePaths(store, new TextEncoder().encode('another site secret, not this one')), (err: unknown) => isOncoAtlasError(err, 'SECRET_MISMATCH'));
      await store.db.deleteFrom('instances').execute();
    });
  });
}
