/**
 * Every attribute the written version carries, checked against its declaration (attribute-rules.ts and the
 * steward's release profile): a DICOM attribute of any file at any depth, a column of any clinical table, and
 * any clinical value that reads as a date outside a date's offset column. What is declared is listed for the
 * dossier; what is not stops the release before it exists (RELEASE_ATTRIBUTE_UNDECLARED). Pure.
 */
import { oncoError } from '@oncoatlas/core';
import { OFFSET_UNITS } from '@oncoatlas/risk';
import { offsetColumn } from '../files/clinical-release.ts';
import type { SeenAttribute } from '../files/write-images.ts';
import { CDM_COLUMNS, dicomRule, REASONS, type AttributeRule } from '../profile/attribute-rules.ts';
import type { StewardDeclaration } from '../profile/release-profile.ts';

export interface DeclaredGroup {
  /** `clinical` table columns or `dicom` attributes. */
  readonly where: 'clinical' | 'dicom';
  /** `key`, `quasi-identifier age`, `sensitive`, or the reason it identifies nobody. */
  readonly declaredAs: string;
  /** `steward` when the steward's release profile declares it. */
  readonly by: 'built-in' | 'steward';
  readonly attributes: readonly string[];
}

export interface ClinicalColumn {
  readonly table: string;
  readonly column: string;
  /** Some value reads as a calendar date (YYYY-MM-DD, YYYYMMDD, DD/MM/YYYY). */
  readonly dateLike: boolean;
}

const DATE_LIKE = /(^|[^\d])(\d{4}-\d{2}-\d{2}|(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])|\d{1,2}\/\d{1,2}\/\d{2,4})([^\d]|$)/;

/** Whether a clinical value reads as a calendar date (numbers that are codes or measures do not). */
export function looksLikeDate(v: unknown): boolean {
  if (typeof v === 'string') return DATE_LIKE.test(v);
  if (v && typeof v === 'object') return Object.values(v).some(looksLikeDate);
  return false;
}

function describe(rule: AttributeRule): string {
  switch (rule.kind) {
    case 'key': return 'pseudonymous key';
    case 'qi': return `quasi-identifier ${rule.qi}`;
    case 'sensitive': return 'sensitive';
    default: return REASONS[rule.reason];
  }
}

/** The rule of a released clinical column: its own, or that of the date whose offset it is. */
function clinicalRule(table: string, column: string): AttributeRule | undefined {
  const rules = CDM_COLUMNS[table];
  if (!rules) return undefined;
  if (rules[column]) return rules[column];
  for (const [field, rule] of Object.entries(rules)) {
    if (rule.kind === 'qi' && OFFSET_UNITS.some((u) => offsetColumn(field, u) === column)) return rule;
  }
  return undefined;
}

export interface DeclarationCheck {
  readonly groups: readonly DeclaredGroup[];
  /** Messages naming each undeclared or wrongly released attribute; empty when all is declared. */
  readonly problems: readonly string[];
}

export function checkDeclarations(dicom: Iterable<SeenAttribute>, clinical: Iterable<ClinicalColumn>, steward: readonly StewardDeclaration[]): DeclarationCheck {
  const stewardReason = new Map(steward.map((d) => [d.attribute, d.reason]));
  const groups = new Map<string, { where: 'clinical' | 'dicom'; declaredAs: string; by: 'built-in' | 'steward'; attributes: string[] }>();
  const declare = (where: 'clinical' | 'dicom', declaredAs: string, by: 'built-in' | 'steward', attribute: string): void => {
    const id = `${where}|${by}|${declaredAs}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { where, declaredAs, by, attributes: [] }));
    g.attributes.push(attribute);
  };
  const problems: string[] = [];
  for (const c of clinical) {
    const name = `${c.table}.${c.column}`;
    const rule = clinicalRule(c.table, c.column);
    const isOffset = rule?.kind === 'qi' && rule.qi.endsWith('_offset') && c.column.includes('_offset_');
    if (c.dateLike && !isOffset) {
      problems.push(`clinical column ${name} holds values that read as calendar dates, and only offsets from the baseline may be released: give the mapping field a date type, or map it elsewhere`);
      continue;
    }
    if (rule && rule.kind !== 'removed') declare('clinical', describe(rule), 'built-in', name);
    else if (rule?.kind === 'removed') problems.push(`clinical column ${name} is released although it must be removed (${REASONS[rule.reason]})`);
    else if (stewardReason.has(name)) declare('clinical', stewardReason.get(name)!, 'steward', name);
    else problems.push(`clinical column ${name} is neither a measured quasi-identifier nor declared non-identifying (a date needs a date policy: it is released as an offset only when the release knows it is a date)`);
  }
  for (const a of dicom) {
    const rule = dicomRule(a.keyword, a.vr);
    if (rule?.kind === 'removed') {
      if (a.informative) problems.push(`DICOM attribute ${a.keyword} is released although it must be removed (${REASONS[rule.reason]})`);
      continue;
    }
    if (rule) declare('dicom', describe(rule), 'built-in', a.keyword);
    else if (stewardReason.has(a.keyword)) declare('dicom', stewardReason.get(a.keyword)!, 'steward', a.keyword);
    else if (a.private) declare('dicom', REASONS.safePrivate, 'built-in', a.keyword);
    else if (a.vr === 'SQ') declare('dicom', REASONS.sequence, 'built-in', a.keyword);
    else if (!a.informative) declare('dicom', REASONS.emptied, 'built-in', a.keyword);
    else problems.push(`DICOM attribute ${a.keyword} (${a.vr}) is neither a measured quasi-identifier nor declared non-identifying`);
  }
  return {
    groups: [...groups.values()].map((g) => ({ ...g, attributes: [...new Set(g.attributes)].sort() })).sort((a, b) => a.where.localeCompare(b.where) || a.declaredAs.localeCompare(b.declaredAs)),
    problems,
  };
}

/** Throws RELEASE_ATTRIBUTE_UNDECLARED listing every problem, with how to declare. */
export function refuseUndeclared(problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw oncoError('RELEASE_ATTRIBUTE_UNDECLARED', [
    `The version would release ${problems.length} attribute${problems.length === 1 ? '' : 's'} no rule declares; it was not created:`,
    ...problems.map((p) => `  - ${p}`),
    'Declare what identifies nobody in a release profile (--release-profile, docs/release.md) with the reason, which the dossier prints, or stop releasing it upstream.',
  ].join('\n'), { problems: problems.length });
}
