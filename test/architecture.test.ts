import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/*
 * Imports flow one way: core <- dicom <- deid|sources|synth <- pipeline <- release <- cli. testkit writes fixtures with its own encoder and must not
 * use ours (it is the independent oracle of the tests). No package reaches into another's files.
 */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  dicom: ['core'],
  deid: ['core', 'dicom'],
  sources: ['core', 'dicom'],
  synth: ['core', 'dicom'],
  store: ['core'],
  audit: ['core'],
  risk: ['core'],
  clinical: ['core'],
  catalogue: ['core'],
  // Governed access: state machines, the application form, checklists, timers, permits. Pure (no I/O).
  access: ['core'],
  federation: ['core', 'store', 'clinical'],
  // DICOMweb's wire formats (DICOM JSON, QIDO-RS matching, multipart/related). Pure.
  dicomweb: ['core', 'dicom'],
  pipeline: ['core', 'dicom', 'deid', 'sources', 'store', 'audit', 'clinical'],
  release: ['core', 'dicom', 'deid', 'store', 'audit', 'risk', 'clinical', 'catalogue', 'pipeline', 'federation', 'access'],
  // The hub service and the node's outbound agent; it knows nothing of what a task asks, except its catalogue's
  // harvest (clinical: the names of the hyperontology codes the harvested records give).
  hub: ['core', 'store', 'audit', 'clinical', 'access'],
  // Jobs under a permit: the tool allow-list, the bubblewrap sandbox, disclosure checks of outputs, review.
  jobs: ['core', 'store', 'audit', 'access', 'release'],
  server: ['core', 'store', 'audit', 'pipeline', 'catalogue', 'release', 'hub', 'federation', 'access', 'dicomweb', 'jobs'],
  cli: ['core', 'dicom', 'deid', 'sources', 'synth', 'store', 'audit', 'clinical', 'catalogue', 'pipeline', 'release', 'server', 'hub', 'federation', 'access', 'dicomweb', 'jobs'],
  testkit: [],
  // The browser UI talks to the node over HTTP only: no server code may end up in its bundle.
  web: [],
};

const packagesDir = fileURLToPath(new URL('../packages', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(tsx?|js)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

test('every package has its place in the import order', () => {
  const packages = readdirSync(packagesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.deepEqual(packages.filter((p) => !(p in ALLOWED)), [], 'a new package needs an entry in ALLOWED');
});

/** The entries a package declares public besides its index (package.json `exports`, e.g. './early-workers'). */
function declaredEntries(pkg: string): string[] {
  const exports = (JSON.parse(readFileSync(join(packagesDir, pkg, 'package.json'), 'utf8')) as { exports?: Record<string, string> }).exports ?? {};
  return Object.keys(exports).filter((k) => k !== '.').map((k) => k.slice(1));
}

test('packages import only the packages below them, and only through their public index or declared entries', () => {
  for (const [pkg, allowed] of Object.entries(ALLOWED)) {
    const dirs = ['src', 'bin'].map((d) => join(packagesDir, pkg, d)).filter((d) => existsSync(d));
    for (const file of dirs.flatMap(sources)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from '([^']+)'|import\('([^']+)'\)/g)) {
        const spec = m[1] ?? m[2]!;
        const where = relative(packagesDir, file);
        const scoped = /^@oncoatlas\/([^/]+)(\/.*)?$/.exec(spec);
        if (scoped) {
          assert.ok(allowed.includes(scoped[1]!), `${where} imports @oncoatlas/${scoped[1]}`);
          assert.ok(scoped[2] === undefined || declaredEntries(scoped[1]!).includes(scoped[2]), `${where} reaches into @oncoatlas/${scoped[1]} instead of its index`);
        }
        if (spec.startsWith('.')) assert.ok(!spec.includes('../../'), `${where} imports across packages: ${spec}`);
      }
    }
  }
});
