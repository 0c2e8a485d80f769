/**
 * The SHACL profiles of the FAIR Data Point's records (FDP specification v1.2 §4.2, "Each metadata record SHOULD
 * have a reference to its own profile which … MUST point to the metadata schema expressed in SHACL"), served at
 * `/fdp/profiles/<kind>.ttl` and named by each record's `dct:conformsTo`.
 *
 * Written from the specification's tables (mandatory properties and cardinalities), not copied from its SHACL
 * listings: those do not parse (`sh:maxCount ;` without a value), check `fdp-o:metadataIdentifier` twice (the
 * second meant `metadataModified`) and put `conformsToFdpSpec` in the `dct:` namespace. Dataset and
 * distribution have no table in v1.2 (the spec leaves them to the deployment); their profiles ask what the
 * navigation needs: title, parent (`dct:isPartOf`) and the FDP metadata properties.
 */
import type { FdpRecordKind } from './harvest-endpoints.ts';

const PREFIXES = `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix fdp-o: <https://w3id.org/fdp/fdp-o#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ldp: <http://www.w3.org/ns/ldp#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix fdpp: <urn:oncoatlas:fdp-profile:> .
`;

/** The FDP metadata properties every record has (§4.2.1 and §4.2.2, "FDP ontology" rows). */
const METADATA = `
  sh:property [ sh:path dct:title ; sh:nodeKind sh:Literal ; sh:minCount 1 ] ;
  sh:property [ sh:path fdp-o:metadataIdentifier ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path fdp-o:metadataIssued ; sh:datatype xsd:dateTime ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path fdp-o:metadataModified ; sh:datatype xsd:dateTime ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path dct:conformsTo ; sh:nodeKind sh:IRI ; sh:minCount 1 ]`;

const AGENT = `
fdpp:AgentShape a sh:NodeShape ;
  sh:property [ sh:path foaf:name ; sh:nodeKind sh:Literal ; sh:minCount 1 ] .`;

const CONTAINER = `
fdpp:ContainerShape a sh:NodeShape ;
  sh:targetClass ldp:DirectContainer ;
  sh:property [ sh:path dct:title ; sh:nodeKind sh:Literal ; sh:minCount 1 ] ;
  sh:property [ sh:path ldp:membershipResource ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path ldp:hasMemberRelation ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path ldp:contains ; sh:nodeKind sh:IRI ] .`;

const SHAPES: Readonly<Record<FdpRecordKind, string>> = {
  fdp: `
fdpp:FAIRDataPointShape a sh:NodeShape ;
  sh:targetClass fdp-o:FAIRDataPoint ;${METADATA} ;
  sh:property [ sh:path dct:publisher ; sh:node fdpp:AgentShape ; sh:minCount 1 ] ;
  sh:property [ sh:path dct:license ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path dcat:endpointURL ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path dcat:endpointDescription ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path fdp-o:conformsToFdpSpec ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path fdp-o:hasSoftwareVersion ; sh:nodeKind sh:Literal ; sh:maxCount 1 ] ;
  sh:property [ sh:path fdp-o:metadataCatalog ; sh:class dcat:Catalog ; sh:minCount 1 ] .
${AGENT}
${CONTAINER}`,
  catalogue: `
fdpp:CatalogShape a sh:NodeShape ;
  sh:targetClass dcat:Catalog ;${METADATA} ;
  sh:property [ sh:path dct:publisher ; sh:node fdpp:AgentShape ; sh:minCount 1 ] ;
  sh:property [ sh:path dct:license ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path dct:isPartOf ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path dcat:themeTaxonomy ; sh:nodeKind sh:IRI ; sh:minCount 1 ] ;
  sh:property [ sh:path dcat:dataset ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path foaf:homepage ; sh:nodeKind sh:IRI ; sh:maxCount 1 ] .
${AGENT}
${CONTAINER}`,
  dataset: `
fdpp:DatasetShape a sh:NodeShape ;
  sh:targetClass dcat:Dataset ;${METADATA} ;
  sh:property [ sh:path dct:isPartOf ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path dcat:distribution ; sh:nodeKind sh:IRI ] .
${CONTAINER}`,
  distribution: `
fdpp:DistributionShape a sh:NodeShape ;
  sh:targetClass dcat:Distribution ;${METADATA} ;
  sh:property [ sh:path dct:isPartOf ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] .`,
};

/** The Turtle of one kind of record's profile. */
export function fdpProfileTurtle(kind: FdpRecordKind): string {
  return `${PREFIXES}${SHAPES[kind]}\n`;
}
