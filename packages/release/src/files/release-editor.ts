/**
 * What a release changes in a de-identified file so that the file says no more than the risk assessment
 * measured (the generalisation is written, not just planned). Every date of the study's files becomes the
 * study's offset from the patient's baseline, written as a date counted from a fixed anchor (release-dates.ts),
 * every time its hour; equipment, body part and sex are withdrawn when their quasi-identifier is; patient
 * characteristics (age, size, weight...) are always removed (the clinical extract gives age at diagnosis,
 * generalised). The method is appended to De-identification Method (0012,0063). Pure: bytes in, edits out.
 *
 * A withdrawn value follows the basic profile's action for its attribute (PS3.15 Table E.1-1): removed (X),
 * emptied (Z) or given a dummy (D, where a Type 1 attribute must keep a value), as `--dates remove` does.
 */
import { ConfidentialityProfile, resolveCombined } from '@oncoatlas/deid';
import { EMPTY, KEEP, RECURSE, REMOVE, type DataSet, type DataSetEditor, type Edit, type Element, type NewElement } from '@oncoatlas/dicom';

export interface StudyRelease {
  /** The value of every DA in the study's files (YYYYMMDD), or null: dates withdrawn. */
  readonly date: string | null;
  /** The value of every TM (HH), or null: times withdrawn. */
  readonly hour: string | null;
  readonly manufacturer: boolean;
  readonly model: boolean;
  readonly bodyPart: boolean;
  readonly sex: boolean;
  /** A value appended to De-identification Method (0012,0063): how the release changed the file. */
  readonly method: string;
}

const BASIC = new ConfidentialityProfile(new Set());
const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

const MANUFACTURER = 0x00080070;
const MODEL_NAME = 0x00081090;
const SOFTWARE_VERSIONS = 0x00181020;
const BODY_PART = 0x00180015;
const PATIENT_SEX = 0x00100040;
const DEID_METHOD = 0x00120063;
const LONGITUDINAL_MODIFIED = 0x00280303;

/** Patient characteristics: measures of the body and life a release never carries in its files. */
export const PATIENT_CHARACTERISTICS: ReadonlySet<number> = new Set([
  0x00101010, // Patient's Age
  0x00101020, // Patient's Size
  0x00101021, // Patient's Size Code Sequence
  0x00101022, // Patient's Body Mass Index
  0x00101030, // Patient's Weight
  0x00102160, // Ethnic Group
  0x001021a0, // Smoking Status
  0x001021c0, // Pregnancy Status
  0x00102203, // Patient's Sex Neutered
]);

/**
 * Storage classes whose IODs carry the Enhanced General Equipment Module, where Manufacturer, Manufacturer's
 * Model Name and Software Versions are Type 1: withdrawn, they get the profile's dummy instead of nothing.
 */
const ENHANCED_EQUIPMENT = new Set([
  '1.2.840.10008.5.1.4.1.1.66.4', // Segmentation
  '1.2.840.10008.5.1.4.1.1.30', // Parametric Map
  '1.2.840.10008.5.1.4.1.1.2.1', '1.2.840.10008.5.1.4.1.1.2.2', // Enhanced and Legacy Converted Enhanced CT
  '1.2.840.10008.5.1.4.1.1.4.1', '1.2.840.10008.5.1.4.1.1.4.2', '1.2.840.10008.5.1.4.1.1.4.3', '1.2.840.10008.5.1.4.1.1.4.4', // Enhanced MR, spectroscopy, colour, legacy
  '1.2.840.10008.5.1.4.1.1.128.1', '1.2.840.10008.5.1.4.1.1.130', // Legacy Converted Enhanced PET, Enhanced PET
  '1.2.840.10008.5.1.4.1.1.6.2', '1.2.840.10008.5.1.4.1.1.12.1.1', '1.2.840.10008.5.1.4.1.1.12.2.1', '1.2.840.10008.5.1.4.1.1.13.1.3',
]);
const SOP_CLASS = 0x00080016;
const TEXT_DUMMY = ascii('ANONYMIZED');

const DUMMY: Readonly<Record<string, Uint8Array>> = { DA: ascii('19000101'), DT: ascii('19000101000000'), TM: ascii('000000') };

function withdraw(el: Element): Edit {
  const action = BASIC.actionFor(el.tag);
  switch (action === undefined ? 'Z' : resolveCombined(action)) {
    case 'X': return REMOVE;
    case 'D': return DUMMY[el.vr] ? { value: DUMMY[el.vr]! } : EMPTY;
    default: return EMPTY;
  }
}

/** How many values a string element holds (a date list keeps its count). */
function multiplicity(buf: Uint8Array, el: Element): number {
  let n = 1;
  for (let i = el.valueOffset; i < el.valueOffset + el.length; i++) if (buf[i] === 0x5c) n++;
  return n;
}

function repeated(value: string, buf: Uint8Array, el: Element): Edit {
  return { value: ascii(Array.from({ length: multiplicity(buf, el) }, () => value).join('\\')) };
}

export class ReleaseEditor implements DataSetEditor {
  readonly #plan: StudyRelease;
  /** Whether the current file's equipment attributes are Type 1 (its SOP class comes before them). */
  #enhanced = false;

  constructor(plan: StudyRelease) {
    this.#plan = plan;
  }

  edit(el: Element, buf: Uint8Array, _ds: DataSet, parents: readonly Element[]): Edit {
    if (PATIENT_CHARACTERISTICS.has(el.tag)) return REMOVE;
    if (el.items) return RECURSE;
    if (el.length === 0) return KEEP;
    const p = this.#plan;
    switch (el.vr) {
      case 'DA': return p.date === null ? withdraw(el) : repeated(p.date, buf, el);
      case 'DT': return p.date === null ? withdraw(el) : repeated(`${p.date}${p.hour ?? ''}`, buf, el);
      case 'TM': return p.hour === null ? withdraw(el) : repeated(p.hour, buf, el);
      default: break;
    }
    if (parents.length > 0) return KEEP;
    switch (el.tag) {
      case SOP_CLASS:
        this.#enhanced = ENHANCED_EQUIPMENT.has(Buffer.from(buf.buffer, buf.byteOffset + el.valueOffset, el.length).toString('latin1').replace(/[\0 ]+$/, ''));
        return KEEP;
      case MANUFACTURER: return p.manufacturer ? KEEP : this.#enhanced ? { value: TEXT_DUMMY } : EMPTY;
      case MODEL_NAME: case SOFTWARE_VERSIONS: return p.model ? KEEP : this.#enhanced ? { value: TEXT_DUMMY } : REMOVE;
      case BODY_PART: return p.bodyPart ? KEEP : REMOVE;
      case PATIENT_SEX: return p.sex ? KEEP : EMPTY;
      case DEID_METHOD: {
        const before = Buffer.from(buf.buffer, buf.byteOffset + el.valueOffset, el.length).toString('latin1').replace(/[\0 ]+$/, '');
        return { value: ascii(`${before}\\${p.method}`) };
      }
      case LONGITUDINAL_MODIFIED: return { value: ascii('MODIFIED') };
      default: return KEEP;
    }
  }

  additions(ds: DataSet, _buf: Uint8Array, parents: readonly Element[]): readonly NewElement[] | undefined {
    if (parents.length > 0) return undefined;
    const has = (tag: number): boolean => ds.elements.some((e) => e.tag === tag);
    const out: NewElement[] = [];
    if (!has(DEID_METHOD)) out.push({ tag: DEID_METHOD, vr: 'LO', value: ascii(this.#plan.method) });
    if (!has(LONGITUDINAL_MODIFIED)) out.push({ tag: LONGITUDINAL_MODIFIED, vr: 'CS', value: ascii('MODIFIED') });
    return out;
  }
}
