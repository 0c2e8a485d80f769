import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore, SearchIndexStore, type SearchFactRow, type SearchStudyRow, type Store } from '@oncoatlas/store';
import { createTestDatabase } from '@oncoatlas/testkit';
import { countInMemory } from './count-in-memory.ts';
import { answerCountQuery, type SearchUseEvent } from './answer.ts';
import { countQuery } from './count-query.ts';
import { randomAstGenerator } from './random-ast.fixture.ts';
import { buildSyntheticNode, FIXTURE_DATASETS } from './synthetic-node.fixture.ts';

let data: string;
let store: Store;
let studies: SearchStudyRow[];
let facts: SearchFactRow[];

before(async () => {
  data = buildSyntheticNode();
  store = await openStore({ dataDir: data });
  const index = new SearchIndexStore(store.db);
  studies = await index.studies();
  facts = await index.facts();
});
after(() => store?.close());

const jsonl = (path: string) => readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, any>);

test('the index holds the released pairs of both published datasets, which share patients', () => {
  const byDataset = FIXTURE_DATASETS.map((d) => studies.filter((s) => s.dataset_id === d.id));
  assert.ok(byDataset.every((rows) => rows.length > 0), 'each published dataset is indexed');
  const [a, b] = byDataset.map((rows) => new Set(rows.map((s) => s.patient_id)));
  assert.ok([...a!].some((p) => b!.has(p)), 'the datasets overlap in patients');
  for (const d of FIXTURE_DATASETS) {
    const released = jsonl(join(data, 'datasets', d.id, 'v1', 'clinical', 'image_study.jsonl')).filter((r) => r.study_uid);
    assert.deepEqual(studies.filter((s) => s.dataset_id === d.id).map((s) => s.study_uid).sort(), released.map((r) => r.study_uid).sort());
  }
});

test('facts agree with a direct reading of the CDM for modality, sex and condition', async () => {
  const cdm = (await store.db.selectFrom('cdm_records').selectAll().execute()).map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, any> }));
  for (const s of studies.filter((x) => x.dataset_id === 'ct')) {
    const expected = new Set(cdm.filter((r) => r.entity === 'image_series' && r.data.study_uid === s.study_uid).map((r) => r.data.series_modality?.value).filter(Boolean));
    const got = new Set(facts.filter((f) => f.dataset_id === 'ct' && f.study_uid === s.study_uid && f.key === 'modality').map((f) => f.text_value));
    assert.deepEqual(got, expected);
    assert.ok(got.has('CT'), 'the CT cohort holds CT studies only');
    const patient = cdm.find((r) => r.entity === 'patient' && r.patient_id === s.patient_id)!;
    const sex = facts.filter((f) => f.dataset_id === 'ct' && f.patient_id === s.patient_id && f.key === 'sex').map((f) => f.text_value);
    assert.deepEqual(sex, patient.data.patient_birth_sex ? [patient.data.patient_birth_sex.value] : []);
    const conditions = new Set(cdm.filter((r) => r.entity === 'cancer_condition' && r.patient_id === s.patient_id).map((r) => String(r.data.cancer_condition_code?.value).slice(0, 3)));
    assert.deepEqual(new Set(facts.filter((f) => f.dataset_id === 'ct' && f.patient_id === s.patient_id && f.key === 'condition').map((f) => f.text_value)), conditions);
  }
});

async function assertEquivalent(db: Store['db'], seed: number): Promise<void> {
  const gen = randomAstGenerator(facts, seed);
  let nonZero = 0;
  for (let i = 0; i < 200; i++) {
    const ast = gen.ast();
    const stratifiers = gen.stratifiers();
    const sqlCounts = await countQuery(db, ast, { stratifiers });
    assert.deepEqual(sqlCounts, countInMemory(studies, facts, ast, { stratifiers }), `AST #${i} (seed ${seed}): ${JSON.stringify(ast)}`);
    if (sqlCounts.total.subjects > 0 && sqlCounts.total.subjects < studies.length) nonZero++;
  }
  assert.ok(nonZero > 30, `enough ASTs select a proper, non-empty part of the node (${nonZero})`);
}

test('SQL counts equal brute-force counts for 200 random ASTs (SQLite)', async () => {
  await assertEquivalent(store.db, 1);
});

test('a patient in two datasets counts once in the total', async () => {
  const all = await countQuery(store.db, { operand: 'AND', children: [] });
  assert.equal(all.total.subjects, new Set(studies.map((s) => s.patient_id)).size);
  assert.ok(all.total.subjects < all.collections.reduce((n, c) => n + c.subjects, 0));
});

test('the node answers with disclosure-controlled counts in the Focus result shape, and audits without counts', async () => {
  const events: SearchUseEvent[] = [];
  const request = { ast: { operand: 'AND', children: [{ key: 'RID10311', type: 'EQUALS', value: 'RID10321' }] }, stratifiers: ['sex'], requester: 'hub:tester' };
  const answer = await answerCountQuery({ db: store.db, noiseKey: 'k', audit: async (e) => { events.push(e); } }, request);
  assert.equal(answer.collections.length, 2);
  for (const c of answer.collections) {
    assert.match(c.id, /^[0-9a-f-]{36}$/, 'collections are named by their catalogue UUID');
    assert.equal(c.subjects_count % 10, 0);
  }
  assert.deepEqual(await answerCountQuery({ db: store.db, noiseKey: 'k' }, request), answer, 'asking again gives the same numbers');
  assert.equal(events.length, 1);
  assert.deepEqual(Object.keys(events[0]!).sort(), ['datasetsIds', 'queryFingerprint', 'requester', 'rulesApplied', 'stratifiers', 'type']);
});

const database = await createTestDatabase('SQL counts equal brute-force counts (PostgreSQL)');
if (database !== undefined) {
  test('SQL counts equal brute-force counts for 200 random ASTs (PostgreSQL)', async () => {
    const pg = await openStore({ database });
    try {
      const index = new SearchIndexStore(pg.db);
      for (const d of FIXTURE_DATASETS) {
        await index.replaceDataset(d.id, studies.filter((s) => s.dataset_id === d.id).map(({ dataset_id: _, ...s }) => s), facts.filter((f) => f.dataset_id === d.id).map(({ dataset_id: _, ...f }) => f));
      }
      assert.deepEqual(await index.studies(), studies);
      await assertEquivalent(pg.db, 2);
    } finally {
      await pg.close();
    }
  });
}
