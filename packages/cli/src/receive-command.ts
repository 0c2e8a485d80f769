import type { Command } from 'commander';
import { EXIT, oncoError } from '@oncoatlas/core';
import { startStoreReceiver, type ReceiveProblem, type ReceiverCounts } from '@oncoatlas/sources';

interface ReceiveFlags {
  port: string;
  ae: string;
  into: string;
  host: string;
  acceptCalling?: string[];
  json?: boolean;
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isInteger(n) || n > 65535) throw oncoError('USAGE', '--port takes a whole number from 0 to 65535 (0: any free port).');
  return n;
}

function n(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Counts only: a line never names a patient, a study or an instance (their UIDs are in the paths too). */
function summary(c: ReceiverCounts): string {
  const parts = [`${c.resent} resent`, `${c.failed} failed`, `${c.incomplete} incomplete`];
  if (c.unsorted) parts.push(`${c.unsorted} without a study UID (in _unsorted)`);
  if (c.rejected) parts.push(n(c.rejected, 'association rejected', 'associations rejected'));
  return `received ${n(c.stored + c.resent, 'instance', 'instances')} in ${n(c.studies, 'study', 'studies')}, ${Math.round(c.bytes / 1e6)} MB (${parts.join(', ')})`;
}

function json(event: string, fields: object): string {
  return `${JSON.stringify({ event, ...fields })}\n`;
}

/**
 * Prints the counts when they change: at most once a second on a terminal, every ten seconds in a log
 * (a receiver runs for days; a line per instance would drown the log).
 */
function throttled(print: () => void, intervalMs: number): { changed(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  let dirty = false;
  const run = (): void => {
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    last = Date.now();
    print();
  };
  return {
    changed() {
      dirty = true;
      timer ??= setTimeout(run, Math.max(0, last + intervalMs - Date.now()));
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

async function receive(f: ReceiveFlags): Promise<number> {
  const out = process.stdout;
  const started = Date.now();
  let counts = (): ReceiverCounts | undefined => undefined;
  const progress = throttled(() => {
    const c = counts();
    if (c) out.write(`${summary(c)}\n`);
  }, out.isTTY ? 1000 : 10_000);
  const onProblem = (p: ReceiveProblem): void => {
    if (f.json) {
      out.write(json('problem', { code: p.code, message: p.message }));
      return;
    }
    process.stderr.write(`warning ${p.code}: ${p.message}\n`);
    progress.changed();
  };
  const receiver = await startStoreReceiver({
    port: parsePort(f.port),
    host: f.host,
    aeTitle: f.ae,
    into: f.into,
    acceptCallingAeTitles: f.acceptCalling,
    onProblem,
    onStored: () => {
      if (f.json) out.write(json('stored', receiver.counts));
      else progress.changed();
    },
  });
  counts = () => receiver.counts;
  // Handlers first, then the line that says we listen: whoever acts on that line may signal us at once.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    const on = (s: NodeJS.Signals): void => {
      // Removed at once: a second Ctrl-C then ends the process (the next start clears what it leaves).
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(s);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
  if (f.json) out.write(json('listening', { host: receiver.host, port: receiver.port, ae: receiver.aeTitle, into: f.into }));
  else out.write(`Receiving as AE ${receiver.aeTitle} on ${receiver.host}:${receiver.port} into ${f.into} (Ctrl-C to stop).\n`);
  const signal = await signalled;
  if (!f.json) process.stderr.write(`Stopping (${signal}): finishing instances already received; Ctrl-C again quits at once.\n`);
  await receiver.close();
  progress.stop();
  const c = receiver.counts;
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  if (f.json) out.write(json('closed', { ...c, seconds }));
  else out.write(`Stopped after ${seconds} s: ${summary(c)}.\n`);
  return EXIT.OK;
}

/** `oncoatlas receive`: a DICOM C-STORE receiver (storage SCP) that a PACS pushes studies to. */
export function registerReceiveCommand(program: Command, setExit: (code: number) => void = () => undefined): void {
  program.command('receive')
    .description('Receive studies pushed by a PACS (DICOM C-STORE) into DIR/<study>/<instance>.dcm, bytes kept exactly as sent.')
    .requiredOption('--port <n>', 'TCP port to listen on (the PACS sends to it; 0: any free port)')
    .requiredOption('--ae <title>', 'our AE title: the PACS must call exactly this title')
    .requiredOption('--into <dir>', 'folder to store into (in-progress files in DIR/.partial/receive, cleared at start)')
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option('--accept-calling <ae...>', 'accept only associations from these calling AE titles')
    .option('--json', 'print JSON lines (counts only) instead of text')
    .action(async (f: ReceiveFlags) => setExit(await receive(f)));
}
