/**
 * Disclosure checks of a job's outputs, before a reviewer sees them: what must never leave (a DICOM object, an
 * output over the size limit) is blocked; what may be a disclosure (patient-level rows, small cells, the
 * dataset's pseudonyms or study keys in the text, binary files nobody can read in review) is flagged for the
 * reviewer. A flag says where and what kind, never the value found. Pure: the caller reads the files.
 */
import type { VersionIndex } from '@oncoatlas/release';
import type { OutputFlag } from '../job-types.ts';

/** The smallest count a table may show; smaller counts (other than 0) are small cells. */
export const DEFAULT_MIN_CELL = 5;

export interface DisclosureKeys {
  /** The version's patient pseudonyms. */
  readonly pseudonyms: ReadonlySet<string>;
  /** Its study, series and SOP instance UIDs and accession numbers. */
  readonly studyKeys: ReadonlySet<string>;
  /** How many patients the version holds (a table with one row each is patient-level). */
  readonly patients: number;
  readonly minCell: number;
}

/** Shorter values (an empty pseudonym, "1") would match ordinary text. */
const MIN_KEY_LENGTH = 4;

export function disclosureKeys(index: VersionIndex, minCell = DEFAULT_MIN_CELL): DisclosureKeys {
  const pseudonyms = new Set<string>();
  const studyKeys = new Set<string>();
  const add = (set: Set<string>, v: string | null): void => { if (v !== null && v.length >= MIN_KEY_LENGTH) set.add(v); };
  for (const st of index.studies) {
    add(pseudonyms, st.patientId);
    add(studyKeys, st.studyInstanceUid);
    add(studyKeys, st.accessionNumber);
    for (const se of st.series) {
      add(studyKeys, se.seriesInstanceUid);
      for (const i of se.instances) add(studyKeys, i.sopInstanceUid);
    }
  }
  return { pseudonyms, studyKeys, patients: new Set(index.studies.map((s) => s.patientId)).size, minCell };
}

export function tooLargeFlag(limitBytes: number): OutputFlag {
  return { code: 'TOO_LARGE', severity: 'block', detail: `the job's outputs together are larger than its output limit of ${limitBytes} bytes` };
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A Part 10 file (DICM after the preamble) or a bare data set starting with a File Meta or Identifying group element. */
export function isDicom(b: Uint8Array): boolean {
  if (b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d) return true;
  if (b.length < 8) return false;
  const group = b[0]! | (b[1]! << 8);
  const element = b[2]! | (b[3]! << 8);
  if ((group !== 0x0002 && group !== 0x0008) || element > 0x0100) return false;
  const upper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
  if (upper(b[4]!) && upper(b[5]!)) return true;
  const implicitLength = (b[4]! | (b[5]! << 8) | (b[6]! << 16)) + b[7]! * 0x1000000;
  return implicitLength <= b.length - 8;
}

function isText(b: Uint8Array): string | undefined {
  if (b.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return undefined;
  }
}

const TOKENIZERS = [/\d+(?:\.\d+)+/g, /[A-Za-z0-9_-]+/g, /[A-Za-z0-9_.-]+/g];

function lines(list: readonly number[]): string {
  const shown = list.slice(0, 5).join(', ');
  return list.length === 1 ? `line ${shown} holds` : `lines ${shown}${list.length > 5 ? ` and ${list.length - 5} more` : ''} hold`;
}

function scanKeys(text: string, keys: DisclosureKeys): OutputFlag[] {
  const found = { pseudonym: [] as number[], key: [] as number[] };
  text.split('\n').forEach((line, i) => {
    let pseudonym = false;
    let key = false;
    for (const re of TOKENIZERS) {
      for (const m of line.matchAll(re)) {
        const t = m[0].replace(/\.+$/, '');
        if (keys.pseudonyms.has(t)) pseudonym = true;
        if (keys.studyKeys.has(t)) key = true;
      }
    }
    if (pseudonym) found.pseudonym.push(i + 1);
    if (key) found.key.push(i + 1);
  });
  const flags: OutputFlag[] = [];
  if (found.pseudonym.length > 0) flags.push({ code: 'PSEUDONYM', severity: 'warn', detail: `${lines(found.pseudonym)} a patient pseudonym of this dataset` });
  if (found.key.length > 0) flags.push({ code: 'STUDY_KEY', severity: 'warn', detail: `${lines(found.key)} a study, series or instance UID or an accession number of this dataset` });
  return flags;
}

/** One line of CSV/TSV into its cells (quotes as RFC 4180 within a line). */
function cells(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

const COUNT_WORDS = new Set(['n', 'count', 'counts', 'patients', 'studies', 'subjects', 'cases']);
const PATIENT_WORDS = /^(patient|patient_?id|patientid|subject|subject_?id|person_?id|pseudonym|case_?id)$/i;

function isCountColumn(header: string): boolean {
  const words = header.toLowerCase().split(/[^a-z]+/).filter((w) => w !== '');
  return words.length > 0 && (COUNT_WORDS.has(words[0]!) || COUNT_WORDS.has(words.at(-1)!));
}

function smallCell(v: number, minCell: number): boolean {
  return Number.isInteger(v) && v > 0 && v < minCell;
}

function checkTable(text: string, sep: string, keys: DisclosureKeys): OutputFlag[] {
  const rows = text.split(/\r?\n/).map((l, i) => ({ line: i + 1, cells: cells(l, sep) })).filter((r) => r.cells.some((c) => c !== ''));
  if (rows.length < 2) return [];
  const [header, ...data] = rows as [typeof rows[number], ...typeof rows];
  const flags: OutputFlag[] = [];
  header.cells.forEach((name, col) => {
    const values = data.map((r) => r.cells[col] ?? '').filter((v) => v !== '');
    const label = `column ${col + 1}`;
    if (PATIENT_WORDS.test(name)) {
      flags.push({ code: 'PATIENT_LEVEL', severity: 'warn', detail: `${label} is named as a patient identifier: the table may be patient-level` });
    } else if (values.length > 0 && values.filter((v) => keys.pseudonyms.has(v)).length * 2 >= values.length) {
      flags.push({ code: 'PATIENT_LEVEL', severity: 'warn', detail: `${label} holds this dataset's patient pseudonyms: the table is patient-level` });
    }
    if (isCountColumn(name)) {
      const small = data.filter((r) => r.cells[col] !== undefined && r.cells[col] !== '' && smallCell(Number(r.cells[col]), keys.minCell)).map((r) => r.line);
      if (small.length > 0) flags.push({ code: 'SMALL_CELL', severity: 'warn', detail: `${label} (${name}): ${lines(small)} a count below the minimum cell of ${keys.minCell}` });
    }
  });
  if (keys.patients > 1 && data.length === keys.patients && header.cells.some((_, col) => new Set(data.map((r) => r.cells[col])).size === data.length)) {
    flags.push({ code: 'PATIENT_LEVEL', severity: 'warn', detail: `the table has one row per patient of this dataset (${data.length} rows)` });
  }
  return flags;
}

function checkJsonCounts(text: string, minCell: number): OutputFlag[] {
  let value: unknown;
  try { value = JSON.parse(text); } catch { return []; }
  let small = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'number' && isCountColumn(k) && smallCell(x, minCell)) small++;
        else walk(x);
      }
    }
  };
  walk(value);
  return small === 0 ? [] : [{ code: 'SMALL_CELL', severity: 'warn', detail: `${small} count(s) below the minimum cell of ${minCell}` }];
}

/**
 * The flags of one output file (`path` relative to the job's output folder).
 *
 * @example
 * checkOutput('summary.csv', readFileSync(file), disclosureKeys(await versionIndex(dataDir, id, 1)));
 * // [{ code: 'SMALL_CELL', severity: 'warn', detail: 'column 2 (n): line 4 holds a count below the minimum cell of 5' }]
 */
export function checkOutput(path: string, bytes: Uint8Array, keys: DisclosureKeys): OutputFlag[] {
  if (isDicom(bytes)) return [{ code: 'DICOM_FILE', severity: 'block', detail: 'the file is a DICOM object: images never leave the node' }];
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  const text = isText(bytes);
  const flags: OutputFlag[] = [];
  const png = bytes.length >= 8 && PNG.equals(bytes.subarray(0, 8));
  if (text === undefined && !png) flags.push({ code: 'BINARY', severity: 'warn', detail: 'a binary file (not text, PNG, JSON or CSV): the reviewer cannot read it here' });
  // Binary files are scanned too: a key written into them is as disclosed as one in text.
  flags.push(...scanKeys(text ?? Buffer.from(bytes).toString('latin1'), keys));
  if (text !== undefined && (ext === 'csv' || ext === 'tsv')) flags.push(...checkTable(text, ext === 'tsv' ? '\t' : ',', keys));
  if (text !== undefined && ext === 'json') flags.push(...checkJsonCounts(text, keys.minCell));
  return flags;
}
