import type { Command } from 'commander';
import { EXIT } from '@oncoatlas/core';
import { registerDeidCommand } from './deid-command.ts';
import { baseProgram, runProgram } from './run-program.ts';
import { createSiteSecret } from './secret.ts';
import { registerInventoryCommand } from './inventory-command.ts';
import { registerPopulateCommands } from './populate-command.ts';
import { registerPullCommand } from './pull-command.ts';
import { registerReceiveCommand } from './receive-command.ts';
import { registerAuditCommands } from './audit-command.ts';
import { registerReviewCommands } from './review-command.ts';
import { registerDatasetCommands } from './dataset-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerCatalogueCommands } from './catalogue-command.ts';
import { registerSynthCommand } from './synth-command.ts';
import { registerHubCommands } from './hub-command.ts';
import { registerNodeCommands } from './node-command.ts';
import { registerAgreementsCommands } from './agreements-command.ts';
import { registerPermitsCommands } from './permits-command.ts';
import { registerJobCommands } from './job-command.ts';
import { registerToolsCommands } from './tools-command.ts';
import { registerWorkerCommand } from './worker-command.ts';

export function buildProgram(setExit: (code: number) => void): Command {
  const program = baseProgram();
  registerDeidCommand(program, setExit);

  const secret = program.command('secret').description('Manage the site secret that keys pseudonyms.');
  secret.command('new')
    .argument('<file>', 'where to write the secret (owner-readable only)')
    .description('Create a new random site secret. Keep it outside the output and back it up: pseudonyms depend on it.')
    .action((file: string) => {
      createSiteSecret(file);
      process.stdout.write(`Wrote a new site secret to ${file} (mode 600). Back it up: the same secret gives the same pseudonyms.\n`);
      setExit(EXIT.OK);
    });
  registerSynthCommand(program, setExit);
  registerHubCommands(program, setExit);
  registerNodeCommands(program, setExit);
  registerPullCommand(program, setExit);
  registerReceiveCommand(program, setExit);
  registerInventoryCommand(program, setExit);
  registerPopulateCommands(program, setExit);
  registerReviewCommands(program, setExit);
  registerDatasetCommands(program, setExit);
  registerServeCommand(program, setExit);
  registerCatalogueCommands(program, setExit);
  registerAgreementsCommands(program, setExit);
  registerPermitsCommands(program, setExit);
  registerJobCommands(program, setExit);
  registerToolsCommands(program, setExit);
  registerAuditCommands(program, setExit);
  registerWorkerCommand(program, setExit);
  return program;
}

/** Runs the CLI; returns the exit code. Errors print as `error CODE: message` without a stack trace. */
export function main(argv: readonly string[]): Promise<number> {
  return runProgram(argv, buildProgram);
}
