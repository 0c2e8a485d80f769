/**
 * Which field of the catalogue form a shape's finding is about, in the form's own words: a steward reads
 * "Publisher › Name: give the organisation's official name", not a blank node or an RDF path. The API's
 * CATALOGUE_INVALID_RECORD detail, the live check and the CLI all say problems through this one table, and the
 * web form focuses the field named by `field` (a path into the steward's JSON: `publisher.name`,
 * `contactPoints.1.email`), so the words and the target cannot drift apart.
 *
 * Shape rules on generated values have no field: the message says the form cannot fix them. Catalogue rules
 * point to the node's catalogue settings, which the steward's form does not edit either.
 */

export interface FormField {
  /** Path of the field in the steward's JSON (`publisher.email`), the id the form focuses; none for generated values. */
  readonly field?: string;
  /** The field as the form labels it: `Publisher › Name`, `Contact point 2 › Email`. */
  readonly label: string;
  /** What to set, in the form's words. */
  readonly todo: string;
}

const GENERATED = 'OncoAtlas writes it from the released data; the form cannot change it. If this appears, report it.';
const SETTINGS = 'Set it in the node\'s catalogue settings (oncoatlas serve --catalogue-settings); the dataset\'s form does not edit them.';

/** A value coded from the released data: missing when no value found in the data has a EUCAIM code. */
const fromData = (what: string, coded: string): string =>
  `None of the ${what} in the released data has a EUCAIM code (coded so far: ${coded}), or a value of fewer patients than the release policy's k was not named. It comes from the data: release a version whose ${what} are coded.`;

/** Publisher and Health Data Access Body: the same three rules, under their own prefix. */
function agentFields(prefix: string, field: string, who: string): Record<string, FormField> {
  return {
    [`${prefix}-name`]: { field: `${field}.name`, label: `${who} › Name`, todo: 'Give the organisation\'s official name.' },
    [`${prefix}-contact-point`]: { field: `${field}.email`, label: `${who} › Email`, todo: 'Give the organisation\'s email address or contact page.' },
    [`${prefix}-contact-reachable`]: { field: `${field}.email`, label: `${who} › Email`, todo: 'Give the organisation\'s email address or contact page (at least one).' },
  };
}

/** Shape id (shape-rules.ts `id`) -> the form field; a test checks that every rule has one. */
export const FORM_FIELDS: Readonly<Record<string, FormField>> = {
  'dataset-identifier': { label: 'Identifier (generated)', todo: GENERATED },
  'dataset-title': { field: 'title', label: 'Title', todo: 'Write the title in English; other languages are optional.' },
  'dataset-description': { field: 'description', label: 'Description', todo: 'Describe in English what the images and clinical data are, which patients and which years.' },
  'dataset-version': { label: 'Version (generated)', todo: GENERATED },
  'dataset-tier': { field: 'tier', label: 'Tier', todo: 'Choose the one EUCAIM tier this node offers for the dataset: 1 (catalogue), 2 (federated search), 3 (processing), or an A+/C+ sub-level.' },
  'dataset-distribution': { label: 'Distribution (generated)', todo: GENERATED },
  'dataset-contact-point': { field: 'contactPoints', label: 'Contact points', todo: 'Add a contact for questions about the dataset: a name with an email address or a web page.' },
  'dataset-contact-reachable': { field: 'contactPoints.0.email', label: 'Contact point › Email', todo: 'Give an email address or a web page (at least one).' },
  'dataset-theme': { label: 'Theme (generated)', todo: GENERATED },
  'dataset-health-category': { field: 'healthCategories', label: 'Health categories', todo: 'Choose at least one EHDS Article 51 health category.' },
  'dataset-type': { field: 'datasetTypes', label: 'Dataset types', todo: 'Choose whether the images are original, processed and/or annotated.' },
  'dataset-access-rights': { field: 'accessRights', label: 'Access rights', todo: 'Choose one: public, restricted or non-public.' },
  'dataset-legislation': { field: 'applicableLegislation', label: 'Applicable legislation', todo: 'Choose each law that governs the dataset, at least the EHDS Regulation where it applies.' },
  'dataset-publisher': { field: 'publisher.name', label: 'Publisher › Name', todo: 'Name the one organisation that makes the dataset available (usually the hospital).' },
  ...agentFields('dataset-publisher', 'publisher', 'Publisher'),
  'dataset-structured-data': { label: 'Structured data (generated)', todo: GENERATED },
  'dataset-individuals': { label: 'Number of patients (generated)', todo: GENERATED },
  'dataset-studies': { label: 'Number of imaging studies (generated)', todo: GENERATED },
  'dataset-birth-sex': { label: 'Birth sex (from the data)', todo: 'No patient sex of the released data has a EUCAIM code: check that the clinical mapping maps sex to male or female, and release a new version.' },
  'dataset-condition': { field: 'primaryCondition', label: 'Primary condition', todo: 'Choose the dataset\'s primary cancer (by name or ICD-10 code); none of the released diagnoses gave one with a EUCAIM code.' },
  'dataset-collection-method': { field: 'collectionMethods', label: 'Collection methods', todo: 'Choose one or more: only image, patient-based, case-control, longitudinal, disease-specific.' },
  'dataset-modality': { label: 'Image modalities (from the data)', todo: fromData('modalities', 'CT, MR, MG, PT, US') },
  'dataset-manufacturer': { label: 'Equipment manufacturers (from the data)', todo: fromData('manufacturers', 'Siemens, Toshiba, Philips, GE, Canon') },
  'dataset-body-part': { label: 'Body parts (from the data)', todo: fromData('body parts', 'chest, prostate, breast') },
  'dataset-keyword': { field: 'keywords', label: 'Keywords', todo: 'Add the words people would search for: the cancer, modality, body part, annotation type.' },
  'dataset-provenance': { field: 'provenance', label: 'Provenance', todo: 'Describe in English how the data were collected, de-identified, checked and released.' },
  'dataset-hdab': { field: 'hdab.name', label: 'Health Data Access Body › Name', todo: 'Add it once the EHDS body of your region is designated (accepted empty until then); never a placeholder.' },
  'dataset-hdab-single': { field: 'hdab.name', label: 'Health Data Access Body › Name', todo: 'Keep only the competent body.' },
  ...agentFields('dataset-hdab', 'hdab', 'Health Data Access Body'),
  'dataset-variables': { label: 'Variables (generated)', todo: GENERATED },
  'distribution-access-url': { field: 'accessUrl', label: 'Access URL', todo: 'Give the address where access is requested: in EUCAIM, the Negotiator page of this dataset.' },
  'distribution-legislation': { field: 'applicableLegislation', label: 'Applicable legislation', todo: 'Choose each law that governs the dataset; the access offer carries the same.' },
  'distribution-rights': { field: 'accessConditions', label: 'Access conditions', todo: 'Choose how the data can be accessed: download, in-situ processing or remote processing.' },
  'distribution-access-condition': { field: 'accessConditions', label: 'Access conditions', todo: 'Choose at least one: download, in-situ processing or remote processing (data-use conditions do not count).' },
  'distribution-checksum': { label: 'Checksum (generated)', todo: GENERATED },
  'catalogue-title': { label: 'Catalogue settings › Title', todo: SETTINGS },
  'catalogue-description': { label: 'Catalogue settings › Description', todo: SETTINGS },
  'catalogue-legislation': { label: 'Catalogue settings › Applicable legislation', todo: SETTINGS },
  'catalogue-publisher': { label: 'Catalogue settings › Publisher', todo: SETTINGS },
  'catalogue-publisher-name': { label: 'Catalogue settings › Publisher › Name', todo: SETTINGS },
  'catalogue-publisher-contact-point': { label: 'Catalogue settings › Publisher › Email', todo: SETTINGS },
  'catalogue-publisher-contact-reachable': { label: 'Catalogue settings › Publisher › Email', todo: SETTINGS },
};

/** The records name the n-th contact point's blank node `…_contact<n>` (agent-records.ts). */
const CONTACT_INDEX = /_contact(\d+)$/;

/**
 * The form field of a finding of rule `rule`; `value` is the value node at fault, which tells one contact point
 * from another. A rule this table does not know (shapes added later) still gets a label, from its `name`.
 *
 * @example
 * formFieldOf('dataset-contact-reachable', '_:n1a2b_contact1') // { field: 'contactPoints.1.email', label: 'Contact point 2 › Email', … }
 */
export function formFieldOf(rule: string, value?: string, name?: string): FormField {
  const known = FORM_FIELDS[rule];
  if (!known) return { label: name || 'Catalogue record', todo: 'See the message.' };
  const index = rule === 'dataset-contact-reachable' ? CONTACT_INDEX.exec(value ?? '')?.[1] : undefined;
  if (index === undefined) return known;
  return { ...known, field: `contactPoints.${index}.email`, label: `Contact point ${Number(index) + 1} › Email` };
}
