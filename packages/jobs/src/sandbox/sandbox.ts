/**
 * The job sandbox: bubblewrap with every namespace unshared (no network, own PID tree), no environment, an
 * unprivileged uid/gid, only /usr (and the /lib, /bin links into it), the Node runtime and what the caller binds,
 * a private /tmp, /proc and /dev. CPU time and address space are capped by prlimit inside the sandbox; wall time
 * by killing the sandbox's process group here. See docs/jobs.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { JobLimits } from '../job-types.ts';

export const BWRAP = '/usr/bin/bwrap';
const PRLIMIT = '/usr/bin/prlimit';
/** The nobody user: what the tool runs as inside the sandbox. */
const NOBODY = '65534';
/** Where the Node runtime (process.execPath's folder) appears in the sandbox. */
export const SANDBOX_RUNTIME = '/runtime';
/** Signals a killed tool's exit code reports (128 + signal number, as bwrap passes it on). */
const SIGKILL_EXIT = 128 + 9;
const SIGXCPU_EXIT = 128 + 24;
const SIGXFSZ_EXIT = 128 + 25;
/** SIGXCPU at the limit lets the tool die on its own; this much later the kernel's SIGKILL stops one that caught it. */
const CPU_GRACE_SECONDS = 2;

export interface SandboxBind {
  readonly host: string;
  /** Absolute path inside the sandbox. */
  readonly at: string;
  readonly writable?: boolean;
}

export interface SandboxRun {
  /** argv inside the sandbox, e.g. [sandboxNode(), '/tool/index.cjs', ...args]. */
  readonly command: readonly string[];
  readonly binds: readonly SandboxBind[];
  readonly limits: Pick<JobLimits, 'cpuSeconds' | 'memoryBytes' | 'wallSeconds'> & { readonly fileBytes?: number };
  /** Working directory inside the sandbox (default /tmp). */
  readonly cwd?: string;
  /** Extra environment (the sandbox starts from none). */
  readonly env?: Readonly<Record<string, string>>;
  /** Every chunk of stdout and stderr, as it comes. */
  readonly onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /** Aborting kills the sandbox (as a wall-time stop does, without its reason). */
  readonly signal?: AbortSignal;
}

export interface SandboxResult {
  /** The tool's exit code (128 + n when signal n killed it); null when it never started. */
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly cpuExceeded: boolean;
  readonly aborted: boolean;
  readonly wallMs: number;
  /** The last non-empty line the tool wrote to stderr (its own words). */
  readonly lastStderrLine: string;
  /** Why it did not succeed, in words; null when it exited 0. */
  readonly reason: string | null;
}

/** The Node runtime's path inside the sandbox. */
export function sandboxNode(): string {
  return `${SANDBOX_RUNTIME}/${basename(realpathSync(process.execPath))}`;
}

/** /lib, /lib64, /bin... : symlinks into /usr on a merged-/usr Debian (recreated), else read-only binds. */
function systemLinks(): string[] {
  const args: string[] = [];
  for (const p of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    let st;
    try { st = lstatSync(p); } catch { continue; }
    if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(p), p);
    else if (st.isDirectory()) args.push('--ro-bind', p, p);
  }
  return args;
}

export function bwrapArgs(o: SandboxRun): string[] {
  const runtimeDir = dirname(realpathSync(process.execPath));
  const cpu = Math.max(1, Math.ceil(o.limits.cpuSeconds));
  const rlimits = [`--cpu=${cpu}:${cpu + CPU_GRACE_SECONDS}`, `--as=${Math.floor(o.limits.memoryBytes)}`];
  if (o.limits.fileBytes !== undefined) rlimits.push(`--fsize=${Math.floor(o.limits.fileBytes)}`);
  const env = { PATH: '/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8', ...o.env };
  return [
    '--unshare-all', '--die-with-parent', '--new-session', '--clearenv', '--cap-drop', 'ALL',
    '--uid', NOBODY, '--gid', NOBODY, '--hostname', 'sandbox',
    '--ro-bind', '/usr', '/usr', ...systemLinks(),
    '--ro-bind', runtimeDir, SANDBOX_RUNTIME,
    ...o.binds.flatMap((b) => [b.writable ? '--bind' : '--ro-bind', b.host, b.at]),
    '--tmpfs', '/tmp', '--proc', '/proc', '--dev', '/dev',
    ...Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]),
    '--chdir', o.cwd ?? '/tmp',
    '--', PRLIMIT, ...rlimits, '--', ...o.command,
  ];
}

let availability: { ok: true } | { ok: false; why: string } | undefined;

/** Whether bubblewrap is installed and can create its namespaces here (tried once per process). */
export function sandboxAvailable(): { ok: true } | { ok: false; why: string } {
  if (availability) return availability;
  if (!existsSync(BWRAP)) return (availability = { ok: false, why: `bubblewrap is not installed (${BWRAP}): apt-get install bubblewrap` });
  if (!existsSync(PRLIMIT)) return (availability = { ok: false, why: `prlimit is not installed (${PRLIMIT}): apt-get install util-linux` });
  const r = spawnSync(BWRAP, bwrapArgs({ command: ['/usr/bin/true'], binds: [], limits: { cpuSeconds: 5, memoryBytes: 256 * 1024 * 1024, wallSeconds: 10 } }), { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) {
    const said = (r.stderr || r.error?.message || '').trim().split('\n').at(-1) ?? '';
    return (availability = { ok: false, why: `bubblewrap cannot create its sandbox on this machine (${said || `exit ${r.status}`}); user namespaces may be disabled` });
  }
  return (availability = { ok: true });
}

function failure(r: Omit<SandboxResult, 'reason'>, o: SandboxRun): string | null {
  if (r.aborted) return 'was stopped';
  if (r.timedOut) return `ran past its time limit of ${o.limits.wallSeconds} s`;
  if (r.cpuExceeded) return `used more than its CPU limit of ${Math.ceil(o.limits.cpuSeconds)} s`;
  if (r.exitCode === 0) return null;
  if (r.exitCode === SIGXFSZ_EXIT) return 'wrote a file larger than its output limit';
  if (r.exitCode === SIGKILL_EXIT) return 'was killed (signal 9): past the hard stop of its CPU limit, or out of memory';
  return `the tool exited with code ${r.exitCode}${r.lastStderrLine ? `: ${r.lastStderrLine}` : ''}`;
}

const TAIL_BYTES = 8192;
const ERROR_LINE = /^(?:Uncaught )?(?:[A-Z][A-Za-z]*)?(?:Error|Exception)\b/;

/**
 * The tool's last words on stderr: the last error line when it printed one (an uncaught exception is followed by
 * its stack and Node's version), else its last line.
 */
export function lastMessage(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^Node\.js v[\d.]+$/.test(l));
  return (lines.findLast((l) => ERROR_LINE.test(l)) ?? lines.at(-1) ?? '').slice(0, 500);
}

/**
 * Runs a command in the sandbox to its end (or its wall-time limit), passing its output on as it comes.
 *
 * @example
 * const r = await runSandboxed({ command: [sandboxNode(), '/tool/run.cjs'], binds: [{ host: toolDir, at: '/tool' }], limits: DEFAULT_JOB_LIMITS });
 * if (r.reason) console.log(`The job ${r.reason}.`);
 */
export function runSandboxed(o: SandboxRun): Promise<SandboxResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    // Its own process group: a wall-time stop kills bwrap and, through --die-with-parent, all it started.
    const child = spawn(BWRAP, bwrapArgs(o), { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderrTail = '';
    let timedOut = false;
    let aborted = false;
    const kill = (): void => {
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* ended already */ }
    };
    const timer = setTimeout(() => { timedOut = true; kill(); }, o.limits.wallSeconds * 1000);
    const onAbort = (): void => { aborted = true; kill(); };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    if (o.signal?.aborted) onAbort();
    child.stdout.on('data', (b: Buffer) => o.onOutput?.(b, 'stdout'));
    child.stderr.on('data', (b: Buffer) => {
      stderrTail = (stderrTail + b.toString('utf8')).slice(-TAIL_BYTES);
      o.onOutput?.(b, 'stderr');
    });
    let spawnError: Error | undefined;
    child.on('error', (err) => { spawnError = err; });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      const exitCode = spawnError ? null : code ?? (signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : null);
      const lastStderrLine = lastMessage(stderrTail);
      const base = { exitCode, timedOut, aborted, cpuExceeded: !timedOut && exitCode === SIGXCPU_EXIT, wallMs: Date.now() - started, lastStderrLine };
      resolve({ ...base, reason: spawnError ? `could not start the sandbox: ${spawnError.message}` : failure(base, o) });
    });
  });
}
