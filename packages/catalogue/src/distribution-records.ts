/**
 * The dataset version's dcat:Distribution (§4.2). One per version, present even when access is restricted
 * (the profile requires ≥ 1). Its access URL is where access is requested (the Negotiator), never the files:
 * the images stay in the node, so there is no dcat:downloadURL.
 */
import { DataFactory } from 'n3';
import type { NamedNode } from 'n3';
import { oncoError } from '@oncoatlas/core';
import { checkCount } from './coded-values.ts';
import type { DatasetFacts } from './dataset-facts.ts';
import { dateLiteral, iriFact, linkFact, term, typed, type BlankNodeOf, type Triples } from './rdf-terms.ts';
import { addConcept, rightsStatement } from './concept-records.ts';
import { ACCESS_CONDITIONS, DICOM_FILE_TYPE, DICOM_MEDIA_TYPE, SCHEMES, SHA256_ALGORITHM, dataUseConditionIri } from './vocabulary.ts';

const { namedNode, literal } = DataFactory;

export function addDistribution(t: Triples, dataset: NamedNode, facts: DatasetFacts, node: BlankNodeOf, legislation: readonly NamedNode[]): void {
  const s = facts.steward;
  const g = facts.generated;
  const dist = node('distribution');
  t.add(dataset, 'dcat:distribution', dist);
  t.add(dist, 'rdf:type', term('dcat:Distribution'));
  const title = s.title.en?.trim();
  if (title) t.add(dist, 'dct:title', literal(`${title}, version ${facts.version}`, 'en'));
  t.add(dist, 'dct:description', literal(`DICOM images and clinical tables of version ${facts.version}. They stay in the node: access is requested at the access URL.`, 'en'));
  if (s.accessUrl) t.add(dist, 'dcat:accessURL', linkFact(s.accessUrl, 'accessUrl'));
  t.addAll(dist, 'dcatap:applicableLegislation', legislation);
  // dct:rights: the EUCAIM access conditions first (≥ 1 required), then the DUO-aligned data-use conditions.
  // Each typed dct:RightsStatement, the range DCAT-AP 3 gives dct:rights.
  for (const condition of new Set(s.accessConditions)) t.add(dist, 'dct:rights', rightsStatement(t, ACCESS_CONDITIONS[condition]));
  for (const condition of new Set(s.dataUseConditions ?? [])) t.add(dist, 'dct:rights', rightsStatement(t, dataUseConditionIri(condition)));
  if (s.license) {
    const license = linkFact(s.license, 'license');
    t.add(dist, 'dct:license', license);
    t.add(license, 'rdf:type', term('dct:LicenseDocument'));
  }
  const mediaType = namedNode(DICOM_MEDIA_TYPE);
  t.add(dist, 'dcat:mediaType', mediaType);
  t.add(mediaType, 'rdf:type', term('dct:MediaType'));
  t.add(dist, 'dct:format', addConcept(t, DICOM_FILE_TYPE, 'DICOM', SCHEMES.fileType, 'dct:MediaTypeOrExtent'));
  checkCount(g.counts.bytes, 'counts.bytes');
  // xsd:nonNegativeInteger, as DCAT-AP 3.0.1 fixed it (its issue 399); DCAT-AP 2.1.1 said xsd:decimal.
  t.add(dist, 'dcat:byteSize', typed(g.counts.bytes, 'nonNegativeInteger'));
  t.add(dist, 'dct:issued', dateLiteral(facts.releasedAt, 'releasedAt'));
  // The checksum is of manifest.json, which holds the SHA-256 of every file of the version: one value
  // that changes when any file does (there is no single downloadable file to hash).
  if (!/^[0-9a-f]{64}$/.test(g.manifestSha256)) {
    throw oncoError('CATALOGUE_INVALID_FACTS', 'manifestSha256 is not a SHA-256 in lowercase hex (64 characters).', { field: 'manifestSha256' });
  }
  const checksum = node('checksum');
  t.add(dist, 'spdx:checksum', checksum);
  t.add(checksum, 'rdf:type', term('spdx:Checksum'));
  const algorithm = namedNode(SHA256_ALGORITHM);
  t.add(checksum, 'spdx:algorithm', algorithm);
  t.add(algorithm, 'rdf:type', term('spdx:ChecksumAlgorithm'));
  t.add(checksum, 'spdx:checksumValue', typed(g.manifestSha256, 'hexBinary'));
}
