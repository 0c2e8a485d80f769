/**
 * `oncoatlas deid ...` as bin/oncoatlas.js runs it: a program of the deid command alone. Loading every other
 * command's modules (servers, stores, the release, OCR) cost about a second and 150 MB of each run; the help,
 * flags and errors of the command are the same as in the full program (main.ts registers the same command).
 */
import { registerDeidCommand } from './deid-command.ts';
import { baseProgram, runProgram } from './run-program.ts';

export function deidMain(argv: readonly string[]): Promise<number> {
  return runProgram(argv, (setExit) => {
    const program = baseProgram();
    registerDeidCommand(program, setExit);
    return program;
  });
}
