/**
 * The title block and the first four sections of the dossier, each a function of the data alone. The
 * wording is for a data protection officer: what was done, in words, with the codes beside the words so
 * that an auditor can trace them.
 */
import type { DossierData } from './dossier-data.ts';
import {
  code, escapeHtml, facts, formatBytes, formatInt, formatPercent, formatTimestamp, paragraph, raw, sortedCounts, sum, table,
  type Html,
} from './html.ts';

export const NOT_STATED = 'Not stated by the data holder';

export interface SectionHeading {
  readonly number: number;
  readonly id: string;
  readonly title: string;
}

export const SECTIONS = {
  summary: { number: 1, id: 'summary', title: 'Summary' },
  funnel: { number: 2, id: 'source-and-funnel', title: 'Source and funnel' },
  deid: { number: 3, id: 'de-identification', title: 'De-identification' },
  clinical: { number: 4, id: 'clinical-data-quality', title: 'Clinical data quality' },
  risk: { number: 5, id: 're-identification-risk', title: 'Re-identification risk' },
  provenance: { number: 6, id: 'provenance', title: 'Provenance' },
} as const satisfies Record<string, SectionHeading>;

/** `major` starts the section on a new sheet, so each can be read, signed or redacted on its own pages. */
export function section(heading: SectionHeading, body: string, options: { major?: boolean } = {}): string {
  return (
    `<section id="${heading.id}"${options.major ? ' class="major"' : ''}>` +
    `<h2><span class="secnum">${heading.number}.</span> ${escapeHtml(heading.title)}</h2>${body}</section>`
  );
}

export function h3(title: string): string {
  return `<h3>${escapeHtml(title)}</h3>`;
}

/** Steward-written text keeps its line breaks; a missing one is named as missing, never left blank. */
export function stated(text: string | null): Html {
  if (text === null || text.trim() === '') return raw(`<span class="missing">${NOT_STATED}</span>`);
  return raw(`<span class="prose">${escapeHtml(text)}</span>`);
}

/** `out_of_scope_modality` → "Out of scope modality", with the code kept beside it for tracing. */
export function reason(codeText: string): Html {
  const words = codeText.replace(/[_-]+/g, ' ').trim();
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  return raw(`${escapeHtml(label)} <span class="muted">${code(codeText).html}</span>`);
}

function when(at: string | null, by: string | null): Html {
  if (at === null) return raw('<span class="muted">Not released</span>');
  return raw(`${escapeHtml(formatTimestamp(at))}${by === null ? '' : ` by ${escapeHtml(by)}`}`);
}

export function titleBlock(data: DossierData): string {
  const d = data.dataset;
  const state = d.state === 'released'
    ? raw('<span class="badge released">Released</span> <span class="muted">(frozen: this version never changes)</span>')
    : raw('<span class="badge draft">Draft</span> <span class="muted">(not released: figures may still change)</span>');
  // An override is the first thing a reviewer must know, so it is named here and not only in section 5.
  const r = data.risk;
  const decision = r.decision.allowed
    ? raw('Allowed: the version meets the re-identification risk policy')
    : r.override === null
      ? raw('<span class="alert">Refused by the re-identification risk policy</span>')
      : raw('<span class="alert">Refused by the re-identification risk policy; overridden by a steward (see section 5)</span>');
  return (
    '<header class="title-block">' +
    '<p class="kicker">Compliance dossier of a dataset version</p>' +
    `<h1>${escapeHtml(d.title)}</h1>` +
    '<p class="lead">Evidence of the de-identification and re-identification risk assessment of one dataset version, for a data ' +
    'sharing or transfer agreement. It reports counts, codes and hashes; it holds no identifier of a patient.</p>' +
    facts([
      ['Dataset', code(d.id)],
      ['Version', d.version],
      ['State', state],
      ['Created', when(d.createdAt, d.createdBy)],
      ['Released', when(d.releasedAt, d.releasedBy)],
      ['Risk decision', decision],
      ['Manifest SHA-256', raw(`<span class="hash">${escapeHtml(d.manifestSha256)}</span>`)],
    ]) +
    '<p class="note">The manifest lists every file of the version with its own SHA-256; the hash above fixes the manifest, so any ' +
    'change to any released file can be detected.</p>' +
    '</header>'
  );
}

export function summarySection(data: DossierData): string {
  const c = data.dataset.counts;
  const modalities = sortedCounts(c.modalities);
  const body =
    (data.dataset.description === null ? '' : `<p class="prose">${escapeHtml(data.dataset.description)}</p>`) +
    h3('Contents') +
    facts([
      ['Patients', c.patients],
      ['Studies', c.studies],
      ['Series', c.series],
      ['Instances', c.instances],
      ['Files', c.files],
      ['Size', raw(`${escapeHtml(formatBytes(c.bytes))} <span class="muted">(${formatInt(c.bytes)} bytes)</span>`)],
    ]) +
    h3('Modalities') +
    (modalities.length === 0
      ? paragraph('No modality recorded.')
      : table(['Modality', 'Instances'], modalities.map(([m, n]) => [code(m), n]), { numeric: [1], className: 'narrow' })) +
    h3('Purpose and legal basis') +
    facts([
      ['Purpose', stated(data.purpose)],
      ['Legal basis', stated(data.legalBasis)],
      ['Data holder', stated(data.holder.name)],
      ['Contact', stated(data.holder.contact)],
    ]);
  return section(SECTIONS.summary, body);
}

export function funnelSection(data: DossierData): string {
  const f = data.funnel;
  const rejected = sortedCounts(f.rejected);
  const excluded = sortedCounts(f.excludedFromVersion);
  const rejectedTotal = sum(Object.values(f.rejected));
  // A share of nothing is shown as a dash, not as "NaN %" or a misleading 0.
  const share = (n: number): string => (f.identified > 0 ? formatPercent(n / f.identified) : '–');
  const body =
    '<p>Study counts from the source archive to this version: every study found is either integrated (de-identified and ' +
    'verified), rejected for a stated reason, held for human review, or still pending.</p>' +
    table(
      ['Stage', 'Studies', 'Share of identified'],
      [
        ['Identified in the source', f.identified, share(f.identified)],
        ['Integrated', f.integrated, share(f.integrated)],
        ['Rejected', rejectedTotal, share(rejectedTotal)],
        ['Held for review', f.review, share(f.review)],
        ['Pending', f.pending, share(f.pending)],
      ],
      { numeric: [1, 2] },
    ) +
    h3('Rejected studies by reason') +
    (rejected.length === 0
      ? paragraph('No study was rejected.')
      : table(['Reason', 'Studies', 'Share of identified'], rejected.map(([r, n]) => [reason(r), n, share(n)]), { numeric: [1, 2] })) +
    h3('Integrated studies excluded from this version') +
    (excluded.length === 0
      ? paragraph('None: no integrated study was left out of this version.')
      : table(['Reason', 'Studies'], excluded.map(([r, n]) => [reason(r), n]), { numeric: [1] }));
  return section(SECTIONS.funnel, body);
}

const PROFILES: Readonly<Record<string, string>> = {
  basic: 'DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile',
  eucaim: 'EUCAIM CTP-compatible profile (Basic Profile plus EUCAIM rules)',
};

// The three policies of the de-identifier (packages/deid/src/dates.ts); anything else is shown verbatim
// rather than guessed at, so a new policy is visible as such and not misdescribed.
const DATE_POLICIES: Readonly<Record<string, string>> = {
  remove: 'Dates are removed: every date the profile lists is emptied or replaced by a dummy value.',
  shift:
    'Dates are shifted back by a number of days derived per patient from the site secret: intervals between the examinations ' +
    'of one patient are kept, the true dates are not disclosed.',
  'year-month': 'Dates keep their year and month only: the day is set to 01.',
};

export function profileName(profile: string): Html {
  const name = PROFILES[profile];
  return name === undefined ? code(profile) : raw(`${escapeHtml(name)} <span class="muted">${code(profile).html}</span>`);
}

export function datePolicyText(policy: string): Html {
  const words = DATE_POLICIES[policy];
  return words === undefined ? code(policy) : raw(`${escapeHtml(words)} <span class="muted">${code(policy).html}</span>`);
}

export function deidSection(data: DossierData): string {
  const d = data.deidentification;
  const v = d.verification;
  const hits = v.identifierHits > 0
    ? raw(
      `<span class="alert">${formatInt(v.identifierHits)} identifying value${v.identifierHits === 1 ? '' : 's'} of the input found in the ` +
        'output. A release requires 0.</span>',
    )
    : raw('0 <span class="muted">(no identifying value of the input was found in the output)</span>');
  const body =
    facts([
      ['Profile', profileName(d.profile)],
      ['Standard revision', raw(`DICOM ${code(d.standardRevision).html}`)],
      ['Date policy', datePolicyText(d.datePolicy)],
    ]) +
    h3('Profile options') +
    (d.options.length === 0
      ? paragraph('No option: the profile is applied as the standard defines it.')
      : table(['Code (CID 7050)', 'Option'], d.options.map((o) => [code(o.code), o.name]), { className: 'options' })) +
    h3('Verification') +
    '<p>Every de-identified instance is read back and searched for the identifying values of its input before it is written.</p>' +
    facts([
      ['Instances verified', v.instancesVerified],
      ['Identifier hits', hits],
      ['Burned-in text review', raw(`${formatInt(v.reviewApproved)} approved, ${formatInt(v.reviewRejected)} rejected <span class="muted">(studies held because their pixels may show text)</span>`)],
    ]) +
    burnedInPart(d.burnedIn);
  return section(SECTIONS.deid, body, { major: true });
}

const VERIFIED: Record<string, string> = { true: 'yes: OCR of the result read none of the instance\'s identifiers', false: 'no: OCR still read an identifier', null: 'not checked (no OCR engine)' };

/** Burned-in text: images scanned by OCR, how many were redacted (by the Clean Pixel Data option or a reviewer), how, and verified or not. */
function burnedInPart(b: DossierData['deidentification']['burnedIn']): string {
  const decided = b.redactedAutomatically + b.redactedByReviewer + b.releasedAsIs + b.rejected;
  return h3('Burned-in text') +
    paragraph(b.cleanPixelData
      ? 'Clean Pixel Data option (113101): in every image held for burned-in text, the text OCR found and the text zones its device is known to draw were blanked, '
        + 'and the image was released only when OCR of the result read none of its identifiers; the others were left to a reviewer. Only redacted images carry 113101.'
      : 'Images that may show burned-in text were held for review; none was redacted automatically (the Clean Pixel Data option was not used).') +
    (b.scanned === 0 && decided === 0
      ? paragraph('No held image was scanned by OCR or decided image by image.')
      : facts([
        ['Held images scanned by OCR', b.scanned],
        ['Showing one of their identifiers', b.withIdentifiers],
        ['Redacted automatically', b.redactedAutomatically],
        ['Redacted by a reviewer', b.redactedByReviewer],
        ['Released as they were', b.releasedAsIs],
        ['Rejected', b.rejected],
      ]) +
      (b.redactions.length === 0 ? '' : table(['Method (0012,0063)', 'By', 'Verified by OCR', 'Instances'],
        b.redactions.map((r) => [r.method, r.by === 'option' ? 'Clean Pixel Data option' : 'reviewer', VERIFIED[String(r.verified)]!, r.instances]), { numeric: [3] })));
}

export function clinicalSection(data: DossierData): string {
  const c = data.clinical;
  if (c === null) return section(SECTIONS.clinical, paragraph('No clinical data in this version.'));
  const records = sortedCounts(c.records);
  const body =
    facts([
      ['Rows read', c.rows.total],
      ['Rows kept', c.rows.kept],
      ['Rows merged', raw(`${formatInt(c.rows.merged)} <span class="muted">(duplicates combined into one record)</span>`)],
      ['Rows excluded', c.rows.excluded],
      ['Patients', raw(`${formatInt(c.patients.total)}, of whom ${formatInt(c.patients.excluded)} excluded`)],
      ['Linkage to imaging checked', c.linkageChecked
        ? raw('Yes <span class="muted">(clinical patients were matched against the imaging data)</span>')
        : raw('<span class="missing">No: the clinical records were not checked against the imaging data</span>')],
    ]) +
    h3('Quality checks') +
    (c.checks.length === 0
      ? paragraph('No quality check found anything to report.')
      : table(
        ['Check', 'Description', 'Errors', 'Warnings', 'Patients'],
        c.checks.map((k) => [code(k.check), k.description, k.errors, k.warnings, k.patients]),
        { numeric: [2, 3, 4] },
      )) +
    h3('Records in the common data model') +
    (records.length === 0
      ? paragraph('No record.')
      : table(['Table', 'Records'], records.map(([t, n]) => [code(t), n]), { numeric: [1], className: 'narrow' }));
  return section(SECTIONS.clinical, body);
}
