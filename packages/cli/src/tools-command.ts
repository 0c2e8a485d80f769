/**
 * `oncoatlas tools list|add`: the node's allow-list of job tools (docs/jobs.md). A tool added is copied into the
 * data directory and known by its content hash from then on; a changed tool is a new version.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, oncoError } from '@oncoatlas/core';
import { dataDirOptions, type DataDirOptions } from './data-dir-options.ts';

export function registerToolsCommands(program: Command, setExit: (code: number) => void): void {
  const tools = program.command('tools').description('The allow-list of tools jobs may run (docs/jobs.md).');

  dataDirOptions(tools.command('list').description('Every tool: name, version, content hash, built-in or added, usage.'))
    .action(async (f: DataDirOptions) => {
      const { listTools } = await import('@oncoatlas/jobs');
      const list = await listTools(resolve(f.dataDir));
      process.stdout.write(f.json ? `${JSON.stringify({ tools: list })}\n` : `${list.map((t) =>
        `${t.name}@${t.version}  ${t.runtime}  sha256 ${t.sha256}${t.builtIn ? '  built-in' : ''}\n  ${t.description}${t.usage ? `\n  usage: ${t.usage}` : ''}`).join('\n')}\n`);
      setExit(EXIT.OK);
    });

  dataDirOptions(tools.command('add').description('Add a tool: its folder is copied and hashed; jobs run that copy.'))
    .requiredOption('--name <name>', 'lower-case letters, digits, hyphens')
    .requiredOption('--tool-version <version>', 'the tool\'s version (a changed tool needs a new one; --version is the CLI\'s own)')
    .requiredOption('--dir <dir>', 'the folder holding the tool\'s files')
    .requiredOption('--entry <file>', 'the file to run, relative to --dir')
    .option('--runtime <runtime>', 'node (run with the node\'s Node.js) or exec (an executable)', 'node')
    .option('--description <text>', 'what it does', '')
    .option('--usage <text>', 'its arguments and outputs')
    .action(async (f: DataDirOptions & { name: string; toolVersion: string; dir: string; entry: string; runtime: string; description: string; usage?: string }) => {
      if (f.runtime !== 'node' && f.runtime !== 'exec') throw oncoError('USAGE', '--runtime takes node or exec.');
      const { addTool } = await import('@oncoatlas/jobs');
      const t = await addTool(resolve(f.dataDir), {
        name: f.name, version: f.toolVersion, description: f.description, dir: resolve(f.dir), entry: f.entry, runtime: f.runtime,
        ...(f.usage !== undefined ? { usage: f.usage } : {}),
      });
      process.stdout.write(f.json ? `${JSON.stringify(t)}\n` : `Added ${t.name}@${t.version} (${t.files.length} files, sha256 ${t.sha256}).\n`);
      setExit(EXIT.OK);
    });
}
