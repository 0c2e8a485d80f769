import { Command, CommanderError } from 'commander';
import { EXIT, exitCodeFor, normalizeError } from '@oncoatlas/core';
import { ONCOATLAS_VERSION } from '@oncoatlas/deid';

/** The program every entry builds on: name, description, version, errors handed back rather than exiting. */
export function baseProgram(): Command {
  return new Command('oncoatlas')
    .description('Populate a federated cancer imaging atlas from a hospital: de-identify, verify, publish.')
    .version(ONCOATLAS_VERSION)
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s) });
}

/** Runs a program built by `build`; returns the exit code. Errors print as `error CODE: message` without a stack trace. */
export async function runProgram(argv: readonly string[], build: (setExit: (code: number) => void) => Command | Promise<Command>): Promise<number> {
  let code: number = EXIT.OK;
  // A reader that stops early (`oncoatlas ... | head`) closes the pipe: the rest of the output has no reader,
  // and Node would end the command with an EPIPE stack trace once its work is done.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  const program = await build((c) => { code = c; });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    const e = normalizeError(err);
    process.stderr.write(`error ${e.code}: ${e.message}\n  (what to do: docs/errors.md, code ${e.code})\n`);
    if (process.env.ONCOATLAS_DEBUG && e.cause) process.stderr.write(`${String((e.cause as Error).stack ?? e.cause)}\n`);
    return exitCodeFor(e);
  }
}
