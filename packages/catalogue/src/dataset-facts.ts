/**
 * The facts of one released dataset version, as plain data: what the catalogue records are made from.
 *
 * Two kinds, kept apart on purpose:
 * - `StewardFacts`: what a data steward writes and may change in the catalogue form (texts, contacts,
 *   legal statements, the access offer). They describe the dataset; they never claim anything about its
 *   content that the data could contradict.
 * - `GeneratedFacts`: what the release computed from the data itself (counts, codes, size, checksum). The
 *   release takes them only from studies that passed de-identification verification and QC and are in the
 *   frozen version, so the catalogue never advertises a study that was rejected or suppressed. Nobody edits
 *   them: a change means a new dataset version.
 *
 * Fields the EUCAIM profile makes mandatory may still be empty here (a draft is written before everything is
 * known): the records leave them out and the SHACL validation names each one with what to do.
 */
import type { AccessCondition, AccessRight, CollectionMethod, DataUseCondition, DatasetType, Tier } from './vocabulary.ts';

/** Text per language: BCP 47 tag -> text, e.g. `{ en: 'Lung CT, 2019-2024', es: 'TC de pulmón' }`. English is required by EUCAIM. */
export type Localised = Readonly<Record<string, string>>;

/** Keywords per language: `{ en: ['lung cancer', 'CT'] }`. */
export type LocalisedList = Readonly<Record<string, readonly string[]>>;

/** A dataset contact point (vcard:Kind): at least one of email and url. */
export interface ContactPoint {
  readonly name: string;
  readonly email?: string;
  /** A web page or form for enquiries. */
  readonly url?: string;
}

/** An organisation (foaf:Agent) with its cv:ContactPoint: at least one of email and contactPage. */
export interface Organisation {
  readonly name: string;
  readonly email?: string;
  readonly contactPage?: string;
  readonly homepage?: string;
}

/** A code of a standard terminology, as @oncoatlas/clinical's value sets give it (`{ system: 'EUCAIM', code: 'IMG1000026' }`). */
export interface Coding {
  readonly system: string;
  readonly code: string;
}

/**
 * A value found in the released data with how often, and its standard codes. `value` is the term as it is in
 * the data (DICOM Modality `CT`, Body Part Examined `CHEST`, Manufacturer `SIEMENS`, ICD-10 `C34.1`, sex
 * `male`). `codings` come from @oncoatlas/clinical (`lookupValue(...)`, `conditionConcept(...)`): only there
 * are codes chosen, and only codes the EUCAIM reference notes give. A value with no `EUCAIM` coding is left
 * out of the hyperontology properties (see `unmappedValues`).
 */
export interface CodedCount {
  readonly value: string;
  readonly count: number;
  readonly codings: readonly Coding[];
}

/** What a column holds, from the CDM's definition (HealthDCAT-AP asks a title, a datatype and a description). */
export interface ColumnDescription {
  readonly title: string;
  /** A CSVW datatype name: `string`, `date`, `integer`, `number`, `boolean`, `json`. */
  readonly datatype: string;
  readonly description: string;
}

/** A released clinical table and its columns (for healthdcatap:hasVariables as a CSVW table group). */
export interface ClinicalTable {
  /** Path inside the dataset version, e.g. `clinical/patient.jsonl`. */
  readonly path: string;
  readonly columns: readonly string[];
  /** The table's title (e.g. `Patients`); default its path. */
  readonly title?: string;
  /** Column name -> what it holds; a column without an entry is described by its name, as a string. */
  readonly columnInfo?: Readonly<Record<string, ColumnDescription>>;
}

export interface StewardFacts {
  readonly title: Localised;
  readonly description: Localised;
  readonly keywords: LocalisedList;
  readonly contactPoints: readonly ContactPoint[];
  /** Who makes the dataset available (usually the hospital); when missing, validation names it. */
  readonly publisher?: Organisation;
  /**
   * The Health Data Access Body. EUCAIM accepts it missing while the EHDS body is not designated
   * (validation warns); never put a placeholder organisation here.
   */
  readonly hdab?: Organisation;
  /** How the data were collected and processed (dct:provenance), in the steward's words. */
  readonly provenance: Localised;
  /** The legal basis of the processing, in words (e.g. `GDPR art. 9(2)(j) …`). */
  readonly legalBasis: Localised;
  /** DPV legal-basis concepts (IRIs of dpv:LegalBasis subclasses), when the steward knows the right one. */
  readonly legalBasisConcepts?: readonly string[];
  /** The purpose the data may be used for, in words. */
  readonly purpose: Localised;
  readonly accessRights?: AccessRight;
  /** The EUCAIM access conditions offered (download, in-situ processing, remote processing). */
  readonly accessConditions: readonly AccessCondition[];
  readonly dataUseConditions?: readonly DataUseCondition[];
  /** Where access is requested: in EUCAIM the Negotiator (§4.2). */
  readonly accessUrl?: string;
  /** A licence document IRI, when there is one. */
  readonly license?: string;
  /**
   * Where the data come from: EU country authority table codes (ISO 3166-1 alpha-3, `ESP`), written as dct:spatial.
   * Optional (older steward files have none; DCAT-AP only recommends it).
   */
  readonly spatial?: readonly string[];
  /** ELI IRIs; the EHDS Regulation (EHDS_REGULATION) where it applies. */
  readonly applicableLegislation: readonly string[];
  /** EHDS Art. 51 categories: IRIs from the HealthDCAT-AP Health Categories vocabulary (none are built in, see docs/catalogue.md). */
  readonly healthCategories: readonly string[];
  /** The EUCAIM tier the node offers for this dataset. */
  readonly tier?: Tier;
  readonly collectionMethods: readonly CollectionMethod[];
  readonly datasetTypes: readonly DatasetType[];
  /**
   * The primary cancer condition as a hyperontology code (`CLIN1000065`) when the steward wants another than
   * the generated one (the most frequent coded condition).
   */
  readonly primaryCondition?: string;
}

export interface GeneratedFacts {
  readonly counts: {
    readonly patients: number;
    readonly studies: number;
    readonly series: number;
    readonly instances: number;
    readonly bytes: number;
  };
  /** Patients per birth sex (`male`, `female`, `unknown`, ...). */
  readonly sex: readonly CodedCount[];
  /** Patients per cancer condition (ICD-10 from the CDM, with the codes clinical maps it to). */
  readonly conditions: readonly CodedCount[];
  /** Series per DICOM modality. */
  readonly modalities: readonly CodedCount[];
  /** Series per DICOM Body Part Examined. */
  readonly bodyParts: readonly CodedCount[];
  /** Series per DICOM Manufacturer. */
  readonly manufacturers: readonly CodedCount[];
  /** Age at the studies in whole years, after the release's generalisation. */
  readonly ageRange?: { readonly min: number; readonly max: number };
  /** Image acquisition period as released (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). */
  readonly acquisitionPeriod?: { readonly start: string; readonly end: string };
  /** The released clinical tables; none means the dataset has no structured data. */
  readonly clinicalTables: readonly ClinicalTable[];
  /** True when identifiers were replaced by keyed pseudonyms (always, in OncoAtlas). */
  readonly pseudonymised: boolean;
  /** SHA-256 (hex) of the version's manifest.json, which lists every file with its own SHA-256. */
  readonly manifestSha256: string;
}

export interface DatasetFacts {
  /** The dataset's id in this node (`lung-ct`). */
  readonly id: string;
  /** The version number (1, 2, ...); written as SemVer `N.0.0`. */
  readonly version: number;
  /**
   * The stable identifier: the IRI the federated search returns for this dataset, identical in catalogue,
   * search and node, never changed. The node assigns it when the dataset is first published and stores it: its
   * public URL + `/catalogue/datasets/<uuid>`, which the node dereferences (e.g.
   * `https://node.hospital.example/catalogue/datasets/<uuid>`). Written as `dct:identifier` too.
   */
  readonly identifierIri: string;
  /** The dataset's UUID (random, v4), the last segment of identifierIri: what EUCAIM's federated search returns. */
  readonly uuid: string;
  /**
   * When the dataset's catalogue entry last changed (ISO 8601 date-time): published, its fields changed, or a new
   * version released; what an incremental harvest compares (dct:modified of its catalogue record).
   */
  readonly modifiedAt: string;
  /** When the version was released (ISO 8601 date or date-time). */
  readonly releasedAt: string;
  readonly steward: StewardFacts;
  readonly generated: GeneratedFacts;
}

/** The catalogue itself (the node's dcat:Catalog). */
export interface CatalogueFacts {
  /**
   * The catalogue's IRI. The server names it by its harvest entry point, `<public URL>/catalogue` (see
   * harvest-endpoints.ts), whatever a settings file says: the IRI must dereference to the catalogue.
   */
  readonly iri: string;
  readonly title: Localised;
  readonly description: Localised;
  readonly publisher: Organisation;
  readonly applicableLegislation: readonly string[];
  readonly homepage?: string;
  /** When the catalogue last changed (ISO 8601). */
  readonly modifiedAt?: string;
  /** When the catalogue was first published (ISO 8601); the FAIR Data Point's records are dated from it. */
  readonly issuedAt?: string;
  /**
   * The licence of the catalogue's metadata (an IRI, e.g. the EU licence authority's CC0). The FAIR Data Point
   * requires one; without it the records say CC0 (see docs/catalogue.md).
   */
  readonly license?: string;
}
