import { basename } from 'node:path';
import { oncoError } from '@oncoatlas/core';
import { detectEncoding } from './encoding.ts';
import {
  COLUMNS, entryLabel, fhirInvalid, flattenCondition, flattenObservation, flattenPatient, flattenProcedure,
  subjectReference, type EntryContext, type FlatRow, type Json, type SupportedType,
} from './fhir-resources.ts';
import { readSourceBytes } from './source-file.ts';
import { makeRow, type ClinicalTable } from './table.ts';

/**
 * Reads a FHIR R4 JSON Bundle (or one resource) into a table per supported resource type: Patient,
 * Condition, Observation, Procedure, in that order, each only when the bundle holds one. Subjects are
 * resolved to the Patient's id so the tables join on `patient` = `id`.
 */
export function readFhirBundle(path: string): ClinicalTable[] {
  return fhirTablesFromBytes(readSourceBytes(path), path);
}

const TYPES: readonly SupportedType[] = ['Patient', 'Condition', 'Observation', 'Procedure'];
/** Bundle types whose entries are resources to read; history and *-response bundles hold versions and outcomes. */
const READABLE_BUNDLES = new Set(['collection', 'transaction', 'batch', 'searchset', 'document', 'message']);
const OTHER_BUNDLES = new Set(['history', 'transaction-response', 'batch-response']);
/** A resource type is a name; anything else in that field is not repeated back, it could be anything. */
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const LISTED = 10;

export function fhirTablesFromBytes(bytes: Uint8Array, path: string): ClinicalTable[] {
  const file = basename(path);
  const { encoding, bom } = detectEncoding(bytes);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(bom));
  } catch {
    throw oncoError('FHIR_INVALID', `${file} is not valid ${encoding} text, so not a FHIR JSON document.`, { file, encoding });
  }
  // FHIR JSON is UTF-8 by definition, but a hand-written exporter on Windows may not know it; reading the
  // accents as Windows-1252 beats refusing the file, and the warning says why accents may need a look.
  const notes = encoding === 'utf-8' ? [] : [`the file is ${encoding}, not UTF-8 as FHIR requires; it was read as ${encoding}`];
  return fhirTables(parseJson(text, file), file, path, encoding, notes);
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // V8's messages can quote the text around the error; only the position is passed on.
    const at = /line (\d+) column (\d+)/.exec(err instanceof Error ? err.message : '');
    const where = at ? ` (error at line ${at[1]}, column ${at[2]})` : '';
    throw oncoError('FHIR_INVALID', `${file} is not valid JSON${where}.`, { file, line: at ? Number(at[1]) : undefined, column: at ? Number(at[2]) : undefined });
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Entry {
  readonly index: number | undefined;
  readonly fullUrl: string;
  readonly resource: Json;
  readonly resourceType: string;
}

function fhirTables(doc: unknown, file: string, path: string, encoding: string, notes: string[]): ClinicalTable[] {
  if (!isObject(doc)) throw oncoError('FHIR_INVALID', `${file}: the JSON document is not an object, so not a FHIR resource.`, { file });
  const rootType = doc.resourceType;
  if (typeof rootType !== 'string' || rootType === '') {
    throw oncoError('FHIR_INVALID', `${file} has no resourceType, so it is not a FHIR resource.`, { file, field: 'resourceType' });
  }
  const bundleNotes = [...notes];
  const entries: Entry[] = [];
  if (rootType === 'Bundle') {
    entries.push(...bundleEntries(doc, file, bundleNotes));
  } else if ((TYPES as readonly string[]).includes(rootType)) {
    entries.push({ index: undefined, fullUrl: '', resource: doc, resourceType: rootType });
  } else {
    const named = RESOURCE_TYPE.test(rootType) ? `a resource of type ${rootType}` : 'not a FHIR resource type';
    throw oncoError('FHIR_INVALID', `${file} is ${named}; supported: a Bundle, or a Patient, Condition, Observation or Procedure.`, { file, field: 'resourceType' });
  }

  // Patients first, wherever they sit in the bundle, so a Condition listed before its Patient still resolves.
  const patientIds = new Map<string, string>();
  const patientRows = new Map<Entry, FlatRow>();
  for (const entry of entries) {
    if (entry.resourceType !== 'Patient') continue;
    const row = flattenPatient(entry.resource, context(entry, file), idFromUrl(entry.fullUrl));
    patientRows.set(entry, row);
    if (entry.fullUrl !== '') patientIds.set(entry.fullUrl, row.id);
    patientIds.set(`Patient/${row.id}`, row.id);
  }

  const rows = new Map<SupportedType, Record<string, string>[]>(TYPES.map((t) => [t, []]));
  const warnings = new Map<SupportedType, string[]>(TYPES.map((t) => [t, []]));
  const unresolved = new Map<SupportedType, string[]>(TYPES.map((t) => [t, []]));
  const unsupported = new Map<string, number>();
  let extraStages = 0;
  for (const entry of entries) {
    const type = entry.resourceType;
    if (!(TYPES as readonly string[]).includes(type)) {
      unsupported.set(type, (unsupported.get(type) ?? 0) + 1);
      continue;
    }
    const t = type as SupportedType;
    const ctx = context(entry, file);
    let flat = patientRows.get(entry);
    if (flat === undefined) {
      const patient = resolvePatient(subjectReference(entry.resource, ctx), patientIds);
      if (patient === undefined) unresolved.get(t)!.push(entryLabel(ctx));
      const p = patient ?? '';
      flat = t === 'Condition' ? flattenCondition(entry.resource, ctx, p)
        : t === 'Observation' ? flattenObservation(entry.resource, ctx, p)
        : flattenProcedure(entry.resource, ctx, p);
      if (t === 'Condition' && Array.isArray(entry.resource.stage) && entry.resource.stage.length > 1) extraStages++;
    }
    const columns = COLUMNS[t];
    rows.get(t)!.push(makeRow(columns, columns.map((c) => flat[c] ?? '')));
  }

  for (const t of TYPES) {
    const missed = unresolved.get(t)!;
    if (missed.length > 0) {
      const shown = missed.slice(0, LISTED).join(', ') + (missed.length > LISTED ? `, and ${missed.length - LISTED} more` : '');
      warnings.get(t)!.push(`${missed.length} subject reference(s) are not a Patient/<id> reference nor a Patient in the bundle; patient left empty: ${shown}`);
    }
  }
  if (extraStages > 0) warnings.get('Condition')!.push(`${extraStages} Condition(s) have more than one stage; only the first is read`);
  if (unsupported.size > 0) {
    const count = [...unsupported.values()].reduce((a, b) => a + b, 0);
    bundleNotes.push(`${count} entries of unsupported types skipped: ${[...unsupported.keys()].sort().join(', ')}`);
  }

  const tables: ClinicalTable[] = [];
  for (const t of TYPES) {
    const tableRows = rows.get(t)!;
    if (tableRows.length === 0) continue;
    // Bundle-wide warnings go on the first table only, so a report does not repeat them per resource type.
    const tableWarnings = [...(tables.length === 0 ? bundleNotes : []), ...warnings.get(t)!];
    tables.push({ name: t, columns: COLUMNS[t], rows: tableRows, source: { format: 'fhir', encoding, path }, warnings: tableWarnings });
  }
  if (tables.length === 0 && entries.length > 0) {
    throw oncoError('FHIR_INVALID', `${file} holds no Patient, Condition, Observation or Procedure entries (${bundleNotes.join('; ')}).`, { file });
  }
  return tables;
}

function bundleEntries(bundle: Json, file: string, notes: string[]): Entry[] {
  const type = bundle.type;
  if (type === undefined) notes.push('the Bundle has no type; its entries were read as a collection');
  else if (typeof type !== 'string' || !READABLE_BUNDLES.has(type)) {
    const named = typeof type === 'string' && OTHER_BUNDLES.has(type) ? `a ${type} Bundle, which holds no resources to import` : 'of a type R4 does not define';
    throw oncoError('FHIR_INVALID', `${file} is ${named}; supported Bundle types: ${[...READABLE_BUNDLES].join(', ')}.`, { file, field: 'type' });
  }
  const list = bundle.entry ?? [];
  if (!Array.isArray(list)) throw oncoError('FHIR_INVALID', `${file}: Bundle.entry is not a JSON array.`, { file, field: 'entry' });
  const entries: Entry[] = [];
  let withoutResource = 0;
  list.forEach((item: unknown, index) => {
    const fail = (problem: string, field: string) => oncoError('FHIR_INVALID', `${file}: entry[${index}] ${problem}.`, { file, entry: index, field });
    if (!isObject(item)) throw fail('is not a JSON object', `entry[${index}]`);
    const fullUrl = item.fullUrl ?? '';
    if (typeof fullUrl !== 'string') throw fail('has a fullUrl that is not a string', 'fullUrl');
    // A transaction's DELETE entries carry only a request.
    if (item.resource === undefined) {
      withoutResource++;
      return;
    }
    if (!isObject(item.resource)) throw fail('has a resource that is not a JSON object', 'resource');
    const resourceType = item.resource.resourceType;
    if (typeof resourceType !== 'string' || resourceType === '') throw fail('has a resource without resourceType', 'resource.resourceType');
    if (!RESOURCE_TYPE.test(resourceType)) throw fail('has a resourceType that is not a FHIR resource type name', 'resource.resourceType');
    entries.push({ index, fullUrl, resource: item.resource, resourceType });
  });
  if (withoutResource > 0) notes.push(`${withoutResource} entries without a resource skipped`);
  return entries;
}

function context(entry: Entry, file: string): EntryContext {
  return { file, index: entry.index, resourceType: entry.resourceType };
}

/** The id a fullUrl implies: the uuid of `urn:uuid:…`, or the last segment of `…/Patient/<id>`. */
function idFromUrl(fullUrl: string): string {
  const urn = /^urn:(?:uuid|oid):(.+)$/i.exec(fullUrl);
  if (urn) return urn[1];
  return /\/Patient\/([^/]+)$/.exec(fullUrl)?.[1] ?? '';
}

/**
 * The Patient id a subject reference names: a fullUrl of a Patient in the bundle (urn:uuid references can
 * only resolve this way), or a relative or absolute `Patient/<id>` URL, which names the id even when the
 * Patient is not in the bundle (a searchset of Conditions). Groups, contained (#) and unknown urn:uuid
 * references give undefined.
 */
function resolvePatient(reference: string, patientIds: ReadonlyMap<string, string>): string | undefined {
  const known = patientIds.get(reference);
  if (known !== undefined) return known;
  if (reference.startsWith('urn:') || reference.startsWith('#')) return undefined;
  return /(?:^|\/)Patient\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference)?.[1];
}
