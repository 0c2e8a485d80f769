import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { oncoError, type ErrorCode } from '@oncoatlas/core';
import { isAeTitle } from './part10-meta.ts';
import type { ReceivedInstance, ScpHost, StoreScp } from './store-scp.ts';
import { readStudyUid, type StudyUidResult } from './study-uid.ts';

/*
 * A C-STORE receiver: hospitals push studies from their PACS; each instance lands as a Part 10 file in
 * into/<StudyInstanceUID>/<SOPInstanceUID>.dcm, with the dataset bytes exactly as sent.
 *
 * Durability contract: Success is answered only after the file is fsynced and renamed into place, and the
 * folder fsynced; an instance that did not arrive completely leaves nothing outside into/.partial, and a
 * crash leaves at most files in into/.partial, which the next start deletes. One receiver per folder.
 *
 * Our own net.Server rather than dcmjs-dimse's Server: that one cannot bind a host, does not report the
 * port it got for port 0, and its close() destroys sockets without waiting for instances being committed.
 */

export interface StoreReceiverOptions {
  readonly port: number;
  /** Interface to listen on; '0.0.0.0' (every IPv4 interface) by default, since a PACS is elsewhere. */
  readonly host?: string;
  /** Our AE title: associations calling any other title are rejected. */
  readonly aeTitle: string;
  readonly into: string;
  /** When given, only these calling AE titles may associate. */
  readonly acceptCallingAeTitles?: readonly string[];
  readonly onStored?: (e: StoredEvent) => void;
  readonly onProblem?: (p: ReceiveProblem) => void;
  /** dcmjs-dimse's timeouts (ms): for the A-ASSOCIATE-RQ after connect, and between PDUs. */
  readonly associationTimeoutMs?: number;
  readonly pduTimeoutMs?: number;
}

/** One instance stored. Holds UIDs: for the program, never for a log line. */
export interface StoredEvent {
  readonly path: string;
  /** Undefined when the dataset has no usable Study Instance UID (the file is in into/_unsorted). */
  readonly studyInstanceUid: string | undefined;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly transferSyntaxUid: string;
  readonly callingAeTitle: string;
  /** Dataset bytes as received (the file adds the preamble and meta group). */
  readonly bytes: number;
  /** The same SOP instance was already there and has been replaced. */
  readonly resent: boolean;
  /** The first instance of this study in this run of the receiver. */
  readonly newStudy: boolean;
}

/** Something an operator should know; the message names AE titles and counts, never identifiers. */
export interface ReceiveProblem {
  readonly code: ErrorCode;
  readonly message: string;
}

export interface ReceiverCounts {
  /** Associations accepted / rejected (AE titles). */
  associations: number;
  rejected: number;
  echoes: number;
  /** Instances stored for the first time / replaced by a resend / put in _unsorted (also counted in one of the two). */
  stored: number;
  resent: number;
  unsorted: number;
  /** C-STOREs answered with a failure status. */
  failed: number;
  /** Instances abandoned mid-transfer (abort, dead connection, receiver closing). */
  incomplete: number;
  /** Studies with at least one instance stored in this run. */
  studies: number;
  /** Dataset bytes stored. */
  bytes: number;
}

export interface StoreReceiver {
  /** The port listened on (the one the system chose when port 0 was asked for). */
  readonly port: number;
  readonly host: string;
  readonly aeTitle: string;
  /** A snapshot of the counters. */
  readonly counts: ReceiverCounts;
  /**
   * Stops listening, waits for instances already received to be committed and answered, then closes
   * every association; an instance still arriving is deleted (the sender will resend it).
   */
  close(): Promise<void>;
}

/** Its own folder under the inbox's .partial, so a pull into the same inbox never loses its files to our clean-up. */
const PARTIAL = join('.partial', 'receive');
const UNSORTED = '_unsorted';
const STATUS = { success: 0x0000, outOfResources: 0xa700, cannotUnderstand: 0xc000 } as const;

function errnoOf(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'unknown error';
}

/** fsync a directory so a rename or a new entry in it survives a power cut. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try { await fh.sync(); } finally { await fh.close(); }
}

function validate(o: StoreReceiverOptions): void {
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw oncoError('USAGE', 'The port must be a whole number from 0 to 65535.');
  if (!isAeTitle(o.aeTitle)) throw oncoError('USAGE', 'The AE title must be 1 to 16 characters, no backslash or control characters.');
  for (const ae of o.acceptCallingAeTitles ?? []) {
    if (!isAeTitle(ae)) throw oncoError('USAGE', 'Every accepted calling AE title must be 1 to 16 characters, no backslash or control characters.');
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(oncoError('RECEIVE_PORT_IN_USE', `Port ${port} on ${host} is already in use (another receiver or DICOM node?); pick another --port.`, { port, host, errno: err.code }, err));
      } else if (err.code === 'EACCES') {
        reject(oncoError('RECEIVE_PORT_IN_USE', `Not allowed to listen on port ${port} (ports below 1024 need privileges); pick another --port, e.g. 11112.`, { port, host, errno: err.code }, err));
      } else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
        reject(oncoError('CONFIG_INVALID', `${host} is not an address of this machine; pick another --host (0.0.0.0 listens on all).`, { host, errno: err.code }, err));
      } else {
        reject(oncoError('RECEIVE_PORT_IN_USE', `Cannot listen on port ${port} (${err.code ?? 'error'}); pick another --port.`, { port, host, errno: err.code }, err));
      }
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export async function startStoreReceiver(options: StoreReceiverOptions): Promise<StoreReceiver> {
  validate(options);
  const host = options.host ?? '0.0.0.0';
  const aeTitle = options.aeTitle.trim();
  const into = options.into;
  const partialDir = join(into, PARTIAL);
  await mkdir(into, { recursive: true, mode: 0o700 });
  // Loaded here, not at the top: dcmjs-dimse (and dcmjs) cost ~90 ms to load, which no other command should pay.
  const { StoreScp: ScpClass } = await import('./store-scp.ts');

  const counts: ReceiverCounts = { associations: 0, rejected: 0, echoes: 0, stored: 0, resent: 0, unsorted: 0, failed: 0, incomplete: 0, studies: 0, bytes: 0 };
  const studies = new Set<string>();
  const connections = new Set<StoreScp>();
  const problem = (code: ErrorCode, message: string): void => {
    try { options.onProblem?.({ code, message }); } catch { /* a reporting callback must not fail a store */ }
  };

  async function fail(instance: ReceivedInstance, status: number, code: ErrorCode, message: string): Promise<number> {
    counts.failed++;
    await instance.part.discard();
    problem(code, message);
    return status;
  }

  async function commit(instance: ReceivedInstance): Promise<number> {
    const from = `AE "${instance.callingAeTitle}"`;
    try {
      await instance.part.finish();
    } catch (err) {
      return fail(instance, STATUS.outOfResources, 'IO_FAILED', `Could not write an instance from ${from} (${errnoOf(err)}); answered "out of resources" (A700).`);
    }
    let study: StudyUidResult;
    try {
      study = await readStudyUid(instance.part.path, instance.datasetOffset, instance.transferSyntaxUid);
    } catch (err) {
      return fail(instance, STATUS.outOfResources, 'IO_FAILED', `Could not read back an instance from ${from} (${errnoOf(err)}); answered "out of resources" (A700).`);
    }
    if (study.kind === 'unreadable') {
      return fail(instance, STATUS.cannotUnderstand, 'DICOM_MALFORMED', `An instance from ${from} cannot be parsed as far as its Study Instance UID; answered "cannot understand" (C000).`);
    }
    const studyUid = study.kind === 'found' ? study.uid : undefined;
    const dir = join(into, studyUid ?? UNSORTED);
    const path = join(dir, `${instance.sopInstanceUid}.dcm`);
    try {
      const created = await mkdir(dir, { recursive: true, mode: 0o700 });
      const resent = await stat(path).then(() => true, () => false);
      // rename() replaces atomically: a resend never leaves a moment without a complete file.
      await rename(instance.part.path, path);
      await syncDir(dir);
      if (created !== undefined) await syncDir(into);
      const newStudy = studyUid !== undefined && !studies.has(studyUid);
      if (studyUid !== undefined) studies.add(studyUid);
      counts.studies = studies.size;
      if (resent) counts.resent++;
      else counts.stored++;
      if (studyUid === undefined) counts.unsorted++;
      counts.bytes += instance.part.datasetBytes;
      try {
        options.onStored?.({
          path, studyInstanceUid: studyUid, sopInstanceUid: instance.sopInstanceUid, sopClassUid: instance.sopClassUid,
          transferSyntaxUid: instance.transferSyntaxUid, callingAeTitle: instance.callingAeTitle, bytes: instance.part.datasetBytes, resent, newStudy,
        });
      } catch { /* the instance is stored; a failing callback must not turn that into a failure */ }
      return STATUS.success;
    } catch (err) {
      return fail(instance, STATUS.outOfResources, 'IO_FAILED', `Could not move an instance from ${from} into place (${errnoOf(err)}); answered "out of resources" (A700).`);
    }
  }

  const scpHost: ScpHost = {
    aeTitle,
    acceptCallingAeTitles: options.acceptCallingAeTitles ? new Set(options.acceptCallingAeTitles.map((a) => a.trim())) : undefined,
    partialDir,
    accepted: () => { counts.associations++; },
    rejected: (calling, called, why) => {
      counts.rejected++;
      problem('RECEIVE_REJECTED', why === 'called'
        ? `Rejected an association from AE "${calling}": it called AE "${called}", but this receiver is "${aeTitle}".`
        : `Rejected an association from AE "${calling}": that calling AE title is not among the accepted ones.`);
    },
    echoed: () => { counts.echoes++; },
    commit,
    incomplete: (calling, cause) => {
      counts.incomplete++;
      problem('RECEIVE_INCOMPLETE', `An instance from AE "${calling}" was still arriving when ${cause}; its partial file was deleted (the sender should send it again).`);
    },
  };

  let closing: Promise<void> | undefined;
  const timeouts = { associationTimeout: options.associationTimeoutMs ?? 60_000, pduTimeout: options.pduTimeoutMs ?? 120_000 };
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => { markReady = resolve; });
  const attach = (socket: Socket): void => {
    if (closing) { socket.destroy(); return; }
    // DIMSE is request/response: small responses must not wait for Nagle's algorithm.
    socket.setNoDelay(true);
    const scp = new ScpClass(socket, scpHost, timeouts);
    connections.add(scp);
    void scp.closed.then(() => connections.delete(scp));
  };
  // A socket buffers what arrives until a reader attaches, so connections can wait for `ready`.
  const server = createServer((socket: Socket) => void ready.then(() => attach(socket)));
  // Listen first: a port in use (perhaps another receiver on this folder) must not touch the folder.
  const port = await listen(server, options.port, host);
  server.on('error', (err) => problem('IO_FAILED', `The receiver's listening socket failed (${errnoOf(err)}).`));
  try {
    // Part files left by a crash (kill -9, power cut) are never complete instances: delete them all.
    await rm(partialDir, { recursive: true, force: true });
    await mkdir(partialDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    server.close();
    throw oncoError('IO_FAILED', `Cannot prepare ${PARTIAL} in the --into folder (${errnoOf(err)}).`, { errno: errnoOf(err) }, err);
  }
  markReady();

  async function close(): Promise<void> {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    const open = [...connections];
    // First let instances already received reach their final place, then cut what is still arriving.
    await Promise.allSettled(open.map((c) => c.settle()));
    for (const c of connections) c.drop();
    await Promise.allSettled([...connections].map((c) => c.closed));
    await Promise.allSettled(open.map((c) => c.settle()));
    await stopped;
  }

  return {
    port,
    host,
    aeTitle,
    get counts() { return { ...counts }; },
    close: () => (closing ??= close()),
  };
}
