import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import dcmjs from 'dcmjs';
import { permittedDataset } from '../../../../test/support/permitted-dataset.ts';
import { versionIndex } from './version-index.ts';

const { DicomMessage } = dcmjs.data;

test('versionIndex lists every image of the manifest once, with the attributes dcmjs reads from the same file', async () => {
  const d = await permittedDataset();
  const index = await versionIndex(d.dataDir, d.datasetId, d.version);
  const manifest = JSON.parse(readFileSync(join(d.versionDir, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string }[] };
  const images = manifest.files.filter((f) => f.path.endsWith('.dcm'));
  const instances = index.studies.flatMap((s) => s.series.flatMap((se) => se.instances.map((i) => ({ s, se, i }))));
  assert.equal(instances.length, images.length);
  assert.deepEqual(new Set(instances.map((x) => x.i.path)), new Set(images.map((f) => f.path)));
  assert.ok(index.studies.some((s) => s.series.some((se) => se.modality === 'SEG')), 'the fixture holds SEG');
  for (const { s, se, i } of instances.filter((_, n) => n % 7 === 0)) {
    const file = readFileSync(join(d.versionDir, i.path));
    const dict = DicomMessage.readFile(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
    const v = (tag: string): unknown => (dict.dict[tag]?.Value as unknown[] | undefined)?.[0];
    assert.equal(i.sopInstanceUid, v('00080018'));
    assert.equal(i.sopClassUid, v('00080016'));
    assert.equal(se.seriesInstanceUid, v('0020000E'));
    assert.equal(s.studyInstanceUid, v('0020000D'));
    assert.equal(s.patientId, v('00100020'));
    assert.equal(se.modality, v('00080060'));
    assert.equal(i.transferSyntaxUid, dict.meta['00020010']?.Value?.[0]);
    assert.equal(i.rows, v('00280010') ?? null);
    assert.equal(i.frames, Number(v('00280008') ?? 1));
    assert.equal(i.sha256, manifest.files.find((f) => f.path === i.path)?.sha256);
  }
  assert.equal(await versionIndex(d.dataDir, d.datasetId, d.version), index, 'an unchanged version is read once');
});
