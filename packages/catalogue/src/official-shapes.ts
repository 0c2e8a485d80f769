/**
 * The official SHACL shapes our records are tested against, vendored under `shapes/vendor/` with their
 * provenance (PROVENANCE.md per profile: source, commit, SHA-256, licence), and a validation that runs both
 * JavaScript SHACL engines on them: shacl-engine and rdf-validate-shacl. Two engines because either alone has
 * been wrong before on `sh:or`, `sh:qualifiedValueShape` and `sh:node`; a record conforms when both say so.
 *
 * The files are read lazily from the package, on first use: they are assets of this package (the server serves
 * them as they are, see `officialShapeFiles`), not code. Nothing else here does I/O.
 *
 * HealthDCAT-AP's shapes still write its properties in the pre-w3id namespace
 * (`http://healthdataportal.eu/ns/health#`, "to be changed when the HealthDCAT-AP namespace is created"); EUCAIM
 * DCAT-AP v2 writes them in `https://w3id.org/healthdcat-ap#`. Validated as they are, every HealthDCAT-AP property
 * shape would miss our records (and `hdab` minCount 1 would fail for a property we do write), so the loader
 * rewrites that namespace, and only that, when it parses them for validation. The served files stay verbatim.
 */
import { readFileSync } from 'node:fs';
import { DataFactory, Parser, Store } from 'n3';
import type { Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { Validator } from 'shacl-engine';
import { compactIri, PREFIXES } from './vocabulary.ts';

export type OfficialProfileId = 'dcat-ap-3.0.1' | 'healthdcat-ap';

export interface OfficialProfile {
  readonly id: OfficialProfileId;
  readonly title: string;
  readonly version: string;
  /** Where the files come from (the folder's PROVENANCE.md says more). */
  readonly source: string;
  /** Vendored files, relative to `shapes/vendor/`, in the order the profile's own validator loads them. */
  readonly files: readonly string[];
  /** Vendored but not run, with why (e.g. a SPARQL-only guard). */
  readonly notRun?: readonly string[];
}

const SEMIC_COMMIT = '7c531da7f154794da620fd0e57a3e8afe0286c0f';
const HEALTHDCAT_COMMIT = 'cd7841f';

export const OFFICIAL_PROFILES: readonly OfficialProfile[] = [
  {
    id: 'dcat-ap-3.0.1',
    title: 'DCAT-AP 3.0.1 (SEMIC), full shapes with class ranges',
    version: '3.0.1',
    source: `https://github.com/SEMICeu/DCAT-AP/tree/${SEMIC_COMMIT}/releases/3.0.1/shacl`,
    files: ['dcat-ap-3.0.1/dcat-ap-SHACL.ttl', 'dcat-ap-3.0.1/ranges.ttl'],
  },
  {
    id: 'healthdcat-ap',
    title: 'HealthDCAT-AP (European Commission, DG SANTE), RESTRICTED access level, with the DCAT-AP shapes it imports (3.0.1, see PROVENANCE.md)',
    version: `release 8 (${HEALTHDCAT_COMMIT}); see PROVENANCE.md for why not release 7`,
    source: `https://code.europa.eu/healthdataeu/healthdcat-ap (commit ${HEALTHDCAT_COMMIT}), public/releases/release-8/html/shacl/HealthDCAT-AP_validator/config/rdf-validator/ehds`,
    files: [
      'healthdcat-ap/range.ttl',
      'healthdcat-ap/restricted-shapes.ttl',
      'healthdcat-ap/mdr-vocabularies.shape.ttl',
      'healthdcat-ap/restricted-shapes_recommended.ttl',
      // What the HealthDCAT-AP files owl:import (the validator preloads them).
      'dcat-ap-3.0.1-html/shapes.ttl',
      'dcat-ap-3.0.1-html/range.ttl',
      'dcat-ap-3.0.1-html/mdr-vocabularies.shape.ttl',
      'dcat-ap-3.0.1-html/shapes_recommended.ttl',
    ],
    notRun: ['healthdcat-ap/graph-guard.ttl (a SPARQL constraint that the document holds a dcat:Dataset; rdf-validate-shacl runs no SPARQL constraints, and every record we validate holds one)'],
  },
];

const VENDOR = new URL('../shapes/vendor/', import.meta.url);
const OLD_HEALTH_NS = 'http://healthdataportal.eu/ns/health#';
const OWL_IMPORTS = 'http://www.w3.org/2002/07/owl#imports';

function profile(id: OfficialProfileId): OfficialProfile {
  const found = OFFICIAL_PROFILES.find((p) => p.id === id);
  if (!found) throw new Error(`No official profile ${id}.`);
  return found;
}

const texts = new Map<string, string>();

function read(relative: string): string {
  let text = texts.get(relative);
  if (text === undefined) texts.set(relative, (text = readFileSync(new URL(relative, VENDOR), 'utf8')));
  return text;
}

/** The vendored files of a profile as they are (for serving), and its PROVENANCE.md. */
export function officialShapeFiles(id: OfficialProfileId): { readonly files: readonly { readonly name: string; readonly turtle: string }[]; readonly provenance: string } {
  const p = profile(id);
  const folders = new Set(p.files.map((f) => f.split('/')[0]!));
  return {
    files: p.files.map((name) => ({ name, turtle: read(name) })),
    provenance: [...folders].map((folder) => read(`${folder}/PROVENANCE.md`)).join('\n'),
  };
}

const graphs = new Map<OfficialProfileId, Store>();

function shapesGraph(id: OfficialProfileId): Store {
  let graph = graphs.get(id);
  if (graph) return graph;
  graph = new Store();
  for (const name of profile(id).files) {
    const turtle = read(name).replaceAll(OLD_HEALTH_NS, PREFIXES.healthdcatap);
    // The files' owl:imports name what `files` already loads (the profile's validator maps them to local copies).
    graph.addQuads(new Parser({ baseIRI: `https://oncoatlas.invalid/vendor/${name}` }).parse(turtle).filter((q) => q.predicate.value !== OWL_IMPORTS));
  }
  graphs.set(id, graph);
  return graph;
}

export type OfficialSeverity = 'violation' | 'warning' | 'info';

/** One result of one engine, in plain strings (blank nodes as `_:…`, IRIs compacted where we have a prefix). */
export interface OfficialResult {
  readonly severity: OfficialSeverity;
  readonly focus: string;
  readonly path: string;
  readonly value?: string;
  readonly message: string;
  readonly constraint: string;
}

export interface OfficialValidation {
  readonly profile: OfficialProfileId;
  readonly shaclEngine: readonly OfficialResult[];
  readonly rdfValidateShacl: readonly OfficialResult[];
}

interface AnyTerm { readonly termType: string; readonly value: string }

const SH = 'http://www.w3.org/ns/shacl#';
const severityOf = (t: AnyTerm | undefined): OfficialSeverity => (t?.value === `${SH}Warning` ? 'warning' : t?.value === `${SH}Info` ? 'info' : 'violation');
const label = (t: AnyTerm | undefined | null): string => (!t ? '' : t.termType === 'BlankNode' ? `_:${t.value}` : t.termType === 'Literal' ? JSON.stringify(t.value) : compactIri(t.value));

// shacl-engine builds its report with this factory: n3's terms, and an n3 Store as its dataset.
const factory = { ...DataFactory, dataset: (quads?: Iterable<Quad>) => new Store(quads ? [...quads] : []) };

/**
 * Validates record quads against one official profile with both engines. Counting only `severity: 'violation'`
 * gives the profile's conformance; warnings are its recommended properties.
 *
 * @example
 * const { shaclEngine, rdfValidateShacl } = await validateOfficial(datasetQuads(facts), 'dcat-ap-3.0.1');
 * const violations = shaclEngine.filter((r) => r.severity === 'violation');
 */
export async function validateOfficial(quads: Iterable<Quad>, id: OfficialProfileId): Promise<OfficialValidation> {
  const data = new Store([...quads]);
  const shapes = shapesGraph(id);

  const engine = await new Validator(shapes, { factory }).validate({ dataset: data });
  const shaclEngine = engine.results.map((r): OfficialResult => ({
    severity: severityOf(r.severity),
    focus: label(r.focusNode.term),
    path: (r.path ?? []).map((step) => step.predicates.map((p) => compactIri(p.value)).join('|')).join('/'),
    ...(r.value ? { value: label(r.value.term) } : {}),
    message: r.message.map((m) => m.value).join(' '),
    constraint: compactIri(r.constraintComponent.value).replace(SH, 'sh:'),
  }));

  const report = await new SHACLValidator(shapes).validate(data);
  const rdfValidateShacl = report.results.map((r): OfficialResult => ({
    severity: severityOf(r.severity as AnyTerm | undefined),
    focus: label(r.focusNode as AnyTerm),
    path: r.path ? compactIri(r.path.value) : '',
    ...(r.value ? { value: label(r.value as AnyTerm) } : {}),
    message: r.message.map((m) => m.value).join(' '),
    constraint: r.sourceConstraintComponent ? compactIri(r.sourceConstraintComponent.value).replace(SH, 'sh:') : '',
  }));

  return { profile: id, shaclEngine, rdfValidateShacl };
}

/** `severity focus path: message` per result, for test failure messages. */
export function describeResults(results: readonly OfficialResult[]): string {
  return results.map((r) => `${r.severity} ${r.focus} ${r.path}${r.value ? ` = ${r.value}` : ''} [${r.constraint}]: ${r.message}`).join('\n');
}
