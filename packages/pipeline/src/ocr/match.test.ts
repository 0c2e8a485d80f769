import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstanceIdentifiers } from './identifiers.ts';
import { dateSpellings, matchWords, type Box, type OcrWord } from './match.ts';

const IDS: InstanceIdentifiers = { names: ['GARCIA^MARIA'], ids: ['PAT004512', 'A77'], dates: ['20210312', '19580704'], institutions: ['Hospital Universitari Sintètic La Fe-Sant Pau'] };

/** A line of words laid out left to right, 10 px per character. */
function line(text: string, o: { y?: number; confidence?: number; id?: string } = {}): OcrWord[] {
  let x = 0;
  return text.split(' ').filter((w) => w !== '').map((w) => {
    const box: Box = [x, o.y ?? 0, w.length * 10, 12];
    x += (w.length + 1) * 10;
    return { text: w, box, confidence: o.confidence ?? 90, line: o.id ?? text };
  });
}

const kinds = (text: string, o: Parameters<typeof line>[1] = {}, ids = IDS): string[] => matchWords(line(text, o), ids).map((d) => d.kind);

test('names in the spellings consoles use, any order and case, with or without accents', () => {
  for (const s of ['GARCIA, MARIA', 'MARIA GARCIA', 'GARCIA^MARIA', 'Garcia Maria', 'Patient: garcia, maria']) assert.deepEqual(kinds(s).filter((k) => k !== 'text'), ['name'], s);
  assert.deepEqual(kinds('IBANEZ PILAR', {}, { ...IDS, names: ['IBÁÑEZ^PILAR'] }), ['name']);
  assert.deepEqual(kinds('Peña Jordina', {}, { ...IDS, names: ['PENA^JORDINA^^^VIDAL'] }), ['name']);
});

test('dates in every spelling of a DA value', () => {
  for (const s of ['20210312', '12/03/2021', '12.03.2021', '2021-03-12', '12-Mar-2021', 'Exam date: 12-MAR-2021', 'DOB 04/07/1958']) {
    assert.ok(kinds(s).includes('date'), s);
  }
  assert.ok(dateSpellings('20210312').includes('12MAR2021'));
  assert.deepEqual(dateSpellings('2021'), []);
});

test('IDs with a label, OCR look-alikes and one edit on a long ID', () => {
  for (const s of ['ID: PAT004512', 'ID:PAT004512', 'PATOO4512', 'PAT0O45I2', 'PAT00451']) assert.ok(kinds(s).includes('id'), s);
  assert.ok(!kinds('PAT0045').includes('id'), 'two edits are not the ID');
});

test('an institution is found within two edits of its long name', () => {
  assert.ok(kinds('HOSPITAL UNIVERSITARI SINTETIC LA FE-SANT PAU').includes('institution'));
  assert.ok(kinds('Hospita1 Universitari Sintetic La Fe Sant Pau').includes('institution'));
});

test('other text is text, never an identifier', () => {
  for (const s of ['TIS 0.4', '5 cm', 'L', 'MI 1.1', 'Gn 52', 'Total DLP: 972.3 mGy-cm', 'Dose Report', '2 Helical 9.73 340.6', 'Phantom: Body 32 cm']) {
    assert.deepEqual(kinds(s).filter((k) => k !== 'text'), [], s);
  }
  assert.deepEqual(kinds('TIS 0.4'), ['text']);
  assert.deepEqual(kinds('ee', { confidence: 30 }), [], 'speckle read as letters is no text box');
});

test('a short identifier needs a sure reading; a short name part needs another part beside it', () => {
  assert.ok(kinds('Acc A77').includes('id'));
  assert.ok(!kinds('Acc A77', { confidence: 40 }).includes('id'));
  const li: InstanceIdentifiers = { names: ['LI^WEI'], ids: [], dates: [], institutions: [] };
  assert.deepEqual(kinds('LI', {}, li), ['text'], 'a lone two-letter part is not a name');
  assert.deepEqual(kinds('Li Wei', { confidence: 40 }, li), ['name']);
});

test('a detection carries a kind, the box of the words it spans and a confidence, not the text', () => {
  const words = [...line('ID: PAT004512', { id: 'a' }), ...line('TIS 0.4', { y: 50, id: 'b' })];
  const found = matchWords(words, IDS);
  assert.deepEqual(found.map((d) => [d.kind, d.box]), [['id', [40, 0, 90, 12]], ['text', [0, 0, 30, 12]], ['text', [0, 50, 70, 12]]]);
  for (const d of found) {
    assert.deepEqual(Object.keys(d).sort(), ['box', 'confidence', 'kind']);
    assert.ok(d.confidence > 0 && d.confidence <= 1);
  }
  assert.ok(matchWords(line('PAT00451'), IDS)[0]!.confidence < matchWords(line('PAT004512'), IDS)[0]!.confidence, 'an edit lowers the confidence');
});
