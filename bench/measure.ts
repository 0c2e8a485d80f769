/**
 * Runs one command and measures its wall-clock time and peak resident set size.
 *
 * Node's child_process does not expose the rusage of a child, so peak RSS comes from outside:
 * - 'gnu-time' (preferred): `/usr/bin/time -f %M -o FILE`. It reads ru_maxrss from wait4(), which on Linux is
 *   the largest resident set of the command or of any descendant it waited for (largest single process, not
 *   a sum; worker threads share their process's memory, so they are inside it). Exact, no sampling.
 * - 'proc-poll' (fallback when GNU time is missing): the command runs in its own process group and every
 *   20 ms the harness reads VmHWM (the kernel's high-water mark) of each process in that group from
 *   /proc/PID/status and keeps the largest. Same meaning as GNU time's figure, but a process that lives less
 *   than one poll can be missed, and the polling costs the harness a little CPU during the run.
 * Wall-clock time is taken around the spawn in this process, so it includes the command's start-up.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
}

export type RssMethod = 'gnu-time' | 'proc-poll';

export interface Measurement {
  readonly seconds: number;
  /** Peak resident set in MB (2^20 bytes); NaN when it could not be read. */
  readonly peakRssMb: number;
  /** Exit code of the command; null when it was killed by a signal. */
  readonly exitCode: number | null;
}

const GNU_TIME = '/usr/bin/time';
const POLL_MS = 20;

export function gnuTimeAvailable(): boolean {
  return existsSync(GNU_TIME);
}

export function describeRssMethod(method: RssMethod): string {
  return method === 'gnu-time'
    ? 'GNU time (`/usr/bin/time -f %M`): ru_maxrss from wait4, the largest resident set of the command or any of its child processes'
    : `VmHWM of every process in the command's process group, read from /proc every ${POLL_MS} ms; the largest counts`;
}

/** Fields of /proc/PID/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: string): string[] | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // the process exited between the listing and the read
  }
}

function hwmKb(pid: string): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Largest VmHWM (kB) among the live processes of process group `pgid`. */
export function groupPeakKb(pgid: number): number {
  let peak = 0;
  for (const pid of readdirSync('/proc')) {
    if (pid.charCodeAt(0) < 48 || pid.charCodeAt(0) > 57) continue;
    // stat fields after the name: state, ppid, pgrp, ...
    if (Number(statFields(pid)?.[2]) !== pgid) continue;
    peak = Math.max(peak, hwmKb(pid));
  }
  return peak;
}

/**
 * Runs `cmd` with stdout discarded and stderr appended to `logFile`, and measures it with `method`.
 * Never rejects for a failing command: a non-zero exit is reported in `exitCode`.
 */
export async function measure(cmd: Command, method: RssMethod, logFile: string): Promise<Measurement> {
  writeFileSync(logFile, '');
  const rssFile = `${logFile}.rss`;
  const [file, args] = method === 'gnu-time'
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd.file, ...cmd.args]]
    : [cmd.file, [...cmd.args]];
  const errFd = openSync(logFile, 'a');
  try {
    const started = performance.now();
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', errFd], detached: method === 'proc-poll' });
    let peakKb = 0;
    let timer: NodeJS.Timeout | undefined;
    if (method === 'proc-poll' && child.pid !== undefined) {
      const pgid = child.pid;
      const poll = (): void => { peakKb = Math.max(peakKb, groupPeakKb(pgid)); };
      poll();
      timer = setInterval(poll, POLL_MS);
    }
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => resolve(code));
    });
    const seconds = (performance.now() - started) / 1000;
    if (timer) clearInterval(timer);
    if (method === 'gnu-time') {
      // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
      const lines = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n') : [];
      peakKb = Number(lines.at(-1));
    }
    return { seconds, peakRssMb: Number.isFinite(peakKb) && peakKb > 0 ? peakKb / 1024 : NaN, exitCode };
  } finally {
    closeSync(errFd);
    rmSync(rssFile, { force: true });
  }
}
