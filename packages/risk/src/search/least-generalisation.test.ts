import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { ageHierarchy } from '../hierarchy/age-hierarchy.ts';
import { dateHierarchy } from '../hierarchy/date-hierarchy.ts';
import { tableHierarchy } from '../hierarchy/hierarchy.ts';
import { rareCategoryHierarchy } from '../hierarchy/rare-category-hierarchy.ts';
import { measureRisk } from '../measures/measure-risk.ts';
import { equivalenceClasses, type Hierarchies, type Levels } from '../table/equivalence-classes.ts';
import type { RiskRecord } from '../table/records.ts';
import { applyGeneralisation } from './apply-generalisation.ts';
import { leastGeneralisation } from './least-generalisation.ts';

/** mulberry32: a tiny seeded PRNG, so the synthetic table is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODALITIES = ['CT', 'MR', 'PT', 'MG', 'US', 'NM'];
const VENDORS = ['Siemens', 'GE', 'Philips', 'Canon', 'Fujifilm'];
const QIS = ['age', 'sex', 'diagnosis_date', 'modality', 'vendor'];
const START = Date.UTC(2015, 0, 1);
const DAYS = (Date.UTC(2025, 0, 1) - START) / 86_400_000;

function syntheticTable(count: number, seed: number): RiskRecord[] {
  const random = prng(seed);
  const pick = <T>(values: readonly T[], weights: readonly number[]): T => {
    let r = random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < values.length; i++) if ((r -= weights[i]!) < 0) return values[i]!;
    return values.at(-1)!;
  };
  return Array.from({ length: count }, (_, id) => ({
    id,
    age: 18 + Math.floor(random() * 73),
    sex: random() < 0.5 ? 'M' : 'F',
    diagnosis_date: new Date(START + Math.floor(random() * DAYS) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''),
    modality: pick(MODALITIES, [40, 30, 15, 10, 4, 1]),
    vendor: pick(VENDORS, [35, 30, 25, 8, 2]),
    diagnosis: pick(['C50', 'C34', 'C61', 'C18', 'C43'], [1, 1, 1, 1, 1]),
  }));
}

function hierarchiesFor(records: readonly RiskRecord[]): Hierarchies {
  const minCount = Math.max(2, Math.round(records.length / 40));
  return {
    age: ageHierarchy(),
    sex: tableHierarchy([['F'], ['M']]),
    diagnosis_date: dateHierarchy(),
    modality: rareCategoryHierarchy(records.map((r) => r.modality), minCount),
    vendor: rareCategoryHierarchy(records.map((r) => r.vendor), minCount),
  };
}

/** Records in classes smaller than k at the given levels: what would have to be suppressed. */
function smallClassRecords(records: readonly RiskRecord[], hierarchies: Hierarchies, levels: Levels, k: number): number {
  const { sizes } = equivalenceClasses(records, QIS, { hierarchies, levels });
  return sizes.filter((s) => s < k).reduce((a, b) => a + b, 0);
}

const TABLE = syntheticTable(2000, 20240611);
const HIERARCHIES = hierarchiesFor(TABLE);

test('2,000 records: the least generalisation reaches k = 5 and no quasi-identifier can be lowered a level', (t) => {
  const result = leastGeneralisation(TABLE, { quasiIdentifiers: QIS, hierarchies: HIERARCHIES, k: 5, sensitive: 'diagnosis' });
  t.diagnostic(`levels ${JSON.stringify(result.levels)}; ${result.nodesEvaluated} of ${result.latticeSize} nodes grouped; ${result.suggestion}`);
  assert.equal(result.found, true);
  assert.equal(result.latticeSize, 5 * 2 * 5 * 3 * 3);
  assert.equal(result.suppressedRecords, 0);
  assert.equal(result.report.records, 2000);
  assert.ok(result.report.k >= 5);
  assert.ok(result.report.prosecutor.highest <= 0.2);
  assert.equal(measureRisk(TABLE, { quasiIdentifiers: QIS, hierarchies: HIERARCHIES, levels: result.levels }).k, result.report.k);
  assert.ok(result.informationLoss > 0 && result.informationLoss < 1);
  for (const qi of QIS) {
    if (result.levels[qi] === 0) continue;
    const lower = { ...result.levels, [qi]: result.levels[qi]! - 1 };
    assert.ok(measureRisk(TABLE, { quasiIdentifiers: QIS, hierarchies: HIERARCHIES, levels: lower }).k < 5, `${qi} could be lowered`);
  }
  assert.equal(result.alternatives[0]?.informationLoss, result.informationLoss);
  assert.deepEqual(result.alternatives[0]?.levels, result.levels);
  assert.match(result.suggestion, /^(generalise|suppress) /);
  assert.doesNotMatch(result.suggestion, /suppress \d+ record/);
  assert.deepEqual(leastGeneralisation(TABLE, { quasiIdentifiers: QIS, hierarchies: HIERARCHIES, k: 5 }).levels, result.levels, 'deterministic');
});

test('2,000 records with up to 1 % suppression: within the limit, minimal, and no more loss than without suppression', (t) => {
  const strict = leastGeneralisation(TABLE, { quasiIdentifiers: QIS, hierarchies: HIERARCHIES, k: 5 });
  const result = leastGeneralisation(TABLE, { quasiIdentifiers: QIS, hierarchies: HIERARCHIES, k: 5, maxSuppression: 0.01 });
  t.diagnostic(`levels ${JSON.stringify(result.levels)}; ${result.suggestion}`);
  assert.equal(result.found, true);
  assert.ok(result.suppressedRecords <= 20);
  assert.equal(result.suppressedRecords, smallClassRecords(TABLE, HIERARCHIES, result.levels, 5));
  assert.equal(result.suppressedShare, result.suppressedRecords / 2000);
  assert.equal(result.report.records, 2000 - result.suppressedRecords, 'suppressed records are left out of the measures');
  assert.ok(result.report.k >= 5);
  assert.ok(result.informationLoss <= strict.informationLoss);
  for (const qi of QIS) {
    if (result.levels[qi] === 0) continue;
    const lower = { ...result.levels, [qi]: result.levels[qi]! - 1 };
    assert.ok(smallClassRecords(TABLE, HIERARCHIES, lower, 5) > 20, `${qi} could be lowered`);
  }
  if (result.suppressedRecords > 0) assert.match(result.suggestion, new RegExp(`suppress ${result.suppressedRecords} records? \\(`));
});

test('on a small table the search agrees with brute force over the whole lattice', () => {
  const table = syntheticTable(300, 7);
  const hierarchies = hierarchiesFor(table);
  const heights = QIS.map((qi) => hierarchies[qi]!.height);
  for (const [k, maxSuppression] of [[3, 0], [5, 0.05], [10, 0.02]] as const) {
    const allowed = Math.floor(maxSuppression * table.length);
    const nodes: { levels: number[]; loss: number; suppressed: number }[] = [];
    const visit = (prefix: number[]): void => {
      if (prefix.length === QIS.length) {
        const levels = Object.fromEntries(QIS.map((qi, q) => [qi, prefix[q]!]));
        const suppressed = smallClassRecords(table, hierarchies, levels, k);
        if (suppressed <= allowed) nodes.push({ levels: prefix, loss: prefix.reduce((s, l, q) => s + l / heights[q]!, 0) / QIS.length, suppressed });
        return;
      }
      for (let l = 0; l <= heights[prefix.length]!; l++) visit([...prefix, l]);
    };
    visit([]);
    const satisfies = new Set(nodes.map((n) => n.levels.join()));
    const minimal = nodes.filter((n) => n.levels.every((l, q) => l === 0 || !satisfies.has(n.levels.map((m, p) => (p === q ? m - 1 : m)).join())));
    nodes.sort((a, b) => (Math.abs(a.loss - b.loss) > 1e-12 ? a.loss - b.loss : a.suppressed - b.suppressed || a.levels.join().localeCompare(b.levels.join())));
    const result = leastGeneralisation(table, { quasiIdentifiers: QIS, hierarchies, k, maxSuppression });
    assert.deepEqual(QIS.map((qi) => result.levels[qi]), nodes[0]!.levels, `k ${k}`);
    assert.equal(result.suppressedRecords, nodes[0]!.suppressed);
    assert.equal(result.minimalNodes, minimal.length, `minimal nodes at k ${k}`);
  }
});

test('8 quasi-identifiers of 5 levels (390,625 nodes): the search finishes and its answer is minimal', (t) => {
  const random = prng(99);
  const date = (): string => new Date(START + Math.floor(random() * DAYS) * 86_400_000).toISOString().slice(0, 10);
  const qis = ['age', 'age_at_imaging', 'age_at_surgery', 'age_at_followup', 'diagnosis_date', 'imaging_date', 'surgery_date', 'followup_date'];
  const records = Array.from({ length: 2000 }, () => Object.fromEntries(qis.map((qi) => [qi, qi.startsWith('age') ? 18 + Math.floor(random() * 73) : date()])));
  const hierarchies = Object.fromEntries(qis.map((qi) => [qi, qi.startsWith('age') ? ageHierarchy() : dateHierarchy()]));
  const result = leastGeneralisation(records, { quasiIdentifiers: qis, hierarchies, k: 5, maxSuppression: 0.01 });
  t.diagnostic(`${result.nodesEvaluated} of ${result.latticeSize} nodes grouped; ${result.suggestion}`);
  assert.equal(result.latticeSize, 390_625);
  assert.equal(result.found, true);
  assert.ok(result.report.k >= 5);
  for (const qi of qis) {
    if (result.levels[qi] === 0) continue;
    const { sizes } = equivalenceClasses(records, qis, { hierarchies, levels: { ...result.levels, [qi]: result.levels[qi]! - 1 } });
    assert.ok(sizes.filter((size) => size < 5).reduce((a, b) => a + b, 0) > 20, `${qi} could be lowered`);
  }
});

test('the suggestion names what to generalise and how many records to suppress', () => {
  const records: RiskRecord[] = [
    ...Array.from({ length: 6 }, (_, i) => ({ age: 40 + i, diagnosis_date: `2019-0${1 + i}-15` })),
    ...Array.from({ length: 6 }, (_, i) => ({ age: 60 + i, diagnosis_date: `2019-0${1 + i}-20` })),
    { age: 20, diagnosis_date: '2019-01-01' },
  ];
  const hierarchies = { age: ageHierarchy(), diagnosis_date: dateHierarchy() };
  const result = leastGeneralisation(records, {
    quasiIdentifiers: ['age', 'diagnosis_date'],
    hierarchies,
    k: 5,
    maxSuppression: 0.1,
    labels: { diagnosis_date: 'diagnosis date' },
  });
  assert.deepEqual(result.levels, { age: 2, diagnosis_date: 2 });
  assert.equal(result.suggestion, 'generalise age to 10-year bands and diagnosis date to year; suppress 1 record (7.7 %)');
  const ok = leastGeneralisation(records.slice(0, 5).map(() => ({ age: 40, diagnosis_date: '2019-01-01' })), { quasiIdentifiers: ['age', 'diagnosis_date'], hierarchies, k: 5 });
  assert.equal(ok.suggestion, 'release as is: no generalisation or suppression is needed');
});

test('a table too small for k says so instead of pretending', () => {
  const records = TABLE.slice(0, 3);
  const result = leastGeneralisation(records, { quasiIdentifiers: QIS, hierarchies: HIERARCHIES, k: 5 });
  assert.equal(result.found, false);
  assert.equal(result.minimalNodes, 0);
  assert.equal(result.report.k, 3);
  assert.match(result.suggestion, /no generalisation reaches k = 5/);
});

test('applyGeneralisation: generalised quasi-identifiers, suppressed records all *, other attributes kept', () => {
  const levels = { age: 2, sex: 0, diagnosis_date: 2, modality: 1, vendor: 1 };
  const table = applyGeneralisation(TABLE, { quasiIdentifiers: QIS, hierarchies: HIERARCHIES, levels, k: 5 });
  assert.equal(table.records.length, TABLE.length);
  assert.equal(table.suppressedRecords, smallClassRecords(TABLE, HIERARCHIES, levels, 5));
  table.records.forEach((r, i) => {
    assert.equal(r.id, TABLE[i]!.id);
    assert.equal(r.diagnosis, TABLE[i]!.diagnosis);
    if (table.suppressed[i]) assert.ok(QIS.every((qi) => r[qi] === '*'));
    else {
      assert.match(String(r.age), /^\d+-\d+9$/);
      assert.match(String(r.diagnosis_date), /^20\d\d$/);
    }
  });
});

test('a quasi-identifier without a hierarchy or of no record, a bad k or suppression limit are refused', () => {
  const invalid = (err: unknown): boolean => isOncoAtlasError(err, 'CONFIG_INVALID');
  const { vendor: _, ...withoutVendor } = HIERARCHIES;
  assert.throws(() => leastGeneralisation(TABLE, { quasiIdentifiers: QIS, hierarchies: withoutVendor, k: 5 }), invalid);
  assert.throws(() => leastGeneralisation(TABLE, { quasiIdentifiers: QIS, hierarchies: HIERARCHIES, k: 0 }), invalid);
  assert.throws(() => leastGeneralisation(TABLE, { quasiIdentifiers: QIS, hierarchies: HIERARCHIES, k: 5, maxSuppression: 1.5 }), invalid);
  assert.throws(() => leastGeneralisation(TABLE, { quasiIdentifiers: ['age', 'vendr'], hierarchies: HIERARCHIES, k: 5 }), (err: unknown) => isOncoAtlasError(err, 'RISK_ATTRIBUTE_UNKNOWN'));
});
