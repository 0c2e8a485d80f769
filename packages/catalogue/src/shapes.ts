/**
 * The SHACL shapes graph, as Turtle text built from the rule tables (shape-rules.ts), so it travels with
 * the package and can be served as is (`GET …/shapes.ttl`) for others to validate our records or theirs.
 * Shapes are named in our own namespace; `oas:property` on each says which property a problem is about,
 * including paths through agents (`dct:publisher/foaf:name`).
 */
import { CATALOGUE_RULES, DATASET_RULES, DATASET_VARIABLES_RULE, DISTRIBUTION_RULES, type ShapeRule } from './shape-rules.ts';
import { PREFIXES } from './vocabulary.ts';

/** Our shapes' namespace: a URN because OncoAtlas owns no domain; the shapes are never dereferenced. */
export const SHAPES_NAMESPACE = 'urn:oncoatlas:shapes:';

const turtleString = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function propertyShape(rule: ShapeRule): string {
  return [
    `oas:${rule.id} a sh:PropertyShape ;`,
    `  sh:path ${rule.path} ;`,
    `  ${rule.constraints} ;`,
    `  sh:name ${turtleString(rule.name)}@en ;`,
    `  oas:property ${turtleString(rule.property)} ;`,
    ...(rule.severity ? [`  sh:severity sh:${rule.severity} ;`] : []),
    `  sh:message ${turtleString(rule.message)}@en .`,
  ].join('\n');
}

function nodeShape(id: string, targetClass: string, rules: readonly ShapeRule[]): string {
  return [
    `oas:${id} a sh:NodeShape ;`,
    `  sh:targetClass ${targetClass} ;`,
    `  sh:property ${rules.map((r) => `oas:${r.id}`).join(', ')} .`,
    '',
    ...rules.map(propertyShape),
  ].join('\n');
}

const prefixLines = Object.entries({ ...PREFIXES, sh: 'http://www.w3.org/ns/shacl#', oas: SHAPES_NAMESPACE })
  .map(([prefix, ns]) => `@prefix ${prefix}: <${ns}> .`)
  .join('\n');

export const SHAPES_TURTLE = `${prefixLines}

# OncoAtlas SHACL shapes for EUCAIM DCAT-AP v2 (DCAT-AP 3 + HealthDCAT-AP release 7 + EUCAIM):
# the mandatory properties of Dataset, Distribution and Catalogue, each with a message for data stewards.

${nodeShape('DatasetShape', 'dcat:Dataset', DATASET_RULES)}

oas:${DATASET_VARIABLES_RULE.id} a sh:NodeShape ;
  sh:targetClass dcat:Dataset ;
  ${DATASET_VARIABLES_RULE.constraints} ;
  sh:name ${turtleString(DATASET_VARIABLES_RULE.name)}@en ;
  oas:property ${turtleString(DATASET_VARIABLES_RULE.property)} ;
  sh:message ${turtleString(DATASET_VARIABLES_RULE.message)}@en .

${nodeShape('DistributionShape', 'dcat:Distribution', DISTRIBUTION_RULES)}

${nodeShape('CatalogueShape', 'dcat:Catalog', CATALOGUE_RULES)}

# Helper shapes reached through sh:node; their findings are reported with the message of the rule using them.
oas:HasName a sh:NodeShape ;
  sh:property [ sh:path foaf:name ; sh:minCount 1 ] .

oas:HasOneContactPoint a sh:NodeShape ;
  sh:property [ sh:path cv:contactPoint ; sh:minCount 1 ; sh:maxCount 1 ] .

oas:ChecksumShape a sh:NodeShape ;
  sh:property [ sh:path spdx:algorithm ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path spdx:checksumValue ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:hexBinary ; sh:pattern "^[0-9a-f]+$" ] .
`;
