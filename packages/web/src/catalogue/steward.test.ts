import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getKeywords, getPart, getText, parseSteward, setKeywords, setPart, setText, stewardJson } from './steward.ts';

test('the form edits one field and keeps every other, other languages included', () => {
  const s = { title: { en: 'Lung CT', es: 'TC de pulmón' }, healthCategories: ['x'], keywords: { en: ['CT'], de: ['CT'] } };
  const edited = setText(s, 'title', 'Lung CT, 2019-2024');
  assert.deepEqual(edited, { title: { en: 'Lung CT, 2019-2024', es: 'TC de pulmón' }, healthCategories: ['x'], keywords: { en: ['CT'], de: ['CT'] } });
  assert.deepEqual(Object.keys(setText(s, 'title', '')), ['title', 'healthCategories', 'keywords'], 'clearing English keeps the Spanish title in place');
  assert.equal(getText(setText(s, 'title', ''), 'title'), '');
  assert.deepEqual(getKeywords(setKeywords(s, ['CT', 'lung'])), ['CT', 'lung']);
  assert.deepEqual(setKeywords({ keywords: { en: ['CT'] } }, []), {}, 'an empty field is left out, not sent empty');
});

test('the first contact point and the publisher keep the name the catalogue requires', () => {
  const s = setPart({}, 'contactPoint', 'email', 'data@hospital.example');
  assert.deepEqual(s, { contactPoints: [{ email: 'data@hospital.example', name: '' }] });
  assert.equal(getPart(setPart(s, 'contactPoint', 'name', 'Research office'), 'contactPoint', 'name'), 'Research office');
  assert.deepEqual(setPart(s, 'contactPoint', 'email', ''), {}, 'nothing left: no contact point');
  const two = { contactPoints: [{ name: 'A' }, { name: 'B' }] };
  assert.deepEqual(setPart(two, 'contactPoint', 'name', 'C'), { contactPoints: [{ name: 'C' }, { name: 'B' }] });
});

test('a steward file is one JSON object; anything else says why', () => {
  const ok = parseSteward(stewardJson({ title: { en: 'T' } }));
  assert.deepEqual(ok, { ok: true, value: { title: { en: 'T' } } });
  const notJson = parseSteward('{ "title": ');
  assert.equal(notJson.ok, false);
  assert.match(notJson.ok ? '' : notJson.error, /^Not valid JSON/);
  assert.deepEqual(parseSteward('[1]').ok, false);
});
