/**
 * The access application form (eucaim.md §7, EUCAIM's dynamic access form) as ONE JSON Schema (2020-12): the hub
 * validates with it and the browser renders and validates with the very same document (GET /form-schema). Only
 * standard keywords, so any 2020-12 validator works: word limits are a `pattern` (at most N whitespace-separated
 * words, see `maxWordsPattern`) with a `maxLength` backstop; fields that must be ticked are `const: true`.
 * Choices are `oneOf` of `{ const, title }` so a form can show their titles.
 */

export const FORM_SECTIONS = [
  { id: 'summary', title: 'Request summary' },
  { id: 'contact', title: 'Contact details' },
  { id: 'scientific', title: 'Scientific relevance' },
  { id: 'ethicalLegal', title: 'Ethical and legal' },
  { id: 'consent', title: 'Consent to processing' },
  { id: 'overview', title: 'Overview' },
] as const satisfies readonly { id: string; title: string }[];
export type FormSectionId = (typeof FORM_SECTIONS)[number]['id'];

/** A pattern that matches text of at most `n` words (runs of non-space). Linear: \S and \s never overlap. */
export function maxWordsPattern(n: number): string {
  return `^\\s*(?:\\S+\\s+){0,${n - 1}}\\S*\\s*$`;
}

/** N when `pattern` is a `maxWordsPattern(N)`. */
export function wordLimitOf(pattern: string): number | undefined {
  const m = /^\^\\s\*\(\?:\\S\+\\s\+\)\{0,(\d+)\}\\S\*\\s\*\$$/.exec(pattern);
  return m === null ? undefined : Number(m[1]) + 1;
}

/** Phone numbers with their country code: +, 7 to 15 digits, spaces allowed between them. */
export const PHONE_PATTERN = '^\\+[1-9](?: ?[0-9]){6,14}$';

const text = (title: string, maxLength: number, extra: Record<string, unknown> = {}) => ({ type: 'string', title, minLength: 1, maxLength, ...extra });
const words = (title: string, n: number, description: string) => text(title, n * 12, { description, pattern: maxWordsPattern(n) });
const choice = (title: string, options: readonly (readonly [string, string])[]) => ({ title, oneOf: options.map(([c, t]) => ({ const: c, title: t })) });
const tick = (title: string, description: string) => ({ type: 'boolean', title, description, const: true });
const section = (id: FormSectionId, properties: Record<string, unknown>, required: readonly string[]) => ({
  type: 'object', title: FORM_SECTIONS.find((s) => s.id === id)?.title, additionalProperties: false, properties, required,
});
const date = (title: string) => ({ type: 'string', title, format: 'date' });

export const APPLICATION_FORM_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://oncoatlas.eu/schemas/access-application-1.json',
  title: 'Access application',
  type: 'object',
  additionalProperties: false,
  required: FORM_SECTIONS.map((s) => s.id),
  properties: {
    summary: section('summary', {
      title: text('Request title', 200),
      summary: words('Summary', 200, 'What the project needs the data for, in plain words (at most 200 words).'),
    }, ['title', 'summary']),
    contact: section('contact', {
      organisation: text('Organisation', 300),
      organisationAcronym: text('Organisation acronym', 40),
      piTitle: text('Principal investigator: title', 40, { description: 'e.g. Dr, Prof.' }),
      piName: text('Principal investigator: name', 100),
      piSurname: text('Principal investigator: surname', 100),
      email: text('E-mail', 254, { format: 'email' }),
      phone: text('Phone (with country code)', 24, { pattern: PHONE_PATTERN, description: 'with its country code, e.g. +34 600 000 000' }),
      role: text('Role in the project', 200),
    }, ['organisation', 'organisationAcronym', 'piTitle', 'piName', 'piSurname', 'email', 'phone', 'role']),
    scientific: section('scientific', {
      title: text('Project title', 300),
      description: words('Description', 600, 'Objectives, methods and expected impact (at most 600 words).'),
      timeline: {
        type: 'object', title: 'Timeline', additionalProperties: false, required: ['start', 'months'],
        description: 'The project\'s duration: at most 2 years.',
        properties: { start: date('Start'), months: { type: 'integer', title: 'Duration in months', minimum: 1, maximum: 24 } },
      },
      intendedUse: words('Intended use and AI algorithms', 600, 'How the data will be used, and the AI algorithms trained or applied (at most 600 words).'),
      processingPeriod: {
        type: 'object', title: 'Processing period', additionalProperties: false, required: ['start', 'end'],
        description: 'When the data will be processed.',
        properties: { start: date('From'), end: date('Until') },
      },
      comments: { type: 'string', title: 'Comments', maxLength: 4000 },
    }, ['title', 'description', 'timeline', 'intendedUse', 'processingPeriod']),
    ethicalLegal: section('ethicalLegal', {
      ethicsApproval: choice('Ethics approval', [
        ['certificate', 'Approved: certificate available'], ['applied', 'Applied for'], ['none', 'None'], ['not-required', 'Not required'],
      ]),
      gdprDueDiligence: choice('GDPR due-diligence level', [
        ['basic', 'Basic: GDPR principles documented'], ['standard', 'Standard: data-protection policies and a DPO in place'],
        ['enhanced', 'Enhanced: independently assessed or certified'],
      ]),
      gdprEvidence: {
        type: 'array', title: 'Evidence of GDPR compliance', minItems: 1, uniqueItems: true,
        items: choice('Evidence', [['dpo-statement', 'Statement of the Data Protection Officer'], ['dpia-or-audit', 'DPIA or audit'], ['codes-of-conduct', 'Codes of conduct']]),
      },
      mdr: choice('Medical Device Regulation applies', [['yes', 'Yes'], ['no', 'No'], ['not-applicable', 'Not applicable']]),
      altai: choice('AI risk analysis (ALTAI)', [['available', 'Available'], ['in-progress', 'In progress'], ['no', 'No'], ['not-applicable', 'Not applicable']]),
      agreementsCommitment: tick('Commitment to sign agreements', 'I will sign the agreements the data holders require (access conditions, data use agreements).'),
      confidentiality: tick('Confidentiality clause', 'I will keep the data confidential and not try to re-identify anyone.'),
    }, ['ethicsApproval', 'gdprDueDiligence', 'gdprEvidence', 'mdr', 'altai', 'agreementsCommitment', 'confidentiality']),
    consent: section('consent', {
      processingOfApplicantData: tick('Processing of applicant data', 'I consent to the processing of the personal data in this application to handle the request.'),
    }, ['processingOfApplicantData']),
    overview: section('overview', {
      confirm: tick('Confirmation', 'The information given is complete and correct.'),
    }, ['confirm']),
  },
} as const;
