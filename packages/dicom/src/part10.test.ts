import assert from 'node:assert/strict';
import { test } from 'node:test';
import dcmjs from 'dcmjs';
import dicomParser from 'dicom-parser';
import fc from 'fast-check';
import { isOncoAtlasError } from '@oncoatlas/core';
import { ByteSink, concatSegments } from './byte-sink.ts';
import type { DataSet } from './dataset.ts';
import { KEEP, RECURSE, type DataSetEditor } from './dataset-writer.ts';
import { parsePart10 } from './part10-reader.ts';
import { fileMetaOf, writePart10 } from './part10-writer.ts';
import { formatTag } from './tag.ts';

const { DicomDict, DicomMetaDictionary } = (dcmjs as unknown as { data: { DicomDict: new (m: object) => { dict: object; write(): ArrayBuffer }; DicomMetaDictionary: { denaturalizeDataset(d: object): object } } }).data;

/** A small synthetic CT instance written by dcmjs: an independent writer for our reader. */
function sample(extra: Record<string, unknown> = {}): Uint8Array {
  const meta = {
    MediaStorageSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', MediaStorageSOPInstanceUID: '1.2.826.0.1.3680043.9.1',
    TransferSyntaxUID: '1.2.840.10008.1.2.1', ImplementationClassUID: '1.2.826.0.1.3680043.9.2',
  };
  const ds = {
    SpecificCharacterSet: 'ISO_IR 100', SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', SOPInstanceUID: '1.2.826.0.1.3680043.9.1',
    StudyDate: '20230115', PatientName: 'DOE^JOHN', PatientID: 'SYN-0001', StudyInstanceUID: '1.2.826.0.1.3680043.9.3',
    SeriesInstanceUID: '1.2.826.0.1.3680043.9.4', Modality: 'CT', StudyDescription: 'TORAX',
    ReferencedImageSequence: [
      { ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID: '1.2.826.0.1.3680043.9.5' },
      { ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID: '1.2.826.0.1.3680043.9.6',
        PurposeOfReferenceCodeSequence: [{ CodeValue: '121311', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Localizer' }] },
    ],
    Rows: 4, Columns: 4, BitsAllocated: 16, BitsStored: 12, HighBit: 11, PixelRepresentation: 0, SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2', PixelData: [new Uint16Array(16).map((_, i) => i * 7).buffer],
    ...extra,
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  return new Uint8Array(dict.write());
}

const identity: DataSetEditor = { edit: (el) => (el.items ? RECURSE : KEEP) };

function tags(ds: DataSet, out: string[] = [], prefix = ''): string[] {
  for (const el of ds.elements) {
    out.push(prefix + formatTag(el.tag));
    el.items?.forEach((item, i) => tags(item, out, `${prefix}${formatTag(el.tag)}[${i}].`));
  }
  return out;
}

test('writing with an identity editor reproduces the input byte for byte', () => {
  const input = sample();
  const file = parsePart10(input);
  const sink = new ByteSink(64);
  writePart10(sink, file, { meta: fileMetaOf(file), editor: identity });
  const out = concatSegments(sink.finish());
  assert.deepEqual(Buffer.from(out.subarray(file.datasetOffset)), Buffer.from(input.subarray(file.datasetOffset)));
});

test('kept elements are copied in runs, but large pixel data stays a segment that starts with its own tag', () => {
  const input = sample({ Rows: 256, Columns: 256, PixelData: [new Uint16Array(256 * 256).buffer] });
  const file = parsePart10(input);
  const sink = new ByteSink(64);
  writePart10(sink, file, { meta: fileMetaOf(file), editor: identity });
  const segments = sink.finish() as Uint8Array[];
  assert.deepEqual(Buffer.from(concatSegments(segments).subarray(file.datasetOffset)), Buffer.from(input.subarray(file.datasetOffset)));
  // Verification finds native pixel data by its first bytes and does not copy it again (deid verify.ts).
  assert.ok(segments.some((seg) => seg.length > 128 * 1024 && seg[0] === 0xe0 && seg[1] === 0x7f && seg[2] === 0x10 && seg[3] === 0x00));
});

test('elements and nesting agree with dicom-parser, the oracle', () => {
  const input = sample();
  const ours = parsePart10(input);
  const theirs = dicomParser.parseDicom(input);
  const expected: string[] = [];
  const walk = (ds: dicomParser.DataSet, prefix: string): void => {
    for (const key of Object.keys(ds.elements).sort()) {
      if (key.startsWith('x0002') || key.startsWith('xfffe')) continue;
      const el = ds.elements[key]!;
      const t = formatTag(parseInt(key.slice(1), 16));
      expected.push(prefix + t);
      el.items?.forEach((item, i) => item.dataSet && walk(item.dataSet, `${prefix}${t}[${i}].`));
    }
  };
  walk(theirs, '');
  assert.deepEqual(tags(ours.dataset).sort(), expected.sort());
  const pn = ours.dataset.elements.find((e) => e.tag === 0x00100010)!;
  assert.equal(pn.valueOffset, theirs.elements['x00100010']!.dataOffset);
});

test('every truncation of a file fails with a typed error or parses a prefix, never crashes', () => {
  const input = sample();
  for (let n = 0; n < input.length; n++) {
    try {
      parsePart10(input.subarray(0, n));
    } catch (err) {
      assert.ok(isOncoAtlasError(err), `length ${n}: ${String(err)}`);
    }
  }
});

test('property: mutated files fail with a typed error or parse, within a time bound', () => {
  const input = sample();
  fc.assert(fc.property(
    fc.array(fc.tuple(fc.nat(input.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
    (mutations) => {
      const b = Uint8Array.from(input);
      for (const [at, v] of mutations) b[at] = v;
      try {
        parsePart10(b);
      } catch (err) {
        if (!isOncoAtlasError(err)) throw err;
      }
    },
  ), { numRuns: 2000, interruptAfterTimeLimit: 20_000 });
});

test('a file that is not DICOM is refused with DICOM_NOT_PART10', () => {
  assert.throws(() => parsePart10(new TextEncoder().encode('Patient list, do not share\n'.repeat(20))), (e) => isOncoAtlasError(e, 'DICOM_NOT_PART10'));
});
