import type { Command } from 'commander';
import { EXIT } from '@oncoatlas/core';
import { baseProgram, runProgram } from './run-program.ts';
import { createSiteSecret } from './secret.ts';

type Register = (program: Command, setExit: (code: number) => void) => void;

const populate = async (): Promise<Register> => (await import('./populate-command.ts')).registerPopulateCommands;
const serve = async (): Promise<Register> => (await import('./serve-command.ts')).registerServeCommand;

/**
 * Each top-level command's module, by the command's name, loaded only when it is needed: every command's
 * modules together (servers, stores, spreadsheet and RDF libraries) took about 0.2 s to load before any command
 * ran, on top of the command's own. A run names its command and loads that module alone; help, or a name not
 * listed here, loads them all. A test checks that this table names every command the modules register.
 */
export const COMMAND_MODULES: Readonly<Record<string, () => Promise<Register>>> = {
  deid: async () => (await import('./deid-command.ts')).registerDeidCommand,
  synth: async () => (await import('./synth-command.ts')).registerSynthCommand,
  hub: async () => (await import('./hub-command.ts')).registerHubCommands,
  node: async () => (await import('./node-command.ts')).registerNodeCommands,
  pull: async () => (await import('./pull-command.ts')).registerPullCommand,
  receive: async () => (await import('./receive-command.ts')).registerReceiveCommand,
  inventory: async () => (await import('./inventory-command.ts')).registerInventoryCommand,
  populate, qc: populate, funnel: populate,
  review: async () => (await import('./review-command.ts')).registerReviewCommands,
  dataset: async () => (await import('./dataset-command.ts')).registerDatasetCommands,
  serve, token: serve,
  catalogue: async () => (await import('./catalogue-command.ts')).registerCatalogueCommands,
  agreements: async () => (await import('./agreements-command.ts')).registerAgreementsCommands,
  permits: async () => (await import('./permits-command.ts')).registerPermitsCommands,
  job: async () => (await import('./job-command.ts')).registerJobCommands,
  tools: async () => (await import('./tools-command.ts')).registerToolsCommands,
  audit: async () => (await import('./audit-command.ts')).registerAuditCommands,
  worker: async () => (await import('./worker-command.ts')).registerWorkerCommand,
};

/**
 * The program with the commands `argv` needs: the one it names, or every command (help, an unknown name). Each
 * module is registered once, in the table's order, so `oncoatlas --help` lists the commands as it always has.
 */
export async function buildProgram(setExit: (code: number) => void, argv: readonly string[] = []): Promise<Command> {
  const program = baseProgram();
  const named = argv[2] === undefined ? undefined : COMMAND_MODULES[argv[2]];
  const version = argv[2] === '--version' || argv[2] === '-V';
  const loaders = named ? [named] : version ? [] : [...new Set(Object.values(COMMAND_MODULES))];
  const [first, ...rest] = await Promise.all(loaders.map((load) => load()));
  // Registered in the order commands were always listed in: deid first, then secret, then the others.
  first?.(program, setExit);
  registerSecretCommand(program, setExit);
  for (const register of rest) register(program, setExit);
  return program;
}

function registerSecretCommand(program: Command, setExit: (code: number) => void): void {
  const secret = program.command('secret').description('Manage the site secret that keys pseudonyms.');
  secret.command('new')
    .argument('<file>', 'where to write the secret (owner-readable only)')
    .description('Create a new random site secret. Keep it outside the output and back it up: pseudonyms depend on it.')
    .action((file: string) => {
      createSiteSecret(file);
      process.stdout.write(`Wrote a new site secret to ${file} (mode 600). Back it up: the same secret gives the same pseudonyms.\n`);
      setExit(EXIT.OK);
    });
}

/** Runs the CLI; returns the exit code. Errors print as `error CODE: message` without a stack trace. */
export function main(argv: readonly string[]): Promise<number> {
  return runProgram(argv, (setExit) => buildProgram(setExit, argv));
}
