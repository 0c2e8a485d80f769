import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { parseTextZones, SHIPPED_TEXT_ZONES, templateZones } from './text-zones.ts';

test('a known ultrasound device gets its top band across the whole width, matched without regard to case', () => {
  assert.deepEqual(templateZones('GE MEDICAL SYSTEMS', 'LOGIQ E9', 480, 640), [[0, 0, 640, 40]]);
  assert.deepEqual(templateZones('ge medical systems', ' logiq e9 ', 600, 800), [[0, 0, 800, 40]]);
});

test('edges: negative positions count from the right and bottom, zero sizes reach the edge, boxes are clipped', () => {
  assert.deepEqual(templateZones('Philips', 'EPIQ 7G', 480, 640), [[0, 0, 640, 44], [480, 456, 160, 24]]);
  assert.deepEqual(templateZones('Hologic, Inc.', 'Selenia Dimensions', 100, 500), [[0, 0, 320, 100], [180, 0, 320, 100]]);
});

test('an unknown device, or an image of another size than the zone names, gets no zone', () => {
  assert.deepEqual(templateZones('ACME', 'Sono 1', 480, 640), []);
  assert.deepEqual(templateZones('SIEMENS', 'syngo.via', 512, 512), []);
  assert.deepEqual(templateZones('SIEMENS', 'syngo.via', 768, 1024), [[0, 0, 1024, 64]]);
});

test("a hospital's own zones: '*' for every model, and malformed entries refused saying which", () => {
  const own = parseTextZones({ zones: [{ manufacturer: 'ACME', model: '*', boxes: [[0, -30, 0, 0]] }] });
  assert.deepEqual(templateZones('ACME', 'Sono 1', 480, 640, own), [[0, 450, 640, 30]]);
  assert.ok(SHIPPED_TEXT_ZONES.length > 0);
  const refused = (json: unknown, pattern: RegExp): void => assert.throws(() => parseTextZones(json), (err: unknown) => isOncoAtlasError(err, 'CONFIG_INVALID') && pattern.test(err.message));
  refused({ zones: [{ manufacturer: 'ACME', model: '*', boxes: [[0, 0, 10]] }] }, /zone 1 .*box/);
  refused([{ manufacturer: 'ACME', model: '*', boxes: [] }], /zone 1 has no boxes/);
  refused([{ manufacturer: '', model: 'x', boxes: [[0, 0, 1, 1]] }], /manufacturer/);
  refused({}, /array of zones/);
});
