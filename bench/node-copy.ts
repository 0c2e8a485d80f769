/** The Node floor: read and write every file, synchronously, one thread. Usage: node-copy.ts IN OUT */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';

const [input, output] = process.argv.slice(2) as [string, string];
const made = new Set<string>();
for (const e of readdirSync(input, { recursive: true, withFileTypes: true })) {
  if (!e.isFile()) continue;
  const src = join(e.parentPath, e.name);
  const dst = join(output, relative(input, src));
  const dir = dirname(dst);
  if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
  writeFileSync(dst, readFileSync(src));
}
