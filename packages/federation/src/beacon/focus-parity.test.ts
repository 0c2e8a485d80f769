/**
 * "The same question asked through the Beacon facade and through the Focus contract gives the same true counts":
 * Beacon filters and the Lens AST a EUCAIM user would build for the same question are counted over random
 * synthetic search indexes by the node's reference counter, before any disclosure control.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SearchFactRow, SearchStudyRow } from '@oncoatlas/store';
import type { Condition, Operation } from '../ast.ts';
import { countInMemory } from '../count-in-memory.ts';
import { beaconGetRequestBody, beaconRequestToAst } from './request.ts';

const lens = (...groups: Condition[][]): Operation => ({ operand: 'OR', children: [{ operand: 'AND', children: groups.map((children) => ({ operand: 'OR', children })) }] });

const PAIRS: { name: string; beacon: object; lens: Operation }[] = [
  {
    name: 'male, prostate cancer, age at diagnosis 50-70',
    beacon: { filters: [{ id: 'SNOMEDCT:248153007' }, { id: 'SNOMEDCT:399068003' }, { id: 'age', operator: '>=', value: 'P50Y' }, { id: 'age', operator: '<=', value: 'P70Y' }] },
    lens: lens(
      [{ key: 'SNOMEDCT263495000', type: 'EQUALS', value: 'SNOMEDCT248153007' }],
      [{ key: 'SNOMEDCT439401001', type: 'EQUALS', value: 'SNOMEDCT399068003' }],
      [{ key: 'SNOMEDCT423493009', type: 'BETWEEN', value: { min: 50, max: 70 } }],
    ),
  },
  {
    name: 'female, MR or PET',
    beacon: { filters: [{ id: 'RadLex:RID10312' }, { id: 'SNOMEDCT:248152002' }, { id: 'RadLex:RID10337' }] },
    lens: lens(
      [{ key: 'RID10311', type: 'EQUALS', value: 'RID10312' }, { key: 'RID10311', type: 'EQUALS', value: 'RID10337' }],
      [{ key: 'SNOMEDCT263495000', type: 'EQUALS', value: 'SNOMEDCT248152002' }],
    ),
  },
  {
    name: 'lung or breast cancer, age at diagnosis at least 60 (inclusive)',
    beacon: { filters: [{ id: 'SNOMEDCT:363358000' }, { id: 'SNOMEDCT:254837009' }, { id: 'oncoatlas:age_at_diagnosis', operator: '>=', value: '60' }] },
    lens: lens(
      [{ key: 'SNOMEDCT439401001', type: 'EQUALS', value: 'SNOMEDCT363358000' }, { key: 'SNOMEDCT439401001', type: 'EQUALS', value: 'SNOMEDCT254837009' }],
      [{ key: 'SNOMEDCT423493009', type: 'BETWEEN', value: { min: 60, max: 1000 } }],
    ),
  },
  {
    name: 'OR across keys through the extension: (male AND CT) OR (female AND MR)',
    beacon: { requestParameters: { ast: { operand: 'OR', children: [
      { operand: 'AND', children: [{ key: 'sex', type: 'EQUALS', value: 'male' }, { key: 'modality', type: 'EQUALS', value: 'CT' }] },
      { operand: 'AND', children: [{ key: 'sex', type: 'EQUALS', value: 'female' }, { key: 'modality', type: 'EQUALS', value: 'MR' }] },
    ] } } },
    lens: { operand: 'OR', children: [
      { operand: 'AND', children: [{ key: 'SNOMEDCT263495000', type: 'EQUALS', value: 'SNOMEDCT248153007' }, { key: 'RID10311', type: 'EQUALS', value: 'RID10321' }] },
      { operand: 'AND', children: [{ key: 'SNOMEDCT263495000', type: 'EQUALS', value: 'SNOMEDCT248152002' }, { key: 'RID10311', type: 'EQUALS', value: 'RID10312' }] },
    ] },
  },
];

/** A synthetic index: patients p0… in two datasets, each with a sex, a diagnosis, an age, and 1-2 studies. */
const index = fc.array(fc.record({
  dataset: fc.constantFrom('d1', 'd2'),
  sex: fc.constantFrom('male', 'female'),
  condition: fc.constantFrom('C34', 'C50', 'C61', 'C18'),
  age: fc.integer({ min: 40, max: 80 }),
  modalities: fc.array(fc.constantFrom('CT', 'MR', 'PT'), { minLength: 1, maxLength: 2 }),
}), { maxLength: 25 }).map((patients) => {
  const studies: SearchStudyRow[] = [];
  const facts: SearchFactRow[] = [];
  patients.forEach((p, i) => {
    const base = { dataset_id: p.dataset, patient_id: `p${i}` };
    facts.push({ ...base, study_uid: null, key: 'sex', text_value: p.sex, num_value: null });
    facts.push({ ...base, study_uid: null, key: 'condition', text_value: p.condition, num_value: null });
    facts.push({ ...base, study_uid: null, key: 'age_at_diagnosis', text_value: null, num_value: p.age });
    p.modalities.forEach((m, j) => {
      studies.push({ ...base, study_uid: `1.2.826.0.1.3680043.10.${i}.${j}` });
      facts.push({ ...base, study_uid: `1.2.826.0.1.3680043.10.${i}.${j}`, key: 'modality', text_value: m, num_value: null });
    });
  });
  return { studies, facts };
});

for (const pair of PAIRS) {
  test(`same true counts through Beacon and Focus: ${pair.name}`, () => {
    const beaconAst = beaconRequestToAst({ meta: { apiVersion: 'v2.0' }, query: pair.beacon }).ast;
    let matchedSomewhere = false;
    fc.assert(fc.property(index, ({ studies, facts }) => {
      const viaBeacon = countInMemory(studies, facts, beaconAst);
      const viaFocus = countInMemory(studies, facts, pair.lens);
      matchedSomewhere ||= viaFocus.total.subjects > 0;
      assert.deepEqual(viaBeacon.total, viaFocus.total);
      assert.deepEqual(viaBeacon.collections, viaFocus.collections);
    }), { numRuns: 150, seed: 19 });
    assert.ok(matchedSomewhere, 'the generated indexes exercise the query');
  });
}

test('the GET form of a question counts the same as its POST form', () => {
  const get = beaconRequestToAst(beaconGetRequestBody({ filters: 'SNOMEDCT:248153007,SNOMEDCT:399068003,age:>=P50Y,age:<=P70Y' })).ast;
  fc.assert(fc.property(index, ({ studies, facts }) => {
    assert.deepEqual(countInMemory(studies, facts, get).total, countInMemory(studies, facts, PAIRS[0]!.lens).total);
  }), { numRuns: 50, seed: 19 });
});
