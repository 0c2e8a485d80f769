import assert from 'node:assert/strict';
import { test } from 'node:test';
import dcmjs from 'dcmjs';
import { el, part10, sq, TS } from '@oncoatlas/testkit';
import { instanceBulkData, instanceFrames, instanceMetadata } from './instance.ts';

const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
const CT = '1.2.840.10008.5.1.4.1.1.2';

function file(ts: string, pixels: El16, extra: ReturnType<typeof el>[] = []): Buffer {
  return part10({
    transferSyntax: ts, sopClassUid: CT, sopInstanceUid: '2.25.7',
    dataset: [
      el(0x00080005, 'CS', 'ISO_IR 100'), el(0x00080016, 'UI', CT), el(0x00080018, 'UI', '2.25.7'), el(0x00080060, 'CS', 'CT'),
      el(0x00100010, 'PN', 'Ren\xe9e^Anne=Ideo'), el(0x00100020, 'LO', 'OA-1'), el(0x00181050, 'DS', '0.5\\1.25 '), el(0x00200013, 'IS', '7 '),
      sq(0x00081115, [[el(0x0020000e, 'UI', '2.25.8'), el(0x00081160, 'IS', '3')]], true),
      el(0x00280002, 'US', [1]), el(0x00280008, 'IS', String(pixels.frames)), el(0x00280010, 'US', [pixels.rows]), el(0x00280011, 'US', [pixels.columns]),
      el(0x00280100, 'US', [pixels.bits]), el(0x00280101, 'US', [pixels.bits]), el(0x00280102, 'US', [pixels.bits - 1]), el(0x00281052, 'DS', '-1024'),
      ...extra,
      el(0x7fe00010, pixels.bits === 16 ? 'OW' : 'OB', pixels.bits === 16 ? pixels.values : new Uint8Array(pixels.values)),
    ],
  });
}
interface El16 { readonly rows: number; readonly columns: number; readonly frames: number; readonly bits: number; readonly values: number[] }

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

for (const [name, ts] of [['explicit LE', TS.explicitLE], ['implicit LE', TS.implicitLE], ['explicit BE', TS.explicitBE]] as const) {
  test(`metadata of an ${name} file reads in dcmjs as dcmjs reads the file`, () => {
    const bytes = file(ts, { rows: 2, columns: 2, frames: 2, bits: 16, values: [1, 2, 3, 4, 5, 6, 7, 0xfffe] }, [el(0x00189345, 'FD', [12.5]), el(0x00091010, 'UN', new Uint8Array([1, 2, 3, 4]))]);
    const json = instanceMetadata(bytes, { bulkDataUri: (p) => `https://node/bulk/${p}` });
    assert.deepEqual(json['7FE00010'], { vr: 'OW', BulkDataURI: 'https://node/bulk/7FE00010' });
    assert.deepEqual(json['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'Renée^Anne', Ideographic: 'Ideo' }] });
    assert.deepEqual(json['00181050'], { vr: 'DS', Value: [0.5, 1.25] });
    assert.equal(json['00091010']?.InlineBinary, Buffer.from([1, 2, 3, 4]).toString('base64'));
    const fromJson = DicomMetaDictionary.naturalizeDataset(json) as Record<string, unknown>;
    const fromFile = DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(ab(bytes)).dict) as Record<string, unknown>;
    for (const k of ['SOPInstanceUID', 'Rows', 'NumberOfFrames', 'InstanceNumber', 'RescaleIntercept', 'CTDIvol', 'ReferencedSeriesSequence']) assert.deepEqual(fromJson[k], fromFile[k], k);
  });

  test(`frames and bulk data of an ${name} file are little endian`, () => {
    const bytes = file(ts, { rows: 2, columns: 2, frames: 2, bits: 16, values: [1, 2, 3, 4, 5, 6, 7, 0xfffe] });
    const [second, first] = instanceFrames(bytes, [2, 1]);
    assert.deepEqual([...new Uint16Array(ab(first!))], [1, 2, 3, 4]);
    assert.deepEqual([...new Uint16Array(ab(second!))], [5, 6, 7, 0xfffe]);
    assert.deepEqual([...new Uint16Array(ab(instanceBulkData(bytes, '7FE00010')))], [1, 2, 3, 4, 5, 6, 7, 0xfffe]);
    assert.throws(() => instanceFrames(bytes, [3]), { code: 'DICOMWEB_NOT_FOUND' });
    assert.throws(() => instanceBulkData(bytes, '00081115/0/0020000E'), { code: 'DICOMWEB_NOT_FOUND' }, 'a text value is not bulk data');
  });
}

test('1-bit frames that do not start on a byte are re-packed from bit 0', () => {
  // 3 x 3 = 9 bits a frame: frame 2 starts at bit 9.
  const bits = [1, 0, 0, 0, 0, 0, 0, 0, 1, /* frame 2 */ 1, 1, 0, 0, 0, 0, 0, 0, 1];
  const packed = new Array(Math.ceil(bits.length / 8)).fill(0) as number[];
  bits.forEach((b, i) => { if (b) packed[i >> 3] |= 1 << (i & 7); });
  if (packed.length % 2) packed.push(0);
  const bytes = file(TS.explicitLE, { rows: 3, columns: 3, frames: 2, bits: 1, values: packed });
  const [f1, f2] = instanceFrames(bytes, [1, 2]);
  const unpack = (b: Uint8Array): number[] => Array.from({ length: 9 }, (_, i) => (b[i >> 3]! >> (i & 7)) & 1);
  assert.deepEqual(unpack(f1!), bits.slice(0, 9));
  assert.deepEqual(unpack(f2!), bits.slice(9));
});
