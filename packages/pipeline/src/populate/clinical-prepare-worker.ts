import { setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import { isOncoAtlasError } from '@oncoatlas/core';
import type { PrepareReply, PrepareStart } from './clinical-prepare.ts';
import { loadClinicalExport, transformLoadedExport } from './clinical-export.ts';

/**
 * The clinical export's reading thread: reads the tables at once, maps them when the imaged patients' IDs
 * arrive, answers once and ends.
 */
const start = workerData as PrepareStart;
// This thread only (Linux gives each thread its own nice value): it takes the CPU the run leaves idle.
try { setPriority(19); } catch { /* a platform without per-thread priorities runs it at normal priority */ }
const imaged = new Promise<readonly string[]>((resolve) => {
  start.port.once('message', (m: { imagedPatientIds: readonly string[] }) => resolve(m.imagedPatientIds));
});
let reply: PrepareReply;
try {
  const loaded = await loadClinicalExport(start.source, start.baseDir);
  reply = { ok: await transformLoadedExport(loaded, start.settings, await imaged) };
} catch (err) {
  reply = { error: isOncoAtlasError(err) ? { code: err.code, message: err.message, details: err.details } : { internal: true } };
}
start.port.postMessage(reply);
start.port.close();
