/**
 * `oncoatlas catalogue show|check <id>`: the EUCAIM DCAT-AP records of a released dataset, from the data and
 * the steward's fields (a JSON file: title, description, contacts, legal basis, purpose, access...; see
 * docs/catalogue.md), as Turtle or JSON-LD, or checked against our SHACL shapes with a steward's messages.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, oncoError } from '@oncoatlas/core';
import { dataDirOptions, withLedger, type DataDirOptions } from './data-dir-options.ts';

interface CatalogueFlags extends DataDirOptions {
  steward: string;
  identifierBase?: string;
  format?: string;
}

type Quads = ReturnType<typeof import('@oncoatlas/catalogue').datasetQuads>;

async function recordsOf(id: string, f: CatalogueFlags): Promise<{ quads: Quads }> {
  let steward: unknown;
  try {
    steward = JSON.parse(readFileSync(resolve(f.steward), 'utf8'));
  } catch (err) {
    throw oncoError('CONFIG_INVALID', 'The steward fields file cannot be read as JSON (see docs/catalogue.md).', {}, err);
  }
  const { datasetFactsOf } = await import('@oncoatlas/release');
  const { datasetQuads, parseStewardFacts } = await import('@oncoatlas/catalogue');
  const fields = parseStewardFacts(steward);
  const facts = await withLedger(f, (l) => datasetFactsOf(l, resolve(f.dataDir), id, fields, f.identifierBase ? { identifierBase: f.identifierBase } : {}));
  return { quads: datasetQuads(facts) };
}

function options(c: Command): Command {
  return dataDirOptions(c)
    .requiredOption('--steward <file>', 'the steward\'s fields of the record (JSON; docs/catalogue.md)')
    .option('--identifier-base <iri>', 'prefix of the dataset\'s stable identifier (default urn:oncoatlas:dataset:)');
}

export function registerCatalogueCommands(program: Command, setExit: (code: number) => void): void {
  const catalogue = program.command('catalogue').description('EUCAIM DCAT-AP records of released datasets, checked against our SHACL shapes.');

  options(catalogue.command('show').argument('<id>', 'dataset id').description('Print the records of a released dataset.'))
    .option('--format <format>', 'turtle or jsonld', 'turtle')
    .action(async (id: string, f: CatalogueFlags) => {
      if (f.format !== 'turtle' && f.format !== 'jsonld') throw oncoError('USAGE', '--format takes turtle or jsonld.');
      const { quads } = await recordsOf(id, f);
      const { serialise } = await import('@oncoatlas/catalogue');
      process.stdout.write(`${await serialise(quads, f.format === 'turtle' ? 'text/turtle' : 'application/ld+json')}\n`);
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
}
