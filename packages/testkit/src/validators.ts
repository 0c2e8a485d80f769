import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export interface ToolResult {
  readonly available: boolean;
  readonly ok: boolean;
  readonly errors: string[];
  readonly warnings: string[];
  readonly output: string;
}

const PACKAGE_OF: Record<string, string> = { dcmdump: 'dcmtk', dciodvfy: 'dicom3tools', gdcmanon: 'libgdcm-tools', dcmodify: 'dcmtk', dcmconv: 'dcmtk', dcmmkdir: 'dcmtk', storescu: 'dcmtk', pdftoppm: 'poppler-utils', pdftotext: 'poppler-utils', rapper: 'raptor2-utils', tesseract: 'tesseract-ocr tesseract-ocr-eng', bwrap: 'bubblewrap', dcmcjpeg: 'dcmtk', dcmcrle: 'dcmtk', dcmdrle: 'dcmtk', dcmj2pnm: 'dcmtk' };

export function hasTool(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status === 0;
}

/**
 * Skips the test on a laptop when an outside validator is missing, but fails under CI=true: a CI run
 * that silently skipped its validators would prove nothing.
 */
export function requireTool(t: TestContext, tool: string): boolean {
  if (hasTool(tool)) return true;
  const message = `${tool} not installed: apt-get install ${PACKAGE_OF[tool] ?? tool} (bash .ci/run does this)`;
  if (process.env.CI === 'true') throw new Error(message);
  t.skip(message);
  return false;
}

/** The Chromium the dossier's PDF is printed with: ONCOATLAS_CHROMIUM, or Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.ONCOATLAS_CHROMIUM ?? '/usr/bin/chromium';
}

/** requireTool for Chromium, which is found at a path (see chromiumPath), not by name on PATH. */
export function requireChromium(t: TestContext): boolean {
  if (existsSync(chromiumPath())) return true;
  const message = `Chromium not found at ${chromiumPath()}: apt-get install chromium, or set ONCOATLAS_CHROMIUM (bash .ci/run does this)`;
  if (process.env.CI === 'true') throw new Error(message);
  t.skip(message);
  return false;
}

function run(cmd: string, args: string[]): { status: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'latin1', maxBuffer: 64 << 20 });
  return { status: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** dcmdump must read the whole file; any 'E:' line or a non-zero exit is an error. */
export function runDcmdump(file: string): ToolResult {
  if (!hasTool('dcmdump')) return { available: false, ok: false, errors: [], warnings: [], output: '' };
  const r = run('dcmdump', ['-q', '+E', file]);
  const errors = r.out.split('\n').filter((l) => /^E: /.test(l));
  if (r.status !== 0 && errors.length === 0) errors.push(`dcmdump exited with ${r.status}`);
  return { available: true, ok: errors.length === 0, errors, warnings: r.out.split('\n').filter((l) => /^W: /.test(l)), output: r.out };
}

const DEFLATED = Buffer.from('1.2.840.10008.1.2.1.99', 'latin1');

/**
 * dciodvfy's verdict on the IOD: its 'Error -' and 'Warning -' lines. dicom3tools cannot read the deflated
 * transfer syntax, so such a file is first inflated to explicit VR little endian with dcmtk's dcmconv.
 */
export function runDciodvfy(file: string): ToolResult {
  if (!hasTool('dciodvfy')) return { available: false, ok: false, errors: [], warnings: [], output: '' };
  let target = file;
  let tmp: string | undefined;
  if (readFileSync(file).subarray(0, 1024).indexOf(DEFLATED) >= 0) {
    tmp = mkdtempSync(join(tmpdir(), 'oncoatlas-dcmconv-'));
    target = join(tmp, 'inflated.dcm');
    const c = run('dcmconv', ['+te', file, target]);
    if (c.status !== 0) return { available: true, ok: false, errors: [`dcmconv could not inflate the file: ${c.out.trim()}`], warnings: [], output: c.out };
  }
  const r = run('dciodvfy', ['-new', target]);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  const lines = r.out.split('\n');
  const errors = lines.filter((l) => l.startsWith('Error'));
  return { available: true, ok: errors.length === 0, errors, warnings: lines.filter((l) => l.startsWith('Warning')), output: r.out };
}

/** Values vary between input and output; the kind of error, the attribute and the module do not. */
function normalise(line: string): string {
  return line.replace(/= <[^>]*>/g, '= <>').replace(/\[[^\]]*\]/g, '[]').replace(/\s+/g, ' ').trim();
}

/** Errors reported for `after` that `before` did not have. */
export function errorDelta(before: ToolResult, after: ToolResult): string[] {
  const known = new Map<string, number>();
  for (const e of before.errors) known.set(normalise(e), (known.get(normalise(e)) ?? 0) + 1);
  const fresh: string[] = [];
  for (const e of after.errors) {
    const k = normalise(e);
    const n = known.get(k) ?? 0;
    if (n > 0) known.set(k, n - 1);
    else fresh.push(e);
  }
  return fresh;
}
