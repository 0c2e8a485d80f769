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
import { ACCESS_CONDITIONS, DICOM_MEDIA_TYPE, SHA256_ALGORITHM, dataUseConditionIri } from './vocabulary.ts';

const { namedNode, literal } = DataFactory;

export function addDistribution(t: Triples, dataset: NamedNode, facts: DatasetFacts, node: BlankNodeOf, legislation: readonly NamedNode[]): void {
  const s = facts.steward;
  const g = facts.generated;
  const dist = node('distribution');
  t.add(dataset, 'dcat:distribution', dist);
  t.add(dist, 'rdf:type', term('dcat:Distribution'));
  const title = s.title.en?.trim();
  if (title) t.add(dist, 'dct:title', literal(`${title}, version ${facts.version}`, 'en'));
  if (s.accessUrl) t.add(dist, 'dcat:accessURL', linkFact(s.accessUrl, 'accessUrl'));
  t.addAll(dist, 'dcatap:applicableLegislation', legislation);
  // dct:rights: the EUCAIM access conditions first (≥ 1 required), then the DUO-aligned data-use conditions.
  for (const condition of new Set(s.accessConditions)) t.add(dist, 'dct:rights', namedNode(ACCESS_CONDITIONS[condition]));
  for (const condition of new Set(s.dataUseConditions ?? [])) t.add(dist, 'dct:rights', namedNode(dataUseConditionIri(condition)));
  if (s.license) t.add(dist, 'dct:license', linkFact(s.license, 'license'));
  t.add(dist, 'dcat:mediaType', namedNode(DICOM_MEDIA_TYPE));
  checkCount(g.counts.bytes, 'counts.bytes');
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
  t.add(checksum, 'spdx:algorithm', namedNode(SHA256_ALGORITHM));
  t.add(checksum, 'spdx:checksumValue', typed(g.manifestSha256, 'hexBinary'));
}
