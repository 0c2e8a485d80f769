import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import dcmjs from 'dcmjs';
import { ByteSink, concatSegments } from './byte-sink.ts';
import { KEEP, RECURSE, type DataSetEditor } from './dataset-writer.ts';
import { readDicomFile, writeSegmentsAtomic } from './dicom-file.ts';
import { fileMetaOf, writePart10 } from './part10-writer.ts';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;
const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-dicomfile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function le32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** A JPEG Baseline instance with three fragments and an empty offset table, then trailing padding. */
function encapsulatedFile(): Buffer {
  const meta = {
    MediaStorageSOPClassUID: '1.2.840.10008.5.1.4.1.1.7', MediaStorageSOPInstanceUID: '1.2.826.0.1.3680043.9.11',
    TransferSyntaxUID: '1.2.840.10008.1.2.4.50', ImplementationClassUID: '1.2.826.0.1.3680043.9.2',
  };
  const ds = {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.7', SOPInstanceUID: '1.2.826.0.1.3680043.9.11', PatientID: 'SYN-7',
    Rows: 8, Columns: 8, BitsAllocated: 8, SamplesPerPixel: 1, PhotometricInterpretation: 'MONOCHROME2',
  };
  const d = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  d.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  const head = Buffer.from(d.write());
  const frags = [Buffer.alloc(0), Buffer.alloc(3000, 1), Buffer.alloc(70_000, 2), Buffer.alloc(10, 3)];
  const pixel = Buffer.concat([
    Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0]), le32(0xffffffff),
    ...frags.flatMap((f) => [Buffer.from([0xfe, 0xff, 0x00, 0xe0]), le32(f.length), f]),
    Buffer.from([0xfe, 0xff, 0xdd, 0xe0]), le32(0),
  ]);
  const padding = Buffer.concat([Buffer.from([0xfc, 0xff, 0xfc, 0xff, 0x4f, 0x42, 0, 0]), le32(6), Buffer.alloc(6)]);
  return Buffer.concat([head, pixel, padding]);
}

const identity: DataSetEditor = { edit: (el) => (el.items ? RECURSE : KEEP) };

function roundTrip(path: string, inMemoryLimit: number): Buffer {
  const src = readDicomFile(path, { inMemoryLimit });
  const sink = new ByteSink(1024);
  writePart10(sink, src.file, { meta: fileMetaOf(src.file), editor: identity, tail: src.tail });
  const out = join(dir, `out-${inMemoryLimit}.dcm`);
  writeSegmentsAtomic(out, sink.finish(), src.streamed ? path : undefined);
  return readFileSync(out);
}

test('a streamed file (pixel data copied by range) writes the same bytes as one read whole', () => {
  const path = join(dir, 'enc.dcm');
  const input = encapsulatedFile();
  writeFileSync(path, input);
  const streamed = readDicomFile(path, { inMemoryLimit: 1024 });
  assert.equal(streamed.streamed, true);
  assert.ok(streamed.tail, 'elements after the pixel data are read');
  const whole = roundTrip(path, 1 << 30);
  const viaStream = roundTrip(path, 1024);
  assert.deepEqual(viaStream, whole);
  assert.deepEqual(whole.subarray(whole.indexOf('DICM') + 4 + 200), input.subarray(input.indexOf('DICM') + 4 + 200));
});

test('a streamed file cut inside its pixel data is refused as truncated', () => {
  const path = join(dir, 'cut.dcm');
  const input = encapsulatedFile();
  writeFileSync(path, input.subarray(0, input.length - 40_000));
  assert.throws(() => readDicomFile(path, { inMemoryLimit: 1024 }), (e: unknown) => (e as { code?: string }).code === 'DICOM_TRUNCATED');
});

test('the atomic writer leaves no partial file, never overwrites in keep mode, and writes owner-only', () => {
  const target = join(dir, 'keep.dcm');
  assert.equal(writeSegmentsAtomic(target, [new Uint8Array([1, 2])], undefined, 'keep'), 'written');
  assert.equal(writeSegmentsAtomic(target, [new Uint8Array([3])], undefined, 'keep'), 'exists');
  assert.deepEqual([...readFileSync(target)], [1, 2]);
  assert.equal(statSync(target).mode & 0o777, 0o600, 'a de-identified instance is still personal data');
  assert.deepEqual(concatSegments([new Uint8Array([1]), new Uint8Array([2, 3])]), new Uint8Array([1, 2, 3]));
});
