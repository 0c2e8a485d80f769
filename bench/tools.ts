/**
 * The tools the benchmark times, one entry each: the limits (how fast bytes can move at all), the peers (what a
 * site would use instead) and ours. Every command reads IN and writes a de-identified (or copied) tree to OUT,
 * which does not exist beforehand. Paths reach shells as positional parameters ("$1"), never spliced into the
 * script, so a path with spaces cannot split into several.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from './measure.ts';

export type ToolKind = 'limit' | 'peer' | 'ours';
export type CaseId = 'ct' | 'header' | 'large';

export interface Tool {
  /** Short id: names the output folder out-<id> and the log files. */
  readonly id: string;
  readonly name: string;
  readonly kind: ToolKind;
  /** The corpora it runs on (dcmodify and dcmjs are left out of the one-large-file case, as the issue asks). */
  readonly cases: readonly CaseId[];
  /** How it is run, for the report. */
  readonly how: string;
  readonly command: (inDir: string, outDir: string) => Command;
}

export interface ToolContext {
  /** Node 24 binary that runs the TypeScript helpers and the CLI. */
  readonly node: string;
  readonly repo: string;
  /** Self-signed certificate: gdcmanon -e encrypts the original attributes to it and refuses to run without one. */
  readonly certificate: string;
  readonly secretFile: string;
  readonly jobs: number;
}

/** Programs the harness cannot run without, and the Debian package that installs each. */
export const REQUIRED_PROGRAMS: readonly { program: string; debianPackage: string }[] = [
  { program: 'gdcmanon', debianPackage: 'libgdcm-tools' },
  { program: 'dcmodify', debianPackage: 'dcmtk' },
  { program: 'dcmdump', debianPackage: 'dcmtk' },
  { program: 'openssl', debianPackage: 'openssl' },
  { program: 'cp', debianPackage: 'coreutils' },
  { program: 'xargs', debianPackage: 'findutils' },
];

export function missingPrograms(): { program: string; debianPackage: string }[] {
  return REQUIRED_PROGRAMS.filter((p) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', p.program], { stdio: 'ignore' }).status !== 0);
}

export const DCMODIFY_BATCH = 500;

/**
 * Roughly the edits of the basic profile that the dcmjs loop also makes: two names replaced, 22 identifying
 * attributes (3 of them sequences) erased wherever they occur (also inside sequences), private tags erased, the three instance UIDs
 * regenerated. -imt makes an absent tag a success, so the exit status reports real failures only.
 */
const DCMODIFY_ARGS = [
  '-nb', '-ie', '-imt', '-q', '-gst', '-gse', '-gin',
  '-m', '(0010,0010)=ANON', '-m', '(0010,0020)=ANON',
  ...['(0010,0030)', '(0008,0050)', '(0008,0080)', '(0008,0081)', '(0008,0090)', '(0008,1070)', '(0008,1010)', '(0018,1000)',
    '(0008,0020)', '(0008,0021)', '(0008,0022)', '(0008,0023)', '(0008,1030)', '(0010,1040)', '(0010,2154)', '(0040,0275)',
    '(0010,1002)', '(0032,1032)', '(0008,0030)', '(0008,0031)', '(0020,0010)', '(0008,1140)'].flatMap((t) => ['-ea', t]),
  '-ep',
];

function sh(script: string, ...params: string[]): Command {
  return { file: 'sh', args: ['-c', script, 'sh', ...params] };
}

export function oncoatlasBin(repo: string): string {
  return join(repo, 'packages/cli/bin/oncoatlas.js');
}

/** Whether `oncoatlas deid` can run here; the harness still reports the others when it cannot. */
export function oursAvailable(ctx: ToolContext): { ok: true } | { ok: false; reason: string } {
  const bin = oncoatlasBin(ctx.repo);
  if (!existsSync(bin)) return { ok: false, reason: `${bin} does not exist` };
  const probe = spawnSync(ctx.node, [bin, 'deid', '--help'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status !== 0 || !probe.stdout.includes('--secret-file')) return { ok: false, reason: '`oncoatlas deid --help` fails or lacks --secret-file' };
  return { ok: true };
}

export function benchTools(ctx: ToolContext): Tool[] {
  const all: readonly CaseId[] = ['ct', 'header', 'large'];
  return [
    {
      id: 'cp', name: 'cp -r', kind: 'limit', cases: all,
      how: 'coreutils `cp -r IN OUT`: the kernel copying bytes, no parsing',
      command: (i, o) => ({ file: 'cp', args: ['-r', i, o] }),
    },
    {
      id: 'node-copy', name: 'node copy', kind: 'limit', cases: all,
      how: '`bench/node-copy.ts`: readFileSync and writeFileSync of every file, one thread; the floor of any Node tool',
      command: (i, o) => ({ file: ctx.node, args: [join(ctx.repo, 'bench/node-copy.ts'), i, o] }),
    },
    {
      id: 'gdcmanon', name: 'gdcmanon -e', kind: 'peer', cases: all,
      how: 'GDCM `gdcmanon -e -c CERT --continue -r -i IN -o OUT`: PS3.15 basic profile on the folder, one process; '
        + '`-e` encrypts the original attributes into (0400,0500) and needs a certificate (a self-signed one is made '
        + 'with openssl); `--dumb` would skip the profile and only apply listed edits. On these corpora it leaves the private '
        + 'attributes in place, so it does less than the others',
      command: (i, o) => sh('mkdir -p "$2" && exec gdcmanon -e -c "$3" --continue -r -i "$1" -o "$2" >/dev/null', i, o, ctx.certificate),
    },
    {
      id: 'dcmodify', name: `dcmodify (cp + batches of ${DCMODIFY_BATCH})`, kind: 'peer', cases: ['ct', 'header'],
      how: `dcmtk \`dcmodify\` in place: \`cp -r IN OUT\`, then \`find OUT | xargs -n ${DCMODIFY_BATCH} dcmodify\` `
        + '(one batch at a time) replacing 2 names, erasing 22 attributes (3 sequences) and all private tags, regenerating the 3 instance UIDs; '
        + 'the time includes the copy (the cp -r row shows its share)',
      // The script takes IN and OUT off its parameters and hands the rest (the edits) to dcmodify.
      command: (i, o) => sh(`in=$1; out=$2; shift 2; cp -r "$in" "$out" && find "$out" -type f -print0 | xargs -0 -n ${DCMODIFY_BATCH} dcmodify "$@"`, i, o, ...DCMODIFY_ARGS),
    },
    {
      id: 'dcmjs', name: 'dcmjs read-modify-write', kind: 'peer', cases: ['ct', 'header'],
      how: '`bench/dcmjs-deid.ts`: dcmjs readFile, naturalize, 20 of the attributes dcmodify edits blanked or replaced, private tags and 3 sequences dropped, 3 UIDs replaced, write; one thread',
      command: (i, o) => ({ file: ctx.node, args: [join(ctx.repo, 'bench/dcmjs-deid.ts'), i, o] }),
    },
    {
      id: 'oncoatlas', name: 'oncoatlas deid', kind: 'ours', cases: all,
      how: `\`oncoatlas deid IN OUT --secret-file S --jobs ${ctx.jobs} --no-progress\` (bin/oncoatlas.js on Node ${process.versions.node}, without npx's own start-up); `
        + 'basic profile, verification of every output inside the timing',
      command: (i, o) => ({ file: ctx.node, args: [oncoatlasBin(ctx.repo), 'deid', i, o, '--secret-file', ctx.secretFile, '--jobs', String(ctx.jobs), '--no-progress'] }),
    },
  ];
}
