/**
 * Peer: a read-modify-write loop with dcmjs, the JavaScript library most projects would reach for. It blanks or
 * replaces about twenty identifying attributes and drops private tags, in memory, file by file.
 * Usage: dcmjs-deid.ts IN OUT
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import dcmjs from 'dcmjs';

const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
// dcmjs logs every unusual VR; the benchmark measures the work, not the console.
dcmjs.log?.setLevel?.('error');
console.warn = () => {};
console.log = () => {};
const [input, output] = process.argv.slice(2) as [string, string];
const BLANK = ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientAddress', 'PatientTelephoneNumbers', 'AccessionNumber', 'InstitutionName',
  'InstitutionAddress', 'ReferringPhysicianName', 'OperatorsName', 'StationName', 'StudyID', 'DeviceSerialNumber', 'StudyDate', 'SeriesDate',
  'AcquisitionDate', 'ContentDate', 'StudyTime', 'SeriesTime', 'StudyDescription'];
const REMOVE = ['OtherPatientIDsSequence', 'RequestAttributesSequence', 'ReferencedImageSequence'];
const made = new Set<string>();
for (const e of readdirSync(input, { recursive: true, withFileTypes: true })) {
  if (!e.isFile()) continue;
  const src = join(e.parentPath, e.name);
  const b = readFileSync(src);
  const msg = DicomMessage.readFile(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  // dcmjs cannot naturalise private elements, so they are dropped from the raw dictionary first.
  for (const tag of Object.keys(msg.dict)) if (parseInt(tag.slice(0, 4), 16) % 2 === 1) delete msg.dict[tag];
  const ds = DicomMetaDictionary.naturalizeDataset(msg.dict);
  for (const k of BLANK) if (k in ds) ds[k] = k === 'PatientID' || k === 'PatientName' ? 'ANON' : '';
  for (const k of REMOVE) delete ds[k];
  for (const k of ['SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID']) ds[k] = DicomMetaDictionary.uid();
  msg.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  const dst = join(output, relative(input, src));
  const dir = dirname(dst);
  if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
  writeFileSync(dst, Buffer.from(msg.write()));
}
