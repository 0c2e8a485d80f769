/**
 * The clinical export read and mapped to the common data model on a thread of its own, at the lowest CPU
 * priority, while the images are inventoried and de-identified. On the 12,484-study cohort reading the tables
 * and mapping them took about 1.3 s of the main thread after de-identification. The image stages keep both
 * cores nearly busy, so the thread runs at nice 19 and takes only the moments they leave idle: at normal
 * priority during de-identification the same work slowed that stage by as much as it saved (interleaved runs);
 * at nice 19 from the run's start it shortened the clinical stage by about a second. The tables are read as soon
 * as the run starts; the mapping waits for the imaged patients' IDs, which the inventory gives. The result
 * waits on its port until the clinical stage asks for it, so its structured clone (about 0.2 s for 150,000
 * records) is not paid while the main thread is busy.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { OncoAtlasError, oncoError, type ErrorCode, type ErrorDetails } from '@oncoatlas/core';
import type { DeidSettings } from '@oncoatlas/deid';
import type { ClinicalSource, TransformedExport } from './clinical-export.ts';

export interface ClinicalPreparation {
  /** Hands over the IDs of the patients the images show; the mapping starts then. */
  imaged(patientIds: readonly string[]): void;
  /** The mapped export, or the error its reading or mapping met (a typed error keeps its code and details). */
  result(): Promise<TransformedExport>;
  /** Stops the thread if it is still working (a run that ends early does not wait for it). */
  stop(): Promise<void>;
}

/** What the thread is started with: plain data (the settings' secret is a byte array) and its end of the channel. */
export interface PrepareStart {
  readonly source: ClinicalSource;
  readonly baseDir: string;
  readonly settings: DeidSettings;
  readonly port: MessagePort;
}

export type PrepareReply =
  | { readonly ok: TransformedExport }
  | { readonly error: { readonly code: ErrorCode; readonly message: string; readonly details: ErrorDetails } | { readonly internal: true } };

/** Starts reading the export on a thread of its own. */
export function startClinicalPreparation(o: Omit<PrepareStart, 'port'>): ClinicalPreparation {
  const { port1, port2 } = new MessageChannel();
  const start: PrepareStart = { ...o, port: port2 };
  const worker = new Worker(new URL('./clinical-prepare-worker-entry.js', import.meta.url), { workerData: start, transferList: [port2] });
  // A failure of the thread itself, kept until the result is asked for.
  let failed: OncoAtlasError | undefined;
  worker.on('error', (err) => { failed ??= oncoError('INTERNAL', 'The clinical export\'s reading thread failed.', {}, err); });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let result: Promise<TransformedExport> | undefined;
  // The thread answers once and ends: its reply is then waiting on the port, read without a listener, so it is
  // not deserialised before the clinical stage asks for it.
  const reply = async (): Promise<PrepareReply | undefined> => {
    await exited;
    return receiveMessageOnPort(port1)?.message as PrepareReply | undefined;
  };
  return {
    imaged: (patientIds) => port1.postMessage({ imagedPatientIds: patientIds }),
    result: () => result ??= reply().then((r) => {
      if (r === undefined) throw failed ?? oncoError('INTERNAL', 'The clinical export\'s reading thread stopped before it answered.');
      if ('ok' in r) return r.ok;
      // Only typed errors cross with their message: they are written not to carry identifiers.
      if ('code' in r.error) throw new OncoAtlasError(r.error.code, r.error.message, r.error.details);
      throw oncoError('INTERNAL', 'Reading the clinical export failed unexpectedly.');
    }),
    stop: async () => {
      port1.close();
      await worker.terminate();
    },
  };
}
