/**
 * Rewrites the state-machine tables in docs/access.md from the machines:
 *   npx node packages/access/scripts/machine-tables.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { withMachineTables } from '../src/machine-docs.ts';

const file = new URL('../../../docs/access.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = withMachineTables(before);
if (after !== before) writeFileSync(file, after);
console.log(after === before ? 'docs/access.md: tables already current' : 'docs/access.md: tables rewritten');
