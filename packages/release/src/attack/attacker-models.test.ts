import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PatientRecord } from '@oncoatlas/risk';
import { dayNumber } from '../files/release-dates.ts';
import { releaseQuasiIdentifiers } from '../profile/quasi-identifiers.ts';
import { runAttacks, type Background } from './attacker-models.ts';

const QIS = releaseQuasiIdentifiers();
const WITHDRAWN = { ...Object.fromEntries(QIS.filter((q) => !q.fixed).map((q) => [q.name, q.hierarchy.height])), vital_status: 0 };

function released(id: string, o: { site?: string; lastContact?: string; time?: string } = {}): PatientRecord {
  return {
    id,
    values: { sex: null, age: null, vital_status: 'alive', institution: null, treatments: 'surgery' },
    events: {
      conditions: [{ condition: o.site ?? '*' }],
      studies: [{ modality: 'CT', time: o.time ?? '*', offset: '*' }],
      last_contact: [{ offset: o.lastContact ?? '*' }],
    },
  };
}

function known(id: string, o: { site?: string; diagnosis: string; scan?: string; time?: string }): Background {
  return {
    view: { id, values: { sex: 'female', age: 63, vital_status: 'alive' }, events: { conditions: [{ condition: o.site ?? 'C34.1' }], studies: [{ modality: 'CT', time: o.time ?? '083500', offset: 0 }], last_contact: [{ offset: 100 }] } },
    birthYear: 1957, diagnosisDay: dayNumber(o.diagnosis), deathDay: null,
    studies: [{ study: id, date: o.scan ?? '20200101', time: o.time ?? '083500', modalities: ['CT'], manufacturers: [], models: [], bodyParts: [], lateralities: [], institutions: [] }],
  };
}

const share = (results: ReturnType<typeof runAttacks>, model: string): number => results.find((r) => r.model === model)!.reidentified;

test('a site kept at its category singles out the one breast cancer among lung cancers', () => {
  const rel = [...['a', 'b', 'c', 'd'].map((id) => released(id, { site: 'C34' })), released('e', { site: 'C50' })];
  const bg = ['a', 'b', 'c', 'd', 'e'].map((id) => known(id, { site: id === 'e' ? 'C50.4' : 'C34.1', diagnosis: '2020-01-01' }));
  const r = runAttacks(rel, bg, { qis: QIS, levels: { ...WITHDRAWN, condition: 1 }, cutoffDay: null });
  assert.equal(share(r, 'registry_neighbour'), 1);
  assert.equal(share(r, 'quasi_identifiers'), 1);
  assert.equal(share(runAttacks(rel, bg, { qis: QIS, levels: WITHDRAWN, cutoffDay: null }), 'registry_neighbour'), 0, 'site withdrawn: nobody');
});

test('the export\'s cut-off turns a living patient\'s follow-up back into the year of diagnosis', () => {
  const rel = [released('a', { lastContact: '0y' }), released('b', { lastContact: '5y' })];
  const bg = [known('a', { diagnosis: '2024-01-15' }), known('b', { diagnosis: '2019-03-02' })];
  const levels = { ...WITHDRAWN, outcome_offset: 3 };
  assert.equal(share(runAttacks(rel, bg, { qis: QIS, levels, cutoffDay: dayNumber('2024-06-30') }), 'registry_neighbour'), 2);
  assert.equal(share(runAttacks(rel, bg, { qis: QIS, levels, cutoffDay: null }), 'registry_neighbour'), 0, 'without a cut-off, no date');
});

test('the hour of a scan, released, tells two CT patients apart to someone who saw one of them', () => {
  const rel = [released('a', { time: '08' }), released('b', { time: '14' })];
  const bg = [known('a', { diagnosis: '2020-01-01', time: '083500' }), known('b', { diagnosis: '2020-01-01', time: '141000' })];
  assert.equal(share(runAttacks(rel, bg, { qis: QIS, levels: { ...WITHDRAWN, study_time: 0 }, cutoffDay: null }), 'imaging_visitor'), 2);
  const withdrawn = [released('a'), released('b')];
  assert.equal(share(runAttacks(withdrawn, bg, { qis: QIS, levels: WITHDRAWN, cutoffDay: null }), 'imaging_visitor'), 0);
});
