#!/usr/bin/env node
// The command runs on the Node 24 that the repository brings (npm puts it first on PATH for npx and npm run).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`oncoatlas needs Node 24 or later (this is ${process.version}). Run it as \`npx oncoatlas\` from the repository after \`npm ci\`: the project brings its own Node 24.\n`);
  process.exit(1);
}
// Caches compiled (and type-stripped) modules between runs: start-up drops from ~120 ms to ~30 ms.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
// `deid` loads its own command only: every other command's modules would add about a second to each run.
if (process.argv[2] === 'deid') {
  // Its threads boot and load their modules while this one loads the command's: they used to start after it,
  // and the run had one thread for its first half second.
  const { defaultJobs, startDeidWorkers } = await import('@oncoatlas/deid/early-workers');
  const { parseJobs } = await import('../src/jobs.ts');
  startDeidWorkers(earlyThreads(process.argv, defaultJobs(), parseJobs));
  const { deidMain } = await import('../src/deid-main.ts');
  process.exitCode = await deidMain(process.argv);
} else {
  const { main } = await import('../src/main.ts');
  process.exitCode = await main(process.argv);
}

/**
 * Worker threads `deid` will want: `--jobs` (or the default) less the main thread. A value the command
 * rejects (`parseJobs` is the command's own rule) starts none; the command then reports it.
 */
function earlyThreads(argv, defaultJobs, parseJobs) {
  const at = argv.findIndex((a) => a === '--jobs' || a.startsWith('--jobs='));
  if (at < 0) return defaultJobs - 1;
  try {
    return (parseJobs(argv[at].startsWith('--jobs=') ? argv[at].slice(7) : argv[at + 1]) ?? 1) - 1;
  } catch {
    return 0;
  }
}
