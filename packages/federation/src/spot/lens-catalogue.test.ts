import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { resolveCondition } from '../search-keys.ts';
import { keysMissingFromCatalogue, lensCatalogue, type LensCategory } from './lens-catalogue.ts';

/** Lens's own schema, from the pinned package the web UI installs (exports hide it, so found beside its entry). */
function lensSchema(): object | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('@samply/lens');
    return JSON.parse(readFileSync(join(dirname(entry), '..', 'schema', 'catalogue.schema.json'), 'utf8')) as object;
  } catch {
    return undefined;
  }
}

const leaves = (cs: readonly LensCategory[]): LensCategory[] => cs.flatMap((c) => (c.fieldType === 'group' ? leaves(c.childCategories) : [c]));

test('the catalogue is valid against @samply/lens 0.6.6 catalogue.schema.json', (t) => {
  const schema = lensSchema();
  if (!schema) {
    if (process.env.CI === 'true') assert.fail('@samply/lens is not installed (npm install at the repository root)');
    t.skip('@samply/lens is not installed; run npm install');
    return;
  }
  const validate = new Ajv({ allErrors: true, strict: false, formats: { date: true } }).compile(schema);
  assert.ok(validate(lensCatalogue()), JSON.stringify(validate.errors, null, 1));
  // The schema is strict enough to notice a mistake: an extra field on a number category is refused.
  assert.equal(validate([{ fieldType: 'number', key: 'x', name: 'x', type: 'BETWEEN', criteria: [] }]), false);
});

test('EUCAIM keys (reference §6.3) appear under their EUCAIM codes, every registry key once', () => {
  const all = leaves(lensCatalogue());
  const byKey = new Map(all.map((c) => [c.key, c]));
  for (const k of ['SNOMEDCT263495000', 'SNOMEDCT423493009', 'SNOMEDCT439401001', 'SNOMEDCT432213005', 'RID10311', 'SNOMEDCT123037004', 'C25392']) {
    assert.ok(byKey.has(k), `${k} is in the catalogue`);
  }
  assert.equal(new Set(all.map((c) => c.key)).size, all.length, 'no key twice');
  assert.deepEqual(keysMissingFromCatalogue(), []);
  const age = byKey.get('SNOMEDCT423493009')!;
  assert.equal(age.fieldType, 'number');
  const modality = byKey.get('RID10311')!;
  assert.ok(modality.fieldType === 'single-select');
  assert.deepEqual(modality.criteria.slice(0, 2).map((c) => c.key), ['RID10321', 'RID10312'], 'EUCAIM value codes first (CT, MR)');
  const diagnosis = byKey.get('SNOMEDCT439401001')!;
  assert.ok(diagnosis.fieldType === 'autocomplete', 'the long ICD-10 list is found by typing');
  assert.ok(diagnosis.criteria.some((c) => c.key === 'SNOMEDCT363358000' && /lung/i.test(c.name)), 'lung cancer under its SNOMED CT code, named so typing "lung" finds it');
  const manufacturer = byKey.get('C25392')!;
  assert.ok(manufacturer.fieldType === 'single-select');
  assert.equal(manufacturer.criteria.filter((c) => c.name === 'Siemens').length, 1, 'two EUCAIM codes for Siemens are offered once');
});

test('every value the catalogue offers resolves to a condition the nodes can count', () => {
  for (const c of leaves(lensCatalogue())) {
    if (c.fieldType === 'number') {
      assert.equal(resolveCondition({ key: c.key, type: 'BETWEEN', value: { min: 1, max: 2 } }).kind, 'number', c.key);
    } else if (c.fieldType !== 'group') {
      for (const v of c.criteria) assert.equal(resolveCondition({ key: c.key, type: 'EQUALS', value: v.key }).kind, 'text', `${c.key} = ${v.key}`);
    }
  }
});
