/**
 * SHACL validation of record quads against our shapes, with the problems said in the shapes' own steward
 * messages. `conforms` means "no violation": a warning (the Health Data Access Body not yet designated,
 * which EUCAIM accepts during the EHDS transition) is reported but does not block publishing. Plain SHACL
 * would report conforms = false for any result, whatever its severity.
 */
import { DataFactory, Parser, Store } from 'n3';
import type { Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { SHAPES_NAMESPACE, SHAPES_TURTLE } from './shapes.ts';
import { FORM_FIELDS, formFieldOf } from './problem-fields.ts';
import { compactIri } from './vocabulary.ts';

export type ProblemSeverity = 'violation' | 'warning' | 'info';

export interface RecordProblem {
  /** The property at fault as the EUCAIM profile writes it: `dct:title`, `dct:publisher/foaf:name`. */
  readonly property: string;
  /** The rule's label (sh:name), e.g. `Publisher name`. */
  readonly name: string;
  /** The node at fault: the dataset's or catalogue's IRI, or a blank node (`_:…`, e.g. the distribution). */
  readonly focus: string;
  /** The shape's message, in the profile's words (for those who read the shapes). */
  readonly message: string;
  readonly severity: ProblemSeverity;
  /** The rule broken: the shape's id (`dataset-publisher-name`). */
  readonly rule: string;
  /** The form field at fault, as a path into the steward's JSON (`publisher.name`); none for generated values. */
  readonly field?: string;
  /** The field in the form's words (`Publisher › Name`): what the steward is shown, never a node or an RDF path. */
  readonly label: string;
  /** What to set, in the form's words. */
  readonly todo: string;
}

export interface RecordValidation {
  /** True when no problem is a violation. */
  readonly conforms: boolean;
  /** Violations first, then by focus node and property. */
  readonly problems: readonly RecordProblem[];
}

let shapes: Store | undefined;

/** The parsed shapes graph (parsed once). */
export function shapesGraph(): Store {
  shapes ??= new Store(new Parser().parse(SHAPES_TURTLE));
  return shapes;
}

const SH = 'http://www.w3.org/ns/shacl#';
const SEVERITY: Readonly<Record<string, ProblemSeverity>> = { [`${SH}Violation`]: 'violation', [`${SH}Warning`]: 'warning', [`${SH}Info`]: 'info' };

/** A term of the validator's own RDF/JS factory (not n3's): only its kind and value are used. */
interface AnyTerm {
  readonly termType: string;
  readonly value: string;
}

function describeShape(shape: AnyTerm): { property?: string; name?: string; rule: string } {
  if (shape.termType !== 'NamedNode') return { rule: '' };
  const graph = shapesGraph();
  const one = (predicate: string) => graph.getObjects(DataFactory.namedNode(shape.value), predicate, null)[0]?.value;
  return { property: one(`${SHAPES_NAMESPACE}property`), name: one(`${SH}name`), rule: shape.value.startsWith(SHAPES_NAMESPACE) ? shape.value.slice(SHAPES_NAMESPACE.length) : shape.value };
}

const RULE_ORDER = Object.keys(FORM_FIELDS);

const nodeLabel = (t: AnyTerm): string => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);

/**
 * @example
 * const { conforms, problems } = await validateRecords(datasetQuads(facts));
 * for (const p of problems) console.log(`${p.severity} ${p.property}: ${p.message}`);
 */
export async function validateRecords(quads: Iterable<Quad>): Promise<RecordValidation> {
  const validator = new SHACLValidator(shapesGraph());
  const report = await validator.validate(new Store([...quads]));
  const seen = new Set<string>();
  const problems: RecordProblem[] = [];
  for (const result of report.results) {
    const shape = describeShape(result.sourceShape);
    const focus = nodeLabel(result.focusNode);
    const value = result.value ? nodeLabel(result.value as AnyTerm) : undefined;
    const form = formFieldOf(shape.rule, value, shape.name);
    // A rule broken by several values of one form field is one problem; two unreachable contact points are
    // two fields of the form, so two problems.
    const key = `${result.sourceShape.value}|${focus}|${form.field ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const path = result.path;
    problems.push({
      property: shape.property ?? (path?.termType === 'NamedNode' ? compactIri(path.value) : 'unknown'),
      name: shape.name ?? '',
      focus,
      message: result.message.find((m) => m.termType === 'Literal' && (m as { language?: string }).language === 'en')?.value ?? result.message[0]?.value ?? 'Does not conform.',
      severity: SEVERITY[result.severity.value] ?? 'violation',
      rule: shape.rule,
      ...(form.field ? { field: form.field } : {}),
      label: form.label,
      todo: form.todo,
    });
  }
  const rank: Record<ProblemSeverity, number> = { violation: 0, warning: 1, info: 2 };
  // In the order of the rules (the form's order, roughly), not of node names: blank node ids mean nothing to a steward.
  const order = (p: RecordProblem) => { const i = RULE_ORDER.indexOf(p.rule); return i < 0 ? RULE_ORDER.length : i; };
  problems.sort((a, b) => rank[a.severity] - rank[b.severity] || order(a) - order(b) || a.label.localeCompare(b.label));
  return { conforms: problems.every((p) => p.severity !== 'violation'), problems };
}

/**
 * One line per problem in the form's words (`- Publisher › Name: Give …`), for the CLI and the API's
 * CATALOGUE_INVALID_RECORD detail: the same labels the web form shows. Warnings say so.
 */
export function formatProblems(validation: RecordValidation): string {
  return validation.problems.map((p) => `- ${p.label}${p.severity === 'violation' ? '' : ` (${p.severity})`}: ${p.todo}`).join('\n');
}
