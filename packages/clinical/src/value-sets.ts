/**
 * Built-in value sets: what a local value means and which standard codes say it. SNOMED CT codes are the
 * ones EUCAIM's federated search uses or that are in common clinical use; EUCAIM hyperontology codes appear
 * ONLY where the EUCAIM reference notes give them (§4.1, §5.4, §6.3). Where the notes give two candidates
 * (the hyperontology has two "Unknown" sexes) or none, the value has no EUCAIM code: a wrong code would
 * quietly corrupt federated counts, a missing one is reported by QC and can be filled in later.
 *
 * Locale-specific one-letter values (`H`, `D`) are not built in: they mean different things in different
 * hospitals, so a mapping file has to say so.
 *
 * Free-text DICOM attributes (Manufacturer) are matched by word patterns as well as by spelling: each maker
 * writes its name its own way and renames itself over the years, and a list of exact spellings is always one
 * console short (`CANON_MEC` lost a quarter of a hospital's scanners to the catalogue).
 */
import type { Coded, Coding } from './cdm.ts';
import { STRUCTURAL_SETS, type StructuralSetName } from './codes.ts';

export type EnumeratedSetName = 'sex' | 'vital_status' | 'modality' | 'body_part' | 'laterality' | 'treatment_type' | 'condition_type' | 'manufacturer';
export type ValueSetName = EnumeratedSetName | StructuralSetName;

interface Concept {
  readonly value: string;
  readonly display: string;
  readonly codings: readonly Coding[];
  /** Local spellings, compared after `normalizeLocal`. */
  readonly synonyms: readonly string[];
  /** Word patterns, tried on `foldWords(raw)` when no spelling matched (free-text attributes only). */
  readonly patterns?: readonly RegExp[];
}

const sct = (code: string): Coding => ({ system: 'SNOMEDCT', code });
const eucaim = (code: string): Coding => ({ system: 'EUCAIM', code });
const radlex = (code: string): Coding => ({ system: 'RadLex', code });
const c = (value: string, display: string, codings: readonly Coding[], synonyms: readonly string[], patterns?: readonly RegExp[]): Concept =>
  ({ value, display, codings, synonyms, ...(patterns ? { patterns } : {}) });

const ENUMERATED: Record<EnumeratedSetName, readonly Concept[]> = {
  // Birth sex: SNOMED as in EUCAIM's search keys (§6.3); EUCAIM codes as in the catalogue's hasBirthSex (§4.1).
  // Focus's eucaim_sql uses another code for male (COM1000180); we follow the catalogue.
  sex: [
    c('male', 'Male', [sct('248153007'), eucaim('COM1001366')], ['male', 'm', 'man', 'hombre', 'varon', 'masculino', 'masculi', 'home', 'homme']),
    c('female', 'Female', [sct('248152002'), eucaim('COM1001370')], ['female', 'f', 'woman', 'mujer', 'femenino', 'femeni', 'dona', 'femme']),
    c('other', 'Other', [sct('74964007')], ['other', 'otro', 'otra', 'altre']),
    c('unknown', 'Unknown', [sct('261665006')], ['unknown', 'u', 'unk', 'desconocido', 'desconocida', 'desconegut', 'no consta']),
  ],
  vital_status: [
    c('alive', 'Alive', [sct('438949009')], ['alive', 'living', 'vivo', 'viva', 'viu']),
    c('dead', 'Dead', [sct('419099009')], ['dead', 'deceased', 'exitus', 'fallecido', 'fallecida', 'muerto', 'muerta', 'mort', 'morta', 'difunt', 'difunta']),
  ],
  // Keys are DICOM Modality (0008,0060) terms; EUCAIM modality codes from §4.1, RadLex from §6.3.
  modality: [
    c('CT', 'Computed tomography', [sct('77477000'), eucaim('IMG1000026'), radlex('RID10321')], ['ct', 'tc', 'tac', 'computed tomography', 'tomografia computarizada']),
    c('MR', 'Magnetic resonance imaging', [sct('113091000'), eucaim('IMG1000022'), radlex('RID10312')], ['mr', 'mri', 'rm', 'rmn', 'magnetic resonance', 'resonancia magnetica']),
    c('PT', 'Positron emission tomography', [sct('82918005'), eucaim('IMG1000037'), radlex('RID10337')], ['pt', 'pet']),
    c('MG', 'Mammography', [sct('71651007'), eucaim('IMG1000030')], ['mg', 'mammography', 'mamografia']),
    c('US', 'Ultrasonography', [sct('16310003'), eucaim('IMG1000035')], ['us', 'ultrasound', 'ultrasonography', 'ecografia']),
    c('CR', 'Computed radiography', [sct('363680008')], ['cr']),
    c('DX', 'Digital radiography', [sct('363680008')], ['dx']),
  ],
  // Keys are DICOM Body Part Examined (0018,0015) defined terms; SNOMED CT as DICOM PS3.16 Annex L maps them
  // (PELVIS: the code of EUCAIM's search key, §6.3, not Annex L's 816092008, so searches match); EUCAIM BP
  // codes only from §4.1. ABDOMEN, WHOLEBODY and the other regions below have none there: the catalogue
  // reports them (`unmappedValues`) instead of guessing.
  body_part: [
    c('BREAST', 'Breast', [sct('76752008'), eucaim('BP1000136')], ['breast', 'mama']),
    c('LUNG', 'Lung', [sct('39607008')], ['lung', 'pulmon']),
    c('PROSTATE', 'Prostate', [sct('41216001'), eucaim('BP1000021')], ['prostate', 'prostata']),
    c('COLON', 'Colon', [sct('71854001')], ['colon']),
    c('PELVIS', 'Pelvis', [sct('12921003')], ['pelvis']),
    c('CHEST', 'Chest', [sct('43799004'), eucaim('BP1000067')], ['chest', 'thorax', 'torax']),
    c('ABDOMEN', 'Abdomen', [sct('818981001')], ['abdomen', 'abdominal']),
    c('WHOLEBODY', 'Entire body', [sct('38266002')], ['wholebody', 'whole body', 'entire body', 'cuerpo entero', 'cos sencer']),
    c('ABDOMENPELVIS', 'Abdomen and pelvis', [sct('818982008')], ['abdomenpelvis', 'abdomen pelvis', 'abdomen and pelvis']),
    c('CHESTABDOMEN', 'Chest and abdomen', [sct('416550000')], ['chestabdomen', 'chest abdomen', 'chest and abdomen', 'torax abdomen']),
    c('CHESTABDPELVIS', 'Chest, abdomen and pelvis', [sct('416775004')], ['chestabdpelvis', 'chest abdomen pelvis', 'torax abdomen pelvis']),
    c('HEAD', 'Head', [sct('69536005')], ['head', 'cabeza']),
    c('HEADNECK', 'Head and neck', [sct('774007')], ['headneck', 'head and neck', 'head neck']),
    c('BRAIN', 'Brain', [sct('12738006')], ['brain', 'cerebro', 'cervell']),
    c('LIVER', 'Liver', [sct('10200004')], ['liver', 'higado', 'fetge']),
  ],
  laterality: [
    c('left', 'Left', [sct('7771000')], ['left', 'l', 'izquierda', 'izquierdo', 'esquerra', 'esquerre']),
    c('right', 'Right', [sct('24028007')], ['right', 'r', 'derecha', 'derecho', 'dreta', 'dret']),
    c('bilateral', 'Right and left', [sct('51440002')], ['bilateral', 'b', 'both']),
  ],
  treatment_type: [
    c('surgery', 'Surgical procedure', [sct('387713003')], ['surgery', 'surgical procedure', 'cirugia', 'cirurgia']),
    c('radiotherapy', 'Radiotherapy', [sct('108290001')], ['radiotherapy', 'radiation therapy', 'radioterapia', 'rt']),
    c('chemotherapy', 'Chemotherapy', [sct('367336001')], ['chemotherapy', 'quimioterapia', 'qt']),
    c('hormone_therapy', 'Hormone therapy', [sct('169413002')], ['hormone therapy', 'hormonal therapy', 'endocrine therapy', 'hormonoterapia']),
  ],
  condition_type: [
    c('primary', 'Primary', [], ['primary', 'primario', 'primari']),
    c('secondary', 'Secondary (metastatic)', [eucaim('CLIN1007989')], ['secondary', 'metastatic', 'secundario', 'metastasis', 'metastasico']),
  ],
  // DICOM Manufacturer (0008,0070) is free text: the maker is named by the first word(s), whatever follows
  // (`SIEMENS`, `Siemens Healthineers AG`, `GE MEDICAL SYSTEMS`, `Philips Medical Systems Nederland B.V.`).
  // Toshiba Medical became Canon Medical in 2018 and its consoles write `TOSHIBA_MEC` or `CANON_MEC`: the
  // hyperontology keeps both makers, so do we. EUCAIM codes from §4.1; no SNOMED concept exists for a maker.
  // Agfa and Hologic are makers the notes give no code for: known (one name for all their spellings), uncoded.
  manufacturer: [
    c('Siemens', 'Siemens', [eucaim('IMG1000044')], ['siemens', 'siemens healthineers', 'siemens healthcare'], [/^siemens\b/]),
    c('Toshiba', 'Toshiba', [eucaim('IMG1000045')], ['toshiba', 'toshiba medical systems'], [/^toshiba\b/]),
    c('Philips', 'Philips', [eucaim('IMG1000046')], ['philips', 'philips medical systems', 'philips healthcare'], [/^philips\b/]),
    c('GE', 'GE', [eucaim('IMG1000047')], ['ge', 'ge medical systems', 'ge healthcare'], [/^ge\b/, /^general electric\b/]),
    c('Canon', 'Canon', [eucaim('IMG1000050')], ['canon', 'canon medical systems'], [/^canon\b/]),
    c('Agfa', 'Agfa', [], ['agfa', 'agfa healthcare'], [/^agfa\b/]),
    c('Hologic', 'Hologic', [], ['hologic'], [/^hologic\b/]),
  ],
};

/** Which treatment types become which CDM treatment subtype. */
export const TREATMENT_SUBTYPE = {
  surgery: 'surgical_procedure',
  radiotherapy: 'radiotherapy',
  chemotherapy: 'medication_administration',
  hormone_therapy: 'medication_administration',
} as const;

export const VALUE_SET_NAMES: readonly ValueSetName[] = [...Object.keys(ENUMERATED) as EnumeratedSetName[], ...Object.keys(STRUCTURAL_SETS) as StructuralSetName[]];

/** Case, accents, surrounding and repeated spaces and a trailing dot do not change what a value means. */
export function normalizeLocal(raw: string): string {
  return raw.normalize('NFD').replace(/\p{M}/gu, '').trim().replace(/\s+/g, ' ').replace(/\.$/, '').toLowerCase();
}

/** The words of a value: `normalizeLocal`, with punctuation (`_`, `,`, `.`, `^`, `-`) read as spaces. */
export function foldWords(raw: string): string {
  return normalizeLocal(raw).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export function isEnumerated(set: ValueSetName): set is EnumeratedSetName {
  return Object.hasOwn(ENUMERATED, set);
}

/** The keys a mapping's `values:` may map local values to, for an enumerated set. */
export function valueSetKeys(set: EnumeratedSetName): string[] {
  return ENUMERATED[set].map((x) => x.value);
}

export type Lookup =
  /** `repaired`: the value was a valid code written in a non-standard form (`c341` for `C34.1`). */
  | { readonly ok: true; readonly coded: Coded; readonly repaired: boolean; readonly prefix?: string }
  | { readonly ok: false };

const indexes = new Map<EnumeratedSetName, Map<string, Concept>>();

function indexOf(set: EnumeratedSetName): Map<string, Concept> {
  let index = indexes.get(set);
  if (!index) {
    index = new Map();
    for (const concept of ENUMERATED[set]) {
      index.set(normalizeLocal(concept.value), concept);
      for (const s of concept.synonyms) index.set(normalizeLocal(s), concept);
    }
    indexes.set(set, index);
  }
  return index;
}

function coded(concept: Concept): Coded {
  return { value: concept.value, display: concept.display, codings: concept.codings };
}

/** The concept for a value-set key (as written in a mapping's `values:`), or null when it is not one. */
export function conceptByKey(set: ValueSetName, key: string): Coded | null {
  if (isEnumerated(set)) {
    const concept = ENUMERATED[set].find((x) => x.value === key);
    return concept ? coded(concept) : null;
  }
  const parsed = STRUCTURAL_SETS[set](key);
  return parsed && !parsed.repaired ? parsed.coded : null;
}

/**
 * The concept whose patterns match the value's words, when exactly one does: a value two makers' patterns
 * claim is not guessed between.
 */
function byPattern(set: EnumeratedSetName, raw: string): Concept | undefined {
  const words = foldWords(raw);
  if (words === '') return undefined;
  const matches = ENUMERATED[set].filter((x) => x.patterns?.some((p) => p.test(words)));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Resolves a local value against a built-in value set (the mapping's own `values:` are applied before). */
export function lookupValue(set: ValueSetName, raw: string): Lookup {
  if (isEnumerated(set)) {
    const index = indexOf(set);
    const concept = index.get(normalizeLocal(raw)) ?? index.get(foldWords(raw)) ?? byPattern(set, raw);
    return concept ? { ok: true, coded: coded(concept), repaired: false } : { ok: false };
  }
  const parsed = STRUCTURAL_SETS[set](raw);
  return parsed ? { ok: true, coded: parsed.coded, repaired: parsed.repaired, ...(parsed.prefix ? { prefix: parsed.prefix } : {}) } : { ok: false };
}
