/**
 * The public JSON card and the RDF records of the same facts say the same about conditions: the card's
 * conditions are the ones whose codes the records list, and its primary condition is eucaim:hasCondition.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datasetQuads, parseStewardFacts, PREFIXES, type CodedCount, type DatasetFacts } from '@oncoatlas/catalogue';
import { catalogueCard } from './catalogue-entry-routes.ts';

const coded = (value: string, count: number, ...codes: [string, string][]): CodedCount => ({ value, count, codings: codes.map(([system, code]) => ({ system, code })) });
const uuid = '5f0c7d2a-1b3e-4c5d-8e9f-0a1b2c3d4e5f';

/** A release of the synthetic hospital as versionFacts counts it: ICD-10 categories, `other` pooled under k. */
function facts(primaryCondition?: string, conditions?: CodedCount[]): DatasetFacts {
  return {
    id: 'syn', version: 1, identifierIri: `https://node.hospital-sintetic.example/catalogue/datasets/${uuid}`, uuid,
    releasedAt: '2026-03-14T10:22:05Z', modifiedAt: '2026-03-14T10:22:05Z',
    steward: parseStewardFacts({ title: { en: 'Synthetic cohort' }, ...(primaryCondition ? { primaryCondition } : {}) }),
    generated: {
      counts: { patients: 63, studies: 120, series: 400, instances: 3000, bytes: 1_000_000 },
      sex: [coded('male', 34, ['EUCAIM', 'COM1001366']), coded('female', 29, ['EUCAIM', 'COM1001370'])],
      conditions: conditions ?? [
        coded('C34', 28, ['ICD-10', 'C34'], ['SNOMEDCT', '363358000'], ['EUCAIM', 'CLIN1000065']),
        coded('C18', 12, ['ICD-10', 'C18'], ['SNOMEDCT', '363406005'], ['EUCAIM', 'CLIN1000057']),
        coded('C50', 12, ['ICD-10', 'C50'], ['SNOMEDCT', '254837009'], ['EUCAIM', 'CLIN1000060']),
        coded('C20', 6, ['ICD-10', 'C20']),
        coded('other', 3),
        coded('C61', 0, ['ICD-10', 'C61'], ['EUCAIM', 'CLIN1000075']),
      ],
      modalities: [coded('CT', 43, ['EUCAIM', 'IMG1000026'])], bodyParts: [coded('CHEST', 35, ['EUCAIM', 'BP1000067'])], manufacturers: [coded('Canon', 19, ['EUCAIM', 'IMG1000050'])],
      clinicalTables: [], pseudonymised: true, manifestSha256: 'a'.repeat(64),
    },
  };
}

function rdf(f: DatasetFacts, predicate: string): string[] {
  return datasetQuads(f).filter((q) => q.subject.value === f.identifierIri && q.predicate.value === predicate).map((q) => q.object.value).sort();
}

test('the card lists the conditions the records list, and names the primary condition the records state', () => {
  for (const f of [facts(), facts('CLIN1000060'), facts(undefined, [coded('C20', 6, ['ICD-10', 'C20'])])]) {
    const card = catalogueCard(f, 'published', 'Synthetic', null) as { conditions: string[]; conditionNames: Record<string, string>; primaryCondition: { code: string; name: string | null } | null };
    const hasCondition = rdf(f, `${PREFIXES.eucaim}hasCondition`);
    assert.deepEqual(hasCondition, card.primaryCondition ? [`${PREFIXES.eucaim}${card.primaryCondition.code}`] : []);
    // Every condition the card lists has its ICD-10 code among the records' code values, but the pooled `other`
    // (no code: the records can only leave it out), and the records list no code of a condition the card does not.
    const codeValues = rdf(f, `${PREFIXES.healthdcatap}hasCodeValues`);
    const icd10 = codeValues.filter((v) => v.startsWith('ICD-10: ')).map((v) => v.slice('ICD-10: '.length)).sort();
    assert.deepEqual(card.conditions.filter((c) => c !== 'other').sort(), icd10);
    assert.ok(Object.keys(card.conditionNames).every((c) => card.conditions.includes(c)));
  }
  const card = catalogueCard(facts(), 'published', 'Synthetic', null) as { conditions: string[]; primaryCondition: unknown };
  assert.deepEqual(card.conditions, ['C34', 'C18', 'C50', 'C20', 'other'], 'most patients first; C61 counts no patient');
  assert.deepEqual(card.primaryCondition, { code: 'CLIN1000065', name: 'Malignant tumour of lung' });
  assert.deepEqual((catalogueCard(facts('CLIN1000060'), 'published', 'Synthetic', null) as { primaryCondition: unknown }).primaryCondition, { code: 'CLIN1000060', name: 'Malignant neoplasm of breast' });
});
