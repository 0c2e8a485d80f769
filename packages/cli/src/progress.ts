import { createRequire } from 'node:module';
import type cliProgressModule from 'cli-progress';

// Loaded when a bar is drawn: a run without a terminal (scripts, the benchmarks) does not pay its 10 ms.
const require = createRequire(import.meta.url);

export interface Progress {
  tick(n?: number): void;
  stop(): void;
}

/**
 * A progress bar on a terminal (stderr); elsewhere a plain line every ten seconds, so logs of a batch run
 * show that it is alive without drawing control characters. Only counts are shown, never file names.
 */
export function startProgress(label: string, total: number, unit = 'files', stream: NodeJS.WriteStream = process.stderr): Progress {
  let done = 0;
  if (stream.isTTY) {
    const cliProgress = require('cli-progress') as typeof cliProgressModule;
    const bar = new cliProgress.SingleBar({
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | eta {eta_formatted}`,
      stream,
      hideCursor: true,
      etaBuffer: 200,
    }, cliProgress.Presets.shades_classic);
    const started = Date.now();
    bar.start(total, 0, { rate: 0 });
    return {
      tick(n = 1) {
        done += n;
        bar.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
      },
      stop() { bar.stop(); },
    };
  }
  let last = Date.now();
  return {
    tick(n = 1) {
      done += n;
      if (Date.now() - last > 10_000) {
        last = Date.now();
        stream.write(`${label}: ${done}/${total} ${unit}\n`);
      }
    },
    stop() {},
  };
}

/**
 * For work whose total is not known in advance (a PACS listing, a folder walk): a single updating line on a
 * terminal, at most four times a second; nothing elsewhere. Counts only.
 */
export function startCounter(label: string, stream: NodeJS.WriteStream = process.stderr): { update(text: string): void; stop(text?: string): void } {
  let last = 0;
  let shown = false;
  return {
    update(text: string) {
      if (!stream.isTTY || Date.now() - last < 250) return;
      last = Date.now();
      shown = true;
      stream.write(`\r${label}: ${text}\x1b[K`);
    },
    stop(text?: string) {
      if (!stream.isTTY) return;
      if (text !== undefined) stream.write(`\r${label}: ${text}\x1b[K`);
      if (shown || text !== undefined) stream.write('\n');
    },
  };
}
