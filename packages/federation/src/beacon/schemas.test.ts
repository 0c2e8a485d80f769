import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BEACON_SCHEMA_COMMIT, BEACON_SCHEMA_FILES, beaconSchemaText, validateBeaconDocument } from './schemas.ts';
import type { BeaconDocumentSchema } from './schemas.ts';

const dir = new URL('../../schemas/beacon-v2/', import.meta.url);
const provenance = readFileSync(new URL('PROVENANCE.md', dir), 'utf8');

test('the vendored files are those PROVENANCE.md names, byte for byte, at the pinned commit', () => {
  assert.ok(provenance.includes(BEACON_SCHEMA_COMMIT));
  for (const file of BEACON_SCHEMA_FILES) {
    const sha = createHash('sha256').update(beaconSchemaText(file)).digest('hex');
    assert.ok(provenance.includes(`| ${file} | ${sha} |`), `${file}: SHA-256 ${sha} is recorded in PROVENANCE.md`);
  }
});

test('the folder holds exactly the listed schema files, all JSON Schema 2020-12', () => {
  const onDisk = readdirSync(fileURLToPath(dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(onDisk, [...BEACON_SCHEMA_FILES].sort());
  for (const file of BEACON_SCHEMA_FILES) {
    assert.equal((JSON.parse(beaconSchemaText(file)) as { $schema: string }).$schema, 'https://json-schema.org/draft/2020-12/schema', file);
  }
});

test('every document schema compiles offline, its $refs resolved among the vendored files', () => {
  const names: BeaconDocumentSchema[] = ['beaconInfoResponse', 'beaconMapResponse', 'beaconConfigurationResponse', 'beaconFilteringTermsResponse', 'beaconBooleanResponse', 'beaconCountResponse', 'beaconResultsetsResponse', 'beaconErrorResponse', 'beaconRequestBody'];
  for (const name of names) assert.ok(validateBeaconDocument(name, {}).length > 0, `${name} rejects an empty document`);
  // A $ref into another file is enforced, not skipped: Granularity's enum lives in beaconCommonComponents.json.
  const errors = validateBeaconDocument('beaconRequestBody', { meta: { apiVersion: 'v2.0' }, query: { requestedGranularity: 'everything' } });
  assert.ok(errors.some((e) => e.path === '/query/requestedGranularity'), JSON.stringify(errors));
});

test('a file outside the vendored set is not read', () => {
  assert.throws(() => beaconSchemaText('../../package.json'), RangeError);
});
