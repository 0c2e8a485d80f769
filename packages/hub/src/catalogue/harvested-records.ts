/**
 * A node's DCAT-AP records read back into what the hub lists and searches: the English (else first) title and
 * description, keywords, the hyperontology codes of modalities, body parts and conditions, counts, age range,
 * and when its catalogue record changed. Pure: N-Triples in, plain objects out.
 */
import { lookupValue } from '@oncoatlas/clinical';
import { oncoError } from '@oncoatlas/core';
import { Parser, Store, type Term } from 'n3';

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/', eucaim: 'https://cancerimage.eu/ontology/EUCAIM#', hdcat: 'https://w3id.org/healthdcat-ap#',
} as const;

export interface HarvestedDataset {
  readonly iri: string;
  readonly title: string;
  readonly description: string;
  readonly keywords: readonly string[];
  readonly modalities: readonly string[];
  readonly bodyParts: readonly string[];
  readonly conditions: readonly string[];
  readonly primaryCondition: string | null;
  readonly subjects: number | null;
  readonly studies: number | null;
  readonly ageRange: { readonly min: number; readonly max: number } | null;
  readonly version: string | null;
  readonly releasedAt: string | null;
  /** dct:modified of its catalogue record (else of the dataset, else its issue date). */
  readonly modified: string;
}

/** The DICOM terms the hub names modalities by, when a record gives their hyperontology code. */
const DICOM_MODALITIES = ['CT', 'MR', 'PT', 'US', 'MG', 'CR', 'DX', 'NM', 'XA', 'RF', 'OT'];
let modalityByCode: Map<string, string> | undefined;

function modalityName(code: string): string {
  modalityByCode ??= new Map(DICOM_MODALITIES.flatMap((m) => {
    const l = lookupValue('modality', m);
    const eucaim = l.ok ? l.coded.codings.find((c) => c.system === 'EUCAIM')?.code : undefined;
    return eucaim ? [[eucaim, l.ok ? l.coded.value : m] as const] : [];
  }));
  return modalityByCode.get(code) ?? code;
}

const local = (iri: string): string => iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);

/** English when there is English, else the first literal given. */
function inEnglish(terms: readonly Term[]): string | undefined {
  const literals = terms.filter((t) => t.termType === 'Literal');
  return (literals.find((t) => (t as { language?: string }).language === 'en') ?? literals[0])?.value;
}

function integer(terms: readonly Term[]): number | null {
  const n = terms[0] ? Number(terms[0].value) : Number.NaN;
  return Number.isSafeInteger(n) ? n : null;
}

/** The datasets the records describe; malformed N-Triples are HUB_HARVEST_INVALID. */
export function harvestedDatasets(nTriples: string): HarvestedDataset[] {
  let store: Store;
  try {
    store = new Store(new Parser({ format: 'application/n-triples' }).parse(nTriples));
  } catch (err) {
    throw oncoError('HUB_HARVEST_INVALID', `A node's harvested records are not valid N-Triples (${(err as Error).message.slice(0, 200)}).`);
  }
  const objects = (s: Term, p: string): Term[] => store.getObjects(s, p, null);
  const recordModified = new Map<string, string>();
  for (const record of store.getSubjects(`${NS.rdf}type`, `${NS.dcat}CatalogRecord`, null)) {
    const topic = objects(record, `${NS.foaf}primaryTopic`)[0];
    const modified = objects(record, `${NS.dct}modified`)[0];
    if (topic && modified) recordModified.set(topic.value, modified.value);
  }
  return store.getSubjects(`${NS.rdf}type`, `${NS.dcat}Dataset`, null).filter((d) => d.termType === 'NamedNode').map((d): HarvestedDataset => {
    const codes = (p: string): string[] => objects(d, p).map((o) => local(o.value)).sort();
    const keywords = objects(d, `${NS.dcat}keyword`);
    const english = keywords.filter((k) => (k as { language?: string }).language === 'en');
    const min = integer(objects(d, `${NS.hdcat}minTypicalAge`));
    const max = integer(objects(d, `${NS.hdcat}maxTypicalAge`));
    const releasedAt = objects(d, `${NS.dct}issued`)[0]?.value ?? null;
    const modified = recordModified.get(d.value) ?? objects(d, `${NS.dct}modified`)[0]?.value ?? releasedAt;
    if (!modified) throw oncoError('HUB_HARVEST_INVALID', 'A harvested dataset has no catalogue record with dct:modified: the hub cannot harvest it incrementally.', { dataset: d.value });
    const primary = objects(d, `${NS.eucaim}hasCondition`)[0];
    return {
      iri: d.value,
      title: inEnglish(objects(d, `${NS.dct}title`)) ?? d.value,
      description: inEnglish(objects(d, `${NS.dct}description`)) ?? '',
      keywords: [...new Set((english.length > 0 ? english : keywords).map((k) => k.value))],
      modalities: codes(`${NS.eucaim}hasImageModality`).map(modalityName),
      bodyParts: codes(`${NS.eucaim}hasImageBodyPart`),
      // "ICD-10: C34.1" -> C34.1: the codes a researcher types.
      conditions: [...new Set(objects(d, `${NS.hdcat}hasCodeValues`).map((o) => o.value.replace(/^[^:]*:\s*/, '')))].sort(),
      primaryCondition: primary ? local(primary.value) : null,
      subjects: integer(objects(d, `${NS.hdcat}numberOfUniqueIndividuals`)),
      studies: integer(objects(d, `${NS.hdcat}numberOfRecords`)),
      ageRange: min !== null && max !== null ? { min, max } : null,
      version: objects(d, `${NS.dcat}version`)[0]?.value ?? null,
      releasedAt,
      modified,
    };
  });
}
