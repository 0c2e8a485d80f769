/**
 * A DICOMweb server (PS3.18) as a study source: QIDO-RS lists the studies, WADO-RS retrieves each as Part 10
 * instances in their stored transfer syntax (transfer-syntax=*: no transcoding, the bytes the archive holds),
 * and the multipart answer is read part by part as it arrives (multipart.ts), so a study of any size passes
 * through in constant memory.
 *
 * With a SyncState the source is incremental (see sync-state.ts for why it compares instance counts): a
 * study never taken from is retrieved whole; a study whose count grew has its instance list compared with
 * what was taken, and only the missing instances are retrieved one by one. The state records an instance
 * when its stream has been read to the end, so a sync interrupted anywhere loses nothing.
 *
 * Whole-source failures are thrown (unreachable, credentials refused, not a DICOMweb root); a study that
 * cannot be retrieved becomes a `problem` item and the next study is tried. Messages name studies by their
 * ordinal in the listing and a hash prefix ("ref", the start of their sync-state key), never by UID.
 */
import { isOncoAtlasError, oncoError, type OncoAtlasError } from '@oncoatlas/core';
import type { SourceInstance, SourceItem, SourceProblem, StudySource } from '../source.ts';
import { Endpoint, type DicomwebAuth } from './http.ts';
import { parseContentType } from './content-type.ts';
import { MultipartReader } from './multipart.ts';
import { metaSopInstanceUid } from './part10-meta.ts';
import { numberValue, qidoAll, stringValue, TAG, type DicomJson } from './qido.ts';
import { emptySyncState, SyncTracker, uidKey, type SyncState } from './sync-state.ts';

export interface DicomwebOptions {
  /** The DICOMweb root, e.g. http://host:8042/dicom-web. */
  readonly url: string;
  readonly auth?: DicomwebAuth;
  /** Only these Study Instance UIDs. */
  readonly studies?: readonly string[];
  /** Extra QIDO-RS study filters, e.g. { ModalitiesInStudy: 'CT', StudyDate: '20200101-20201231' }. */
  readonly query?: Readonly<Record<string, string>>;
  /** Incremental sync: updated in place as instances are taken; the caller saves it (saveSyncState). */
  readonly state?: SyncState;
  /** QIDO-RS page size (default 100). */
  readonly pageSize?: number;
  readonly fetch?: typeof fetch;
  /** Limit on connecting and on waiting for an answer's headers, in ms (default 30 000). */
  readonly timeoutMs?: number;
}

const ACCEPT_DICOM = 'multipart/related; type="application/dicom"; transfer-syntax=*';
/** Enough for any File Meta Information seen in practice; read ahead of the consumer, then left in the stream. */
const HEAD_BYTES = 16384;

interface Study {
  readonly uid: string;
  /** NumberOfStudyRelatedInstances, when the server gives it. */
  readonly instances: number | undefined;
  readonly ordinal: number;
  readonly ref: string;
}

export class DicomwebSource implements StudySource {
  readonly kind = 'dicomweb';
  private readonly endpoint: Endpoint;
  private readonly options: DicomwebOptions;
  private readonly pageSize: number;

  constructor(options: DicomwebOptions) {
    this.options = options;
    this.pageSize = options.pageSize ?? 100;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1) throw oncoError('CONFIG_INVALID', 'The DICOMweb page size must be a positive whole number.');
    this.endpoint = new Endpoint(options.url, options.auth, options.fetch, options.timeoutMs ?? 30_000);
  }

  async *items(signal?: AbortSignal): AsyncGenerator<SourceItem> {
    // Without a state every call is a full sync.
    const tracker = new SyncTracker(this.options.state ?? emptySyncState());
    const { studies, missing } = await this.listStudies(signal);
    yield* missing;
    for (const s of studies) {
      signal?.throwIfAborted();
      const taken = tracker.instancesOf(s.uid);
      if (taken === undefined || taken === 0) yield* this.retrieve(this.studyPath(s), s, tracker, signal);
      else if (s.instances === undefined || s.instances > taken) yield* this.retrieveMissing(s, tracker, signal);
    }
  }

  private async listStudies(signal?: AbortSignal): Promise<{ studies: Study[]; missing: SourceProblem[] }> {
    const query = { ...this.options.query, includefield: TAG.numberOfStudyRelatedInstances };
    const found: DicomJson[] = [];
    const missing: SourceProblem[] = [];
    const wanted = this.options.studies;
    if (wanted) {
      // One search per UID: UID-list matching (comma or backslash) is not understood the same way everywhere.
      for (const [i, uid] of wanted.entries()) {
        const r = await qidoAll(this.endpoint, '/studies', { ...query, StudyInstanceUID: uid }, TAG.studyInstanceUid, this.pageSize, signal);
        const match = r.find((ds) => stringValue(ds, TAG.studyInstanceUid) === uid);
        if (match) found.push(match);
        else {
          const message = `Requested study ${i + 1} of ${wanted.length} (ref ${uidKey(uid).slice(0, 8)}) is not on the DICOMweb server, or does not match the query filters.`;
          missing.push({ kind: 'problem', origin: this.endpoint.url(`/studies/${encodeURIComponent(uid)}`), error: oncoError('SOURCE_NOT_FOUND', message, { study: i + 1 }) });
        }
      }
    } else {
      found.push(...await qidoAll(this.endpoint, '/studies', query, TAG.studyInstanceUid, this.pageSize, signal));
    }
    const studies = found.map((ds, i) => {
      const uid = stringValue(ds, TAG.studyInstanceUid)!;
      return { uid, instances: numberValue(ds, TAG.numberOfStudyRelatedInstances), ordinal: i + 1, ref: uidKey(uid).slice(0, 8) };
    });
    return { studies, missing };
  }

  private studyPath(s: Study): string {
    return `/studies/${encodeURIComponent(s.uid)}`;
  }

  /** The instances of a grown study that were never taken, one WADO-RS retrieve each. */
  private async *retrieveMissing(s: Study, tracker: SyncTracker, signal?: AbortSignal): AsyncGenerator<SourceItem> {
    let list: DicomJson[];
    try {
      list = await qidoAll(this.endpoint, `${this.studyPath(s)}/instances`, {}, TAG.sopInstanceUid, this.pageSize, signal);
    } catch (err) {
      yield this.problem(this.endpoint.url(this.studyPath(s)), s, this.perStudy(err, signal));
      return;
    }
    for (const ds of list) {
      const sop = stringValue(ds, TAG.sopInstanceUid);
      const series = stringValue(ds, TAG.seriesInstanceUid);
      if (sop === undefined || tracker.has(s.uid, sop)) continue;
      if (series === undefined) {
        const error = oncoError('SOURCE_PROTOCOL', 'The instance list of a study lacks SeriesInstanceUID (0020000E), needed to retrieve an instance.');
        yield this.problem(this.endpoint.url(this.studyPath(s)), s, error);
        continue;
      }
      yield* this.retrieve(`${this.studyPath(s)}/series/${encodeURIComponent(series)}/instances/${encodeURIComponent(sop)}`, s, tracker, signal);
    }
  }

  /** One WADO-RS retrieve (a study or an instance), yielding its parts as they arrive. */
  private async *retrieve(path: string, s: Study, tracker: SyncTracker, signal?: AbortSignal): AsyncGenerator<SourceItem> {
    const url = this.endpoint.url(path);
    const res = await this.endpoint.get(url, ACCEPT_DICOM, signal);
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      yield this.problem(url, s, this.wadoStatus(res.status));
      return;
    }
    const ct = parseContentType(res.headers.get('content-type') ?? '');
    const boundary = ct.params.boundary;
    if (ct.type !== 'multipart/related' || !boundary || (ct.params.type !== undefined && ct.params.type.toLowerCase() !== 'application/dicom') || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      const got = ct.type ? `${ct.type}${ct.type === 'multipart/related' && !boundary ? ' without a boundary' : ''}` : 'no Content-Type';
      const error = oncoError('SOURCE_PROTOCOL', `The WADO-RS retrieve was answered with ${got} where multipart/related; type="application/dicom" was expected.`, { host: this.endpoint.where });
      yield this.problem(url, s, error);
      return;
    }
    const reader = new MultipartReader(res.body, boundary, { headBytes: HEAD_BYTES, mapError: (e) => this.endpoint.bodyError(e) });
    let taken = 0;
    try {
      for (let n = 1; ; n++) {
        let part;
        try {
          part = await reader.next();
        } catch (err) {
          yield this.problem(url, s, this.perStudy(err, signal), taken);
          return;
        }
        if (!part) return;
        const type = part.headers['content-type'];
        if (type !== undefined && parseContentType(type).type !== 'application/dicom') {
          part.body.destroy();
          yield this.problem(url, s, oncoError('SOURCE_PROTOCOL', `Part ${n} of a WADO-RS answer is ${parseContentType(type).type} where application/dicom was expected.`));
          continue;
        }
        const sop = metaSopInstanceUid(await part.head(HEAD_BYTES));
        const length = Number(part.headers['content-length']);
        const content = part.body;
        // A broken part is also reported as a problem item (reader.next() rejects with the same error); this
        // listener keeps a part its consumer never reads from crashing the process with an unhandled 'error'.
        content.on('error', () => undefined);
        content.once('end', () => {
          tracker.record(s.uid, sop);
          taken++;
        });
        const item: SourceInstance = {
          kind: 'instance', origin: `${url}#${n}`, size: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
          studyInstanceUid: s.uid, sopInstanceUid: sop, content,
        };
        yield item;
      }
    } finally {
      reader.close();
    }
  }

  private wadoStatus(status: number): OncoAtlasError {
    if (status === 404 || status === 410) return oncoError('SOURCE_NOT_FOUND', `The WADO-RS retrieve was answered HTTP ${status}: deleted since it was listed?`, { status });
    return this.endpoint.statusError(status, 'a WADO-RS retrieve');
  }

  /** Errors that end one study's retrieve; an abort, an unreachable server or refused credentials end the sync. */
  private perStudy(err: unknown, signal?: AbortSignal): OncoAtlasError {
    if (signal?.aborted) throw signal.reason ?? err;
    if (!isOncoAtlasError(err)) throw err;
    if (err.code === 'SOURCE_AUTH_FAILED') throw err;
    // A connection that broke while one answer arrived may be a hiccup: the next study is tried, and a
    // server that is really gone then fails to connect, which is thrown.
    if (err.code === 'SOURCE_UNREACHABLE' && err.details.during !== 'body') throw err;
    return err;
  }

  private problem(origin: string, s: Study, e: OncoAtlasError, taken?: number): SourceProblem {
    const after = taken === undefined ? '' : ` ${taken} instance(s) of it were taken before; a later sync with a sync state fetches the rest.`;
    const message = `Study ${s.ordinal} (ref ${s.ref}): ${e.message}${after}`;
    return { kind: 'problem', origin, error: oncoError(e.code, message, { ...e.details, study: s.ordinal, ref: s.ref }, e) };
  }
}
