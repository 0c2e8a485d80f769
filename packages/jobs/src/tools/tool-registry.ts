/**
 * The node's allow-list of tools: the built-in examples shipped with OncoAtlas and those a steward added. A tool
 * is known by name, version and a SHA-256 over its files; a job runs a private copy of the files whose hashes
 * were checked as they were copied, so nothing can change them between the check and the run.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oncoError, privateDir, writePrivateFile } from '@oncoatlas/core';
import type { ToolSpec } from '../job-types.ts';

/** The examples shipped in packages/jobs/tools (names only, for UIs). */
export const BUILT_IN_TOOLS: readonly string[] = ['series-stats', 'seg-volume'];

const BUILT_IN_DIR = fileURLToPath(new URL('../../tools/', import.meta.url));
const requireHere = createRequire(import.meta.url);
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$/;
const SPEC_FILE = 'tool.json';

/** A tool and where each of its files is read from on this machine. */
export interface ToolSource {
  readonly spec: ToolSpec;
  /** Path in the tool's folder → file on this machine. */
  readonly hostFiles: ReadonlyMap<string, string>;
}

/** A built-in tool's folder: its tool.json names its files (relative to that folder, or a module's file). */
interface BuiltInManifest {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly runtime: 'node' | 'exec';
  readonly entry: string;
  readonly usage: string;
  readonly files: readonly ({ readonly path: string; readonly from: string } | { readonly path: string; readonly module: string })[];
}

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

/** SHA-256 over the files as `sha256sum` lists them (sorted by path): one hash for the whole tool. */
export function toolHash(files: readonly { readonly path: string; readonly sha256: string }[]): string {
  return sha256([...files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => `${f.sha256}  ${f.path}\n`).join(''));
}

function builtIn(name: string): ToolSource {
  const dir = join(BUILT_IN_DIR, name);
  const m = JSON.parse(readFileSync(join(dir, SPEC_FILE), 'utf8')) as BuiltInManifest;
  const hostFiles = new Map(m.files.map((f) => [f.path, 'from' in f ? resolve(dir, f.from) : requireHere.resolve(f.module)]));
  const files = [...hostFiles].map(([path, host]) => ({ path, sha256: sha256(readFileSync(host)) }));
  const { files: _, ...rest } = m;
  return { spec: { ...rest, files, sha256: toolHash(files), builtIn: true }, hostFiles };
}

function addedRoot(dataDir: string): string {
  return join(dataDir, 'tools');
}

interface AddedSpec extends ToolSpec { readonly addedAt: string }

function added(dataDir: string): { source: ToolSource; addedAt: string }[] {
  const root = addedRoot(dataDir);
  if (!existsSync(root)) return [];
  const out: { source: ToolSource; addedAt: string }[] = [];
  for (const name of readdirSync(root)) {
    for (const version of readdirSync(join(root, name))) {
      const dir = join(root, name, version);
      // Written last by addTool: a folder without it is an addition that did not finish.
      if (!existsSync(join(dir, SPEC_FILE))) continue;
      const { addedAt, ...spec } = JSON.parse(readFileSync(join(dir, SPEC_FILE), 'utf8')) as AddedSpec;
      out.push({ source: { spec, hostFiles: new Map(spec.files.map((f) => [f.path, join(dir, 'files', f.path)])) }, addedAt });
    }
  }
  return out.sort((a, b) => (a.addedAt < b.addedAt ? -1 : 1));
}

/** The examples every node ships (what a hub can offer to send to any node). */
export function builtInTools(): ToolSpec[] {
  return BUILT_IN_TOOLS.map((n) => builtIn(n).spec);
}

/** The built-in examples, then those a steward added (oldest first). */
export async function listTools(dataDir: string): Promise<ToolSpec[]> {
  return [...builtInTools(), ...added(dataDir).map((a) => a.source.spec)];
}

/** A tool by `name` or `name@version` (a name alone: the built-in one, else the one added last). */
export function resolveTool(dataDir: string, ref: string): ToolSource {
  const at = ref.lastIndexOf('@');
  const [name, version] = at > 0 ? [ref.slice(0, at), ref.slice(at + 1)] : [ref, undefined];
  const all = [...BUILT_IN_TOOLS.filter((n) => n === name).map(builtIn), ...added(dataDir).map((a) => a.source).filter((s) => s.spec.name === name).reverse()];
  const hit = all.find((s) => version === undefined || s.spec.version === version);
  if (!hit) throw oncoError('JOB_TOOL_NOT_ALLOWED', `No tool ${JSON.stringify(ref.slice(0, 100))} on this node's allow-list (oncoatlas tools list).`);
  return hit;
}

/**
 * Copies a tool's files into `dir`, checking each against its listed hash and the whole against `expectedSha256`
 * (the hash the job was submitted with). The copy is what runs.
 */
export function materializeTool(source: ToolSource, dir: string, expectedSha256: string): void {
  const changed = (): never => { throw oncoError('JOB_TOOL_NOT_ALLOWED', `The files of tool ${source.spec.name}@${source.spec.version} no longer match the content hash on the allow-list.`); };
  if (source.spec.sha256 !== expectedSha256 || toolHash(source.spec.files) !== expectedSha256) changed();
  for (const f of source.spec.files) {
    const bytes = readFileSync(source.hostFiles.get(f.path)!);
    if (sha256(bytes) !== f.sha256) changed();
    const to = join(dir, f.path);
    privateDir(dirname(to));
    writePrivateFile(to, bytes);
    // Owner-only and, for an executable tool, runnable by that owner (the sandbox's nobody maps to it).
    if (source.spec.runtime === 'exec' && f.path === source.spec.entry) chmodSync(to, 0o700);
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Adds a tool to the allow-list: every regular file of `dir` is copied into the data directory and hashed; the
 * copy is what jobs run. A name@version is added once (a changed tool is a new version).
 */
export async function addTool(dataDir: string, o: { name: string; version: string; description: string; dir: string; entry: string; runtime: 'node' | 'exec'; usage?: string }): Promise<ToolSpec> {
  if (!NAME.test(o.name)) throw oncoError('USAGE', 'A tool name is 1 to 64 lower-case letters, digits and hyphens.');
  if (!VERSION.test(o.version)) throw oncoError('USAGE', 'A tool version is 1 to 32 letters, digits, dots, plus and hyphens.');
  if (o.runtime !== 'node' && o.runtime !== 'exec') throw oncoError('USAGE', 'A tool runtime is node or exec.');
  if (BUILT_IN_TOOLS.includes(o.name)) throw oncoError('USAGE', `${o.name} is a built-in tool's name.`);
  const target = join(addedRoot(dataDir), o.name, o.version);
  if (existsSync(target)) throw oncoError('USAGE', `${o.name}@${o.version} is on the allow-list already: a changed tool needs a new version.`);
  let paths: string[];
  try {
    paths = walk(o.dir);
  } catch (err) {
    throw oncoError('USAGE', `The tool's folder ${o.dir} cannot be read.`, {}, err);
  }
  const entry = o.entry.replace(/^\.\//, '');
  if (!paths.includes(entry)) throw oncoError('USAGE', `The entry ${o.entry} is not a file of ${o.dir}.`);
  const files = paths.map((path) => {
    const bytes = readFileSync(join(o.dir, path));
    const to = join(target, 'files', path);
    privateDir(dirname(to));
    writePrivateFile(to, bytes);
    return { path, sha256: sha256(bytes) };
  });
  const spec: ToolSpec = {
    name: o.name, version: o.version, description: o.description, runtime: o.runtime, entry, files,
    sha256: toolHash(files), builtIn: false, usage: o.usage ?? '',
  };
  writePrivateFile(join(target, SPEC_FILE), `${JSON.stringify({ ...spec, addedAt: new Date().toISOString() }, null, 2)}\n`);
  return spec;
}
