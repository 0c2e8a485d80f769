import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import dimse from 'dcmjs-dimse';
import type { association, requests, responses } from 'dcmjs-dimse';
import { decideContext, isStorageClass } from './negotiation.ts';
import { PartFile } from './part-file.ts';
import { encodeFileMeta, IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, isPlainUid } from './part10-meta.ts';

/*
 * One DICOM association, on dcmjs-dimse's Scp: dcmjs handles PDUs, negotiation messages and DIMSE commands;
 * this class decides what to accept and sends each dataset's bytes to a PartFile instead of letting dcmjs
 * decode them. The receiver (store-receiver.ts) owns the listening socket, the counters and the folder.
 *
 * dcmjs-dimse is CommonJS built by webpack: Node sees no named exports, so the default import is used.
 */
const { Dataset, Implementation, Scp } = dimse;
const { CEchoResponse, CStoreResponse } = dimse.responses;
const { PresentationContextResult, RejectReason, RejectResult, RejectSource, Status } = dimse.constants;

// dcmjs-dimse logs every association and command at info level to the console by default, and its
// command descriptions name SOP Instance UIDs: silenced, since nothing we log may carry an identifier.
dimse.log.setLevel('silent');
// Our identity in the A-ASSOCIATE-AC, the same as in the meta header of every file we write.
Implementation.setImplementationClassUid(IMPLEMENTATION_CLASS_UID);
Implementation.setImplementationVersion(IMPLEMENTATION_VERSION_NAME);

type Association = association.Association;
type PresentationContext = association.PresentationContext;
type CEchoRequest = requests.CEchoRequest;
type CStoreRequest = requests.CStoreRequest;

/** C-STORE statuses (PS3.4 B.2.3). */
export const STORE_STATUS = {
  success: 0x0000,
  sopClassNotSupported: 0x0122,
  outOfResources: 0xa700,
  cannotUnderstand: 0xc000,
} as const;

/** A dataset received completely, waiting to be committed to its final place. */
export interface ReceivedInstance {
  readonly part: PartFile;
  /** Where the dataset starts in the part file (after the preamble and meta group). */
  readonly datasetOffset: number;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
  readonly callingAeTitle: string;
}

/** What an association needs from the receiver. */
export interface ScpHost {
  readonly aeTitle: string;
  readonly acceptCallingAeTitles: ReadonlySet<string> | undefined;
  readonly partialDir: string;
  accepted(callingAeTitle: string): void;
  rejected(callingAeTitle: string, calledAeTitle: string, why: 'called' | 'calling'): void;
  echoed(): void;
  /** Moves a complete instance into place; resolves with the C-STORE status to answer. */
  commit(instance: ReceivedInstance): Promise<number>;
  /** Reports an instance abandoned mid-transfer (its part file is already being deleted). */
  incomplete(callingAeTitle: string, cause: string): void;
}

/** Largest PDU we let a sender use when it proposes "unlimited": dcmjs concatenates a PDU's chunks. */
const MAX_PDU = 256 * 1024;

function clean(s: string | undefined): string {
  return (s ?? '').replace(/[\0 ]+$/, '').trim();
}

/** A stream that swallows the dataset of a C-STORE we refuse (dcmjs must still be given somewhere to write). */
function sink(): Writable {
  return new Writable({ highWaterMark: 1 << 30, write: (_c, _e, callback) => callback() });
}

export class StoreScp extends Scp {
  readonly #host: ScpHost;
  readonly #socket: Socket;
  #callingAeTitle = '';
  /** The instance whose dataset is arriving now; handed over once its last fragment is in. */
  #receiving: ReceivedInstance | undefined;
  readonly #received = new WeakMap<CStoreRequest, ReceivedInstance>();
  readonly #refused = new WeakMap<CStoreRequest, number>();
  readonly #inFlight = new Set<Promise<void>>();
  #pressure = 0;
  #ended = false;
  /** Resolves once the connection is closed and any part file it was writing is deleted. */
  readonly closed: Promise<void>;

  constructor(socket: Socket, host: ScpHost, timeouts: { associationTimeout: number; pduTimeout: number }) {
    super(socket, { ...timeouts, connectTimeout: 5 * 60 * 1000 });
    this.#host = host;
    this.#socket = socket;
    // dcmjs measures its association and PDU timeouts only for connections it marks connected; its own
    // Server sets this flag for accepted sockets, and we replace that Server (see store-receiver.ts).
    (this as unknown as { connected: boolean }).connected = true;
    let markClosed!: () => void;
    this.closed = new Promise((resolve) => { markClosed = resolve; });
    // Listeners take one argument: dcmjs's emitter passes a continuation to two-argument listeners.
    this.on('networkError', () => {
      this.#ended = true;
      socket.destroy();
    });
    this.on('close', () => {
      this.#ended = true;
      void this.#abandon('the connection closed').then(markClosed);
    });
  }

  /** Waits for the instances received so far to be committed (and their C-STORE answered if still possible). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Drops the connection: an instance still arriving is deleted, committed ones are kept. */
  drop(): void {
    this.#socket.destroy();
  }

  /** Deletes the part file of an instance whose dataset had not fully arrived. */
  async #abandon(cause: string): Promise<void> {
    const current = this.#receiving;
    this.#receiving = undefined;
    if (!current) return;
    this.#host.incomplete(current.callingAeTitle, cause);
    await current.part.discard();
  }

  override associationRequested(a: Association): void {
    const called = clean(a.getCalledAeTitle());
    const calling = clean(a.getCallingAeTitle());
    this.#callingAeTitle = calling;
    const allowed = this.#host.acceptCallingAeTitles;
    const why = called !== this.#host.aeTitle ? 'called' : allowed && !allowed.has(calling) ? 'calling' : undefined;
    if (why) {
      this.sendAssociationReject(
        RejectResult.Permanent,
        RejectSource.ServiceUser,
        why === 'called' ? RejectReason.CalledAeNotRecognized : RejectReason.CallingAeNotRecognized,
      );
      this.#host.rejected(calling, called, why);
      // The requestor should close after A-ASSOCIATE-RJ; end() flushes the reject first either way.
      this.#socket.end();
      return;
    }
    for (const { id } of a.getPresentationContexts()) {
      const pc = a.getPresentationContext(id);
      const d = decideContext(pc.getAbstractSyntaxUid(), pc.getTransferSyntaxUids());
      if (d.accept) pc.setResult(PresentationContextResult.Accept, d.transferSyntaxUid);
      else if (d.reason === 'abstract-syntax') pc.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
      else pc.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
    }
    // dcmjs answers min(sender's maximum, its own): 0 (unlimited) would let one PDU be the whole dataset.
    if (a.getMaxPduLength() === 0) a.setMaxPduLength(Math.min(MAX_PDU, Implementation.getMaxPduLength()));
    this.sendAssociationAccept();
    this.#host.accepted(calling);
  }

  override associationReleaseRequested(): void {
    // Answer the release only after every instance already received is committed and answered.
    void this.settle().then(() => {
      if (!this.#ended) this.sendAssociationReleaseResponse();
    });
  }

  override abort(): void {
    // A-ABORT from the sender: whatever is arriving is lost; the transport is ours to close (PS3.8 7.3.3).
    this.#ended = true;
    void this.#abandon('the sender aborted the association');
    this.#socket.destroy();
  }

  override cEchoRequest(request: CEchoRequest, callback: (response: responses.CEchoResponse) => void): void {
    const response = CEchoResponse.fromRequest(request);
    response.setStatus(Status.Success);
    this.#host.echoed();
    callback(response);
  }

  override createStoreWritableStream(pc: PresentationContext | undefined, request: CStoreRequest): Writable {
    const sopClassUid = clean(request.getAffectedSopClassUid());
    const sopInstanceUid = clean(request.getAffectedSopInstanceUid());
    const transferSyntaxUid = clean(pc?.getAcceptedTransferSyntaxUid());
    if (!pc || pc.getResult() !== PresentationContextResult.Accept || !isStorageClass(sopClassUid) || !isStorageClass(pc.getAbstractSyntaxUid())) {
      this.#refused.set(request, STORE_STATUS.sopClassNotSupported);
      return sink();
    }
    // The UIDs become the file name and the meta header: refuse anything but plain UID syntax.
    if (!isPlainUid(sopInstanceUid) || !isPlainUid(transferSyntaxUid)) {
      this.#refused.set(request, STORE_STATUS.cannotUnderstand);
      return sink();
    }
    const head = encodeFileMeta({ sopClassUid, sopInstanceUid, transferSyntaxUid, sourceAeTitle: this.#callingAeTitle });
    const part = new PartFile(join(this.#host.partialDir, `${randomUUID()}.part`), head, (pressed) => this.#press(pressed));
    const instance: ReceivedInstance = {
      part, datasetOffset: head.length, sopClassUid, sopInstanceUid, transferSyntaxUid, callingAeTitle: this.#callingAeTitle,
    };
    this.#receiving = instance;
    this.#received.set(request, instance);
    return part.writable;
  }

  override createDatasetFromStoreWritableStream(
    _writable: Writable,
    pc: PresentationContext,
    callback: (dataset: InstanceType<typeof Dataset>) => void,
  ): void {
    // The last fragment is in: the instance is complete and no longer ours to delete on a disconnect.
    this.#receiving = undefined;
    // dcmjs wants a Dataset for cStoreRequest; an empty one, so the received bytes are never decoded.
    callback(new Dataset({}, pc?.getAcceptedTransferSyntaxUid()));
  }

  override cStoreRequest(request: CStoreRequest, callback: (response: responses.CStoreResponse) => void): void {
    const response = CStoreResponse.fromRequest(request);
    const instance = this.#received.get(request);
    if (!instance) {
      response.setStatus(this.#refused.get(request) ?? STORE_STATUS.cannotUnderstand);
      callback(response);
      return;
    }
    // Success is answered only after the file is durable under its final name (host.commit).
    const task = this.#host.commit(instance).catch(() => STORE_STATUS.outOfResources).then((status) => {
      response.setStatus(status);
      if (!this.#ended && !this.#socket.destroyed) callback(response);
    });
    this.#inFlight.add(task);
    void task.finally(() => this.#inFlight.delete(task));
  }

  /** Pauses the socket while any part file of this connection has too much waiting for the disk. */
  #press(pressed: boolean): void {
    this.#pressure += pressed ? 1 : -1;
    if (pressed && this.#pressure === 1) this.#socket.pause();
    if (!pressed && this.#pressure === 0 && !this.#socket.destroyed) this.#socket.resume();
  }
}
