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
import { compactIri } from './vocabulary.ts';

export type ProblemSeverity = 'violation' | 'warning' | 'info';

export interface RecordProblem {
  /** The property at fault as the EUCAIM profile writes it: `dct:title`, `dct:publisher/foaf:name`. */
  readonly property: string;
  /** The rule's label (sh:name), e.g. `Publisher name`. */
  readonly name: string;
  /** The node at fault: the dataset's or catalogue's IRI, or a blank node (`_:…`, e.g. the distribution). */
  readonly focus: string;
  readonly message: string;
  readonly severity: ProblemSeverity;
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

function describeShape(shape: AnyTerm): { property?: string; name?: string } {
  if (shape.termType !== 'NamedNode') return {};
  const graph = shapesGraph();
  const one = (predicate: string) => graph.getObjects(DataFactory.namedNode(shape.value), predicate, null)[0]?.value;
  return { property: one(`${SHAPES_NAMESPACE}property`), name: one(`${SH}name`) };
}

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
    const key = `${result.sourceShape.value}|${focus}`;
    // A rule broken by several values of one node (two unreachable contact points) is one problem.
    if (seen.has(key)) continue;
    seen.add(key);
    const path = result.path;
    problems.push({
      property: shape.property ?? (path?.termType === 'NamedNode' ? compactIri(path.value) : 'unknown'),
      name: shape.name ?? '',
      focus,
      message: result.message.find((m) => m.termType === 'Literal' && (m as { language?: string }).language === 'en')?.value ?? result.message[0]?.value ?? 'Does not conform.',
      severity: SEVERITY[result.severity.value] ?? 'violation',
    });
  }
  const rank: Record<ProblemSeverity, number> = { violation: 0, warning: 1, info: 2 };
  problems.sort((a, b) => rank[a.severity] - rank[b.severity] || a.focus.localeCompare(b.focus) || a.property.localeCompare(b.property));
  return { conforms: problems.every((p) => p.severity !== 'violation'), problems };
}

/** One line per problem, for logs and the CLI. */
export function formatProblems(validation: RecordValidation): string {
  return validation.problems.map((p) => `${p.severity} ${p.property} (${p.focus}): ${p.message}`).join('\n');
}
