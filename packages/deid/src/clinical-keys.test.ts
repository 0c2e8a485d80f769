import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clinicalKeys } from './clinical-keys.ts';
import { eucaimPatientId } from './eucaim.ts';
import { Pseudonymizer } from './pseudonyms.ts';
import type { DeidSettings } from './settings.ts';

const secret = new TextEncoder().encode('clinical-keys-test-secret');
const base: DeidSettings = { profile: 'basic', options: [], secret, allowBurnedIn: false, recordMappings: false };

test('clinical records get the pseudonym and the shifted date the images of the patient get', () => {
  const keys = clinicalKeys({ ...base, datePolicy: 'shift' });
  const images = new Pseudonymizer(secret);
  assert.equal(keys.datePolicy, 'shift');
  assert.equal(keys.pseudonymOf(' NHC-0001 '), images.patientId('NHC-0001'));
  const shift = images.dateShiftDays('NHC-0001');
  const expected = new Date(Date.UTC(2023, 2, 15) - shift * 86_400_000).toISOString().slice(0, 10);
  assert.equal(keys.renderDate('2023-03-15', 'NHC-0001'), expected);
  // A later date of the same patient keeps its distance: intervals survive the shift.
  const later = keys.renderDate('2023-04-14', 'NHC-0001')!;
  assert.equal((Date.parse(later) - Date.parse(expected)) / 86_400_000, 30);
  assert.equal(keys.renderDate('2023-02-30', 'NHC-0001'), null, 'not a calendar date: never guessed');
  assert.equal(keys.renderDate('2023', 'NHC-0001'), null);
});

test('the other date policies: removed, year-month (day 01), kept with retain-full-dates', () => {
  assert.equal(clinicalKeys(base).renderDate('2023-03-15', 'P'), null);
  assert.equal(clinicalKeys({ ...base, datePolicy: 'year-month' }).renderDate('2023-03-15', 'P'), '2023-03-01');
  const kept = clinicalKeys({ ...base, options: ['retain-full-dates'] });
  assert.equal(kept.datePolicy, 'keep');
  assert.equal(kept.renderDate('2023-03-15', 'P'), '2023-03-15');
});

test('the EUCAIM profile keys clinical records with the CTP patient pseudonym', () => {
  const keys = clinicalKeys({ ...base, profile: 'eucaim', siteId: 'SITE-1' });
  assert.equal(keys.pseudonymOf('NHC-0001'), eucaimPatientId('clinical-keys-test-secret', 'NHC-0001'));
  assert.equal(keys.renderDate('2023-03-15', 'NHC-0001'), '2023-03-01');
});
