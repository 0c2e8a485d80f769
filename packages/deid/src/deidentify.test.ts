import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteSink, concatSegments, findElement, parsePart10, stringAt, type DataSet } from '@oncoatlas/dicom';
import { el, part10, sq, TS } from '@oncoatlas/testkit';
import { collectIdentifiers, ConfidentialityProfile, createDeidentifier, Pseudonymizer, verifyOutput, type DeidSettings } from './index.ts';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const secret = Buffer.from('unit-test-secret-0123456789');

/** One CT instance holding an example of every kind of action of Table E.1-1. */
function instance(): Buffer {
  return part10({
    transferSyntax: TS.explicitLE, sopClassUid: CT, sopInstanceUid: '1.2.3.4.1',
    dataset: [
      el(0x00080000, 'UL', [0]), // a group length: stale once values change
      el(0x00080016, 'UI', CT),
      el(0x00080018, 'UI', '1.2.3.4.1'), // U
      el(0x00080020, 'DA', '20230115'), // Z, C under modified dates
      el(0x00080021, 'DA', '20230115'), // X/D
      el(0x00080050, 'SH', 'ACC-99881'), // Z
      el(0x00080060, 'CS', 'CT'), // not listed: K
      el(0x00080080, 'LO', 'Hospital Real'), // X/Z/D
      el(0x00081030, 'LO', 'TORAX ROSSI MARIO PAT-0042'), // X, C under clean descriptors
      sq(0x00081140, [[el(0x00081150, 'UI', CT), el(0x00081155, 'UI', '1.2.3.4.2')]]), // K sequence, U inside
      el(0x00089999, 'LO', 'unknown to the dictionary'),
      el(0x00090010, 'LO', 'ACME PRIVATE'),
      el(0x00091001, 'LO', 'ROSSI^MARIO'),
      el(0x00190010, 'LO', 'SIEMENS MR HEADER'),
      el(0x0019100c, 'IS', '1000'), // on the default safe list (b-value)
      el(0x00100010, 'PN', 'ROSSI^MARIO'), // Z: a pseudonym
      el(0x00100020, 'LO', 'PAT-0042'), // Z/D: a pseudonym
      el(0x00101010, 'AS', '061Y'), // X, K under patient characteristics
      el(0x0020000d, 'UI', '1.2.3.4'),
      el(0x0020000e, 'UI', '1.2.3.4.5'),
      sq(0x0040a730, [[el(0x0040a040, 'CS', 'TEXT'), el(0x0040a160, 'UT', 'Seen ROSSI MARIO today'),
        sq(0x0040a043, [[el(0x00080100, 'SH', '121071'), el(0x00080102, 'SH', 'DCM'), el(0x00080104, 'LO', 'Finding')]])]]), // D
    ],
  });
}

function deid(settings: Partial<DeidSettings> = {}): { ds: DataSet; buf: Uint8Array; status: string } {
  const d = createDeidentifier({ profile: 'basic', options: [], secret, allowBurnedIn: false, recordMappings: false, ...settings });
  const r = d.deidentify({ size: 0, file: parsePart10(instance()), streamed: false }, new ByteSink());
  assert.ok(r.segments, r.reason ?? 'no output');
  const out = parsePart10(concatSegments(r.segments));
  return { ds: out.dataset, buf: out.buffer, status: r.status };
}

test('basic profile: each action of Table E.1-1 with the standard meaning', () => {
  const { ds, buf, status } = deid();
  const v = (t: number): string | undefined => stringAt(buf, ds, t);
  assert.equal(status, 'deidentified');
  assert.equal(findElement(ds, 0x00080000), undefined, 'group length removed');
  assert.match(v(0x00080018)!, /^2\.25\.\d+$/, 'U: SOP Instance UID remapped');
  assert.equal(v(0x00080020), '', 'Z: Study Date emptied');
  assert.equal(v(0x00080021), '19000101', 'X/D: kept for conformance, dummy value');
  assert.equal(v(0x00080050), '', 'Z: Accession Number emptied');
  assert.equal(v(0x00080060), 'CT', 'not listed: kept');
  assert.equal(v(0x00080080), 'ANONYMIZED', 'X/Z/D: dummy');
  assert.equal(findElement(ds, 0x00081030), undefined, 'X: Study Description removed');
  assert.equal(findElement(ds, 0x00089999), undefined, 'unknown attribute removed');
  assert.equal(findElement(ds, 0x00090010), undefined, 'private creator removed');
  assert.equal(findElement(ds, 0x00091001), undefined, 'private element removed');
  assert.equal(findElement(ds, 0x0019100c), undefined, 'safe private element removed without the option');
  assert.match(v(0x00100020)!, /^OA-[0-9A-Z]{20}$/, 'Patient ID pseudonym');
  assert.equal(v(0x00100010), `${v(0x00100020)}^ANONYMOUS`, 'Patient Name pseudonym');
  assert.equal(findElement(ds, 0x00101010), undefined, 'X: Patient Age removed');
  const ref = findElement(ds, 0x00081140)!.items![0]!;
  assert.equal(stringAt(buf, ref, 0x00081155), deid().ds && stringAt(buf, ref, 0x00081155), 'U inside a kept sequence');
  assert.match(stringAt(buf, ref, 0x00081155)!, /^2\.25\./);
  assert.equal(stringAt(buf, ref, 0x00081150), CT, 'class UIDs are not instance UIDs');
  const content = findElement(ds, 0x0040a730)!.items![0]!;
  assert.equal(stringAt(buf, content, 0x0040a160), 'ANONYMIZED', 'D on a sequence: text inside becomes a dummy');
  assert.equal(stringAt(buf, findElement(content, 0x0040a043)!.items![0]!, 0x00080100), '121071', 'codes kept');
  assert.equal(v(0x00120062), 'YES');
  assert.match(v(0x00120063)!, /PS3\.15 2024b/);
});

test('options: clean descriptors, patient characteristics, safe private, modified dates', () => {
  const { ds, buf } = deid({ options: ['clean-descriptors', 'retain-patient-characteristics', 'retain-safe-private'], datePolicy: 'year-month' });
  const v = (t: number): string | undefined => stringAt(buf, ds, t);
  assert.equal(v(0x00081030), 'TORAX ***** ***** ********', 'C: identifiers redacted from the description');
  assert.equal(v(0x00101010), '061Y', 'K: Patient Age kept');
  assert.equal(v(0x0019100c), '1000', 'safe private element kept');
  assert.equal(v(0x00190010), 'SIEMENS MR HEADER', 'its creator kept');
  assert.equal(findElement(ds, 0x00091001), undefined, 'other private elements still removed');
  assert.equal(v(0x00080020), '20230101', 'C: year-month date');
  const codes = findElement(ds, 0x00120064)!.items!.map((i) => stringAt(buf, i, 0x00080100));
  assert.deepEqual(codes, ['113100', '113105', '113107', '113108', '113111']);
});

test('Clean Pixel Data is accepted but not claimed by the header engine: only a redacted instance carries 113101', () => {
  const { ds, buf } = deid({ options: ['clean-pixel-data', 'clean-descriptors'] });
  const codes = findElement(ds, 0x00120064)!.items!.map((i) => stringAt(buf, i, 0x00080100));
  assert.deepEqual(codes, ['113100', '113105']);
  assert.doesNotMatch(stringAt(buf, ds, 0x00120063) ?? '', /pixel/i);
});

test('EUCAIM profile: CTP pseudonym functions', () => {
  const { ds, buf } = deid({ profile: 'eucaim', siteId: 'SITE-1' });
  assert.match(stringAt(buf, ds, 0x00100020)!, /^EUCAIM-\d+$/);
  assert.match(stringAt(buf, ds, 0x00080018)!, /^1\.3\.6\.1\.4\.1\.58108\.2023\.\d+$/);
  assert.equal(stringAt(buf, ds, 0x00080020), '20230101');
  assert.equal(stringAt(buf, ds, 0x00131013)!.length, 64);
  assert.throws(() => deid({ profile: 'eucaim' }), /site-id/);
});

test('a vendor private SOP class UID is kept and not mistaken for an identifier', () => {
  const vendor = '1.3.12.2.1107.5.9.1';
  const b = part10({ transferSyntax: TS.explicitLE, sopClassUid: vendor, sopInstanceUid: '1.2.3.9', dataset: [
    el(0x00080016, 'UI', vendor), el(0x00080018, 'UI', '1.2.3.9'), el(0x00100020, 'LO', 'P1'), el(0x0020000d, 'UI', '1.2.3'), el(0x0020000e, 'UI', '1.2.3.4')] });
  const d = createDeidentifier({ profile: 'basic', options: [], secret, allowBurnedIn: false, recordMappings: false });
  const r = d.deidentify({ size: b.length, file: parsePart10(b), streamed: false }, new ByteSink());
  assert.equal(r.status, 'deidentified', r.reason ?? '');
  const out = parsePart10(concatSegments(r.segments!));
  assert.equal(stringAt(out.buffer, out.dataset, 0x00080016), vendor);
  assert.notEqual(stringAt(out.buffer, out.dataset, 0x00080018), '1.2.3.9');
});

test('a procedure code meaning equal to the removed study description is not a leak', () => {
  const b = part10({ transferSyntax: TS.explicitLE, sopClassUid: CT, sopInstanceUid: '1.2.3.9', dataset: [
    el(0x00080016, 'UI', CT), el(0x00080018, 'UI', '1.2.3.9'), el(0x00081030, 'LO', 'CT THORAX WITH CONTRAST'),
    sq(0x00081032, [[el(0x00080100, 'SH', 'CTTHXC'), el(0x00080102, 'SH', '99LOCAL'), el(0x00080104, 'LO', 'CT THORAX WITH CONTRAST')]]),
    el(0x00100020, 'LO', 'P1'), el(0x0020000d, 'UI', '1.2.3'), el(0x0020000e, 'UI', '1.2.3.4')] });
  const d = createDeidentifier({ profile: 'basic', options: [], secret, allowBurnedIn: false, recordMappings: false });
  const r = d.deidentify({ size: b.length, file: parsePart10(b), streamed: false }, new ByteSink());
  assert.equal(r.status, 'deidentified', r.reason ?? '');
});

test('large native pixel data is copied in place, and what follows it is still verified', () => {
  const pixels = Buffer.alloc(256 * 256 * 2, 7);
  const input = parsePart10(part10({ transferSyntax: TS.explicitLE, sopClassUid: CT, sopInstanceUid: '1.2.3.9', dataset: [
    el(0x00080016, 'UI', CT), el(0x00080018, 'UI', '1.2.3.9'), el(0x00100010, 'PN', 'ROSSI^MARIO'), el(0x00100020, 'LO', 'P1'),
    el(0x0020000d, 'UI', '1.2.3'), el(0x0020000e, 'UI', '1.2.3.4'), el(0x7fe00010, 'OW', pixels)] }));
  const d = createDeidentifier({ profile: 'basic', options: [], secret, allowBurnedIn: false, recordMappings: false });
  const r = d.deidentify({ size: 0, file: input, streamed: false }, new ByteSink());
  assert.equal(r.status, 'deidentified', r.reason ?? '');
  assert.ok(r.segments!.some((seg) => seg instanceof Uint8Array && seg.length > pixels.length), 'pixel data referenced in place');
  assert.ok(Buffer.from(concatSegments(r.segments!)).includes(pixels), 'pixel data byte-identical');
  // An element after the pixel data that still holds the patient's name must be found.
  const needles = collectIdentifiers(input, { profile: new ConfidentialityProfile(new Set()), datePolicy: 'remove', retainUids: false, retainFullDates: false });
  const trailing = Buffer.concat([Buffer.from([0xfc, 0xff, 0xfc, 0xff, 0x4f, 0x42, 0, 0, 16, 0, 0, 0]), Buffer.from('....ROSSI^MARIO.', 'latin1')]);
  const v = verifyOutput([...r.segments!, trailing], needles);
  assert.equal(v.ok, false);
  assert.match(v.ok ? '' : v.reason, /identifying value \(name\) of PatientName found in output DataSetTrailingPadding/);
});
