/**
 * The identifiers an instance's own header holds, as the OCR of its pixels looks for them: a scanner burns in
 * what it was told about the patient, so the header is the best list of what to search for. Values stay in the
 * process; a detection reports only a kind and a box.
 */
import { asciiValue, decodeText, findElement, parseSpecificCharacterSet, splitValues, stringAt, valueBytes, type CharacterSets, type DataSet, type DicomFile } from '@oncoatlas/dicom';

export interface InstanceIdentifiers {
  /** Person Name values as stored (`FAMILY^GIVEN^MIDDLE`, groups split on `=`); the matcher splits them into parts. */
  readonly names: readonly string[];
  /** Patient ID, Other Patient IDs, Accession Number. */
  readonly ids: readonly string[];
  /** DA values, YYYYMMDD: study, series, acquisition, content, birth. */
  readonly dates: readonly string[];
  readonly institutions: readonly string[];
}

const NAME_TAGS = [0x00100010, 0x00101001, 0x00101005]; // Patient's Name, Other Patient Names, Patient's Birth Name
const ID_TAGS = [0x00100020, 0x00101000, 0x00080050]; // Patient ID, Other Patient IDs, Accession Number
const OTHER_IDS_SEQUENCE = 0x00101002;
const DATE_TAGS = [0x00080020, 0x00080021, 0x00080022, 0x00080023, 0x00100030];
const DATE_TIME_TAGS = [0x0008002a]; // Acquisition DateTime: its date part
const INSTITUTION_TAGS = [0x00080080];

function values(f: DicomFile, ds: DataSet, t: number, sets: CharacterSets, vr: string): string[] {
  const el = findElement(ds, t);
  if (!el || el.external || el.items || el.length === 0) return [];
  const raw = vr === 'DA' ? asciiValue(f.buffer, el) : decodeText(valueBytes(f.buffer, el), sets, vr);
  return splitValues(raw).map((v) => v.trim()).filter((v) => v !== '');
}

/**
 * The instance's identifiers from its parsed header. An unknown Specific Character Set reads the text as
 * Latin-1 rather than failing: a wrongly decoded accent costs one edit, a failure would skip the OCR.
 *
 * @example
 * const ids = identifiersOf(parsePart10(bytes));
 */
export function identifiersOf(f: DicomFile): InstanceIdentifiers {
  const ds = f.dataset;
  let sets: CharacterSets;
  try {
    sets = parseSpecificCharacterSet(stringAt(f.buffer, ds, 0x00080005));
  } catch {
    sets = parseSpecificCharacterSet('ISO_IR 100');
  }
  const all = (tags: readonly number[], vr: string, in_: DataSet = ds): string[] => tags.flatMap((t) => values(f, in_, t, sets, vr));
  const otherIds = (findElement(ds, OTHER_IDS_SEQUENCE)?.items ?? []).flatMap((item) => all([0x00100020], 'LO', item));
  const dates = [...all(DATE_TAGS, 'DA'), ...all(DATE_TIME_TAGS, 'DA').map((v) => v.slice(0, 8))].filter((d) => /^\d{8}$/.test(d));
  const unique = (xs: string[]): string[] => [...new Set(xs)];
  return {
    names: unique(all(NAME_TAGS, 'PN').flatMap((v) => v.split('=')).filter((v) => v.replace(/\^/g, '').trim() !== '')),
    ids: unique([...all(ID_TAGS, 'LO'), ...otherIds]),
    dates: unique(dates),
    institutions: unique(all(INSTITUTION_TAGS, 'LO')),
  };
}
