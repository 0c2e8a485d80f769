import { datasetQuads, catalogueQuads } from './packages/catalogue/src/index.ts';
import { syntheticDataset, syntheticCatalogue } from './packages/catalogue/src/fixtures/synthetic-datasets.ts';
import { validateOfficial, describeResults } from './packages/catalogue/src/official-shapes.ts';
const which = process.argv[2] ?? 'dataset';
const quads = which === 'page' ? catalogueQuads(syntheticCatalogue(), [syntheticDataset(1), syntheticDataset(2)]) : datasetQuads(syntheticDataset(1));
for (const id of ['dcat-ap-3.0.1', 'healthdcat-ap'] as const) {
  const v = await validateOfficial(quads, id);
  for (const [k, rs] of [['shacl-engine', v.shaclEngine], ['rdf-validate-shacl', v.rdfValidateShacl]] as const) {
    const viol = rs.filter((r) => r.severity === 'violation');
    const warn = rs.filter((r) => r.severity !== 'violation');
    console.log(`== ${id} ${k}: ${viol.length} violations, ${warn.length} warnings`);
    if (process.argv[3] !== 'quiet') console.log(describeResults([...new Map(rs.map(r => [`${r.severity}|${r.path}|${r.constraint}|${r.value}`, r])).values()]));
  }
}
