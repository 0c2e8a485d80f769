import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addContact, fieldInputId, getContacts, getKeywords, getOrg, getText, parseSteward, problemsByField, removeContact, setContact, setKeywords, setOrg,
  setText, stewardJson, withCurrent,
} from './steward.ts';

test('the form edits one field and keeps every other, other languages included', () => {
  const s = { title: { en: 'Lung CT', es: 'TC de pulmón' }, healthCategories: ['x'], keywords: { en: ['CT'], de: ['CT'] } };
  const edited = setText(s, 'title', 'Lung CT, 2019-2024');
  assert.deepEqual(edited, { title: { en: 'Lung CT, 2019-2024', es: 'TC de pulmón' }, healthCategories: ['x'], keywords: { en: ['CT'], de: ['CT'] } });
  assert.deepEqual(Object.keys(setText(s, 'title', '')), ['title', 'healthCategories', 'keywords'], 'clearing English keeps the Spanish title in place');
  assert.equal(getText(setText(s, 'title', ''), 'title'), '');
  assert.deepEqual(getKeywords(setKeywords(s, ['CT', 'lung'])), ['CT', 'lung']);
  assert.deepEqual(setKeywords({ keywords: { en: ['CT'] } }, []), {}, 'an empty field is left out, not sent empty');
});

test('contact points are rows of the form; each keeps the name the catalogue requires', () => {
  const s = setContact({}, 0, 'email', 'data@hospital.example');
  assert.deepEqual(s, { contactPoints: [{ email: 'data@hospital.example', name: '' }] });
  assert.equal(getContacts(setContact(s, 0, 'name', 'Research office'))[0]!.name, 'Research office');
  assert.deepEqual(setContact(s, 0, 'email', ''), {}, 'nothing left: no contact point');
  assert.deepEqual(getContacts({}), [{}], 'an empty form still shows one row to fill in');
  const two = { contactPoints: [{ name: 'A' }, { name: 'B' }] };
  assert.deepEqual(setContact(two, 1, 'url', 'https://b.example/'), { contactPoints: [{ name: 'A' }, { name: 'B', url: 'https://b.example/' }] });
  assert.deepEqual(addContact(two), { contactPoints: [{ name: 'A' }, { name: 'B' }, { name: '' }] });
  assert.deepEqual(removeContact(two, 0), { contactPoints: [{ name: 'B' }] });
  assert.deepEqual(setContact({}, 1, 'name', 'Second'), { contactPoints: [{ name: 'Second' }] }, 'a row typed into after an empty one moves up');
});

test('the publisher and the Health Data Access Body are edited key by key', () => {
  const s = setOrg({}, 'publisher', 'email', 'x@h.example');
  assert.deepEqual(s, { publisher: { email: 'x@h.example', name: '' } });
  assert.equal(getOrg(setOrg(s, 'publisher', 'name', 'H'), 'publisher', 'name'), 'H');
  assert.deepEqual(setOrg(s, 'publisher', 'email', ''), {});
  assert.deepEqual(setOrg({}, 'hdab', 'name', 'HDAB'), { hdab: { name: 'HDAB' } });
});

test('a problem names the input of its field, and only violations mark a field', () => {
  assert.equal(fieldInputId('publisher.name'), 'steward-publisher-name');
  assert.equal(fieldInputId('contactPoints.1.email'), 'steward-contactPoints-1-email');
  assert.equal(fieldInputId('contactPoints'), fieldInputId('contactPoints.0.name'), 'a missing list is reached at its first row');
  const problems = [
    { field: 'accessUrl', todo: 'Give the address.', severity: 'violation' },
    { field: 'accessUrl', todo: 'Second rule.', severity: 'violation' },
    { field: 'hdab.name', todo: 'Later.', severity: 'warning' },
    { todo: 'Generated.', severity: 'violation' },
  ];
  assert.deepEqual(problemsByField(problems), { accessUrl: 'Give the address.' });
});

test('a picker shows a value set outside its choices instead of hiding it', () => {
  const choices = [{ value: 'A', label: 'a' }];
  assert.deepEqual(withCurrent(choices, ['A', 'https://other.example/x']), [{ value: 'A', label: 'a' }, { value: 'https://other.example/x', label: 'https://other.example/x' }]);
});

test('a steward file is one JSON object; anything else says why', () => {
  const ok = parseSteward(stewardJson({ title: { en: 'T' } }));
  assert.deepEqual(ok, { ok: true, value: { title: { en: 'T' } } });
  const notJson = parseSteward('{ "title": ');
  assert.equal(notJson.ok, false);
  assert.match(notJson.ok ? '' : notJson.error, /^Not valid JSON/);
  assert.deepEqual(parseSteward('[1]').ok, false);
});
