/**
 * `oncoatlas catalogue show|check <id>`: the EUCAIM DCAT-AP records of a released dataset, from the data and
 * the steward's fields (a JSON file: title, description, contacts, legal basis, purpose, access...; see
 * docs/catalogue.md), as Turtle, JSON-LD, RDF/XML or N-Triples, or checked against our SHACL shapes with a
 * steward's messages. `catalogue publish|unpublish|invalidate|reactivate <id>` changes its catalogue state; the
 * first publication gives the dataset its stable identity (a UUID and an IRI under the node's public URL).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, oncoError } from '@oncoatlas/core';
import { dataDirOptions, withLedger, withWriterLedger, type DataDirOptions } from './data-dir-options.ts';
import { readJsonFile } from './json-file.ts';

interface CatalogueFlags extends DataDirOptions {
  steward: string;
  format?: string;
}

const FORMATS = { turtle: 'text/turtle', jsonld: 'application/ld+json', rdfxml: 'application/rdf+xml', ntriples: 'application/n-triples' } as const;

type Quads = ReturnType<typeof import('@oncoatlas/catalogue').datasetQuads>;

async function recordsOf(id: string, f: CatalogueFlags): Promise<{ quads: Quads }> {
  const steward = readJsonFile(f.steward, 'The steward fields file', 'see docs/catalogue.md');
  const { datasetFactsOf } = await import('@oncoatlas/release');
  const { datasetQuads, parseStewardFacts } = await import('@oncoatlas/catalogue');
  const fields = parseStewardFacts(steward);
  const facts = await withLedger(f, (l) => datasetFactsOf(l, resolve(f.dataDir), id, fields));
  return { quads: datasetQuads(facts) };
}

function options(c: Command): Command {
  return dataDirOptions(c)
    .requiredOption('--steward <file>', 'the steward\'s fields of the record (JSON; docs/catalogue.md)');
}

export function registerCatalogueCommands(program: Command, setExit: (code: number) => void): void {
  const catalogue = program.command('catalogue').description('EUCAIM DCAT-AP records of released datasets, checked against our SHACL shapes.');

  options(catalogue.command('show').argument('<id>', 'dataset id').description('Print the records of a released dataset.'))
    .option('--format <format>', `${Object.keys(FORMATS).join(', ')}`, 'turtle')
    .action(async (id: string, f: CatalogueFlags) => {
      if (!f.format || !Object.hasOwn(FORMATS, f.format)) throw oncoError('USAGE', `--format takes ${Object.keys(FORMATS).join(', ')}.`);
      const { quads } = await recordsOf(id, f);
      const { serialise } = await import('@oncoatlas/catalogue');
      process.stdout.write(`${await serialise(quads, FORMATS[f.format as keyof typeof FORMATS])}\n`);
      setExit(EXIT.OK);
    });

  options(catalogue.command('check').argument('<id>', 'dataset id').description('Check the records against the shapes; every missing or wrong property is named.'))
    .action(async (id: string, f: CatalogueFlags) => {
      const { quads } = await recordsOf(id, f);
      const { formatProblems, validateRecords } = await import('@oncoatlas/catalogue');
      const result = await validateRecords(quads);
      if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        const verdict = result.conforms ? `The records of ${id} meet every mandatory property of EUCAIM DCAT-AP v2.` : `The records of ${id} do not meet EUCAIM DCAT-AP v2:`;
        process.stdout.write([verdict, ...(result.problems.length > 0 ? [formatProblems(result)] : [])].join('\n') + '\n');
      }
      setExit(result.conforms ? EXIT.OK : EXIT.FAILURE);
    });

  for (const [name, action, what] of [
    ['publish', 'PUBLISH', 'Publish the dataset in the catalogue (its records must conform).'],
    ['unpublish', 'UNPUBLISH', 'Take the dataset back out of the catalogue (it stays released).'],
    ['invalidate', 'INVALIDATE', 'Mark a published dataset invalid (withdrawn: harvesters drop it).'],
    ['reactivate', 'REACTIVATE', 'Publish an invalidated dataset again (its records are checked again).'],
  ] as const) {
    const command = dataDirOptions(catalogue.command(name).argument('<id>', 'dataset id').description(what))
      .requiredOption('--by <name>', 'who (recorded in the audit log)')
      .option('--steward <file>', 'the steward\'s fields (default: those it was last published with)');
    // Only a first publication names the dataset; every later command reads the IRI back from the ledger.
    if (action === 'PUBLISH') command.option('--public-url <url>', 'the node\'s public address (https://…) that serves the dataset\'s IRI; kept in the ledger the first time it is given');
    command
      .action(async (id: string, f: DataDirOptions & { by: string; steward?: string; publicUrl?: string }) => {
        const { changeCatalogueState } = await import('@oncoatlas/release');
        const steward = f.steward ? readJsonFile(f.steward, 'The steward fields file', 'see docs/catalogue.md') : undefined;
        const r = await withWriterLedger(f, `catalogue ${name}`, (ledger) => changeCatalogueState({
          ledger, dataDir: resolve(f.dataDir), id, action, by: f.by, now: () => new Date().toISOString(),
          ...(steward !== undefined ? { steward } : {}), ...(f.publicUrl !== undefined ? { publicUrl: f.publicUrl } : {}),
          warn: (message) => process.stderr.write(`Warning: ${message}\n`),
        }));
        const named = r.identifier ? ` Its identifier: ${r.identifier}` : '';
        process.stdout.write(f.json ? `${JSON.stringify({ id, ...r })}\n` : `${id}: ${r.from} -> ${r.to} (version ${r.version}); recorded in the audit log as by ${f.by}.${named}\n`);
        setExit(EXIT.OK);
      });
  }
}
