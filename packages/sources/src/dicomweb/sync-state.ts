/**
 * What an incremental DICOMweb sync remembers between runs. DICOMweb has no "changed since" query (QIDO-RS
 * matches attributes, and no standard attribute says when a study last received an instance), so a sync
 * compares each study's NumberOfStudyRelatedInstances with the number of instances it has already taken, and
 * for a study that grew, compares the instance list with the SOP Instance UIDs it has taken. A study that
 * lost one instance and gained another in between keeps its count and is not noticed: the price of having
 * no change feed.
 *
 * UIDs are stored as truncated SHA-256 hashes: the state file then names no study or instance, so it can sit
 * next to logs and reports without carrying identifiers (UIDs can lead back to a patient at the hospital).
 */
import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { oncoError } from '@oncoatlas/core';

export interface StudySyncState {
  /** Instances of the study taken so far (whole streams consumed). */
  instances: number;
  /** Hashes of their SOP Instance UIDs (see uidKey). */
  sops: string[];
}

export interface SyncState {
  version: 1;
  /** By hash of the Study Instance UID. */
  studies: Record<string, StudySyncState>;
}

export function emptySyncState(): SyncState {
  return { version: 1, studies: {} };
}

/** 132 bits of SHA-256, base64url: no collision in any realistic archive, 22 characters an entry. */
export function uidKey(uid: string): string {
  return createHash('sha256').update(uid, 'latin1').digest('base64url').slice(0, 22);
}

/** The state saved at `path`, or an empty one when there is no file yet (the first sync). */
export async function loadSyncState(path: string): Promise<SyncState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptySyncState();
    throw oncoError('IO_FAILED', 'The DICOMweb sync state file could not be read.', { code: String((err as NodeJS.ErrnoException).code ?? '') }, err);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw oncoError('CONFIG_INVALID', 'The DICOMweb sync state file is not JSON; delete it to sync everything again.', {}, err);
  }
  if (!isSyncState(value)) throw oncoError('CONFIG_INVALID', 'The DICOMweb sync state file has an unknown shape or version; delete it to sync everything again.');
  return value;
}

let saves = 0;

/**
 * Writes the state atomically (a temporary file, fsync, rename): a crash while saving leaves the previous
 * state, never half a file. Save after every few items, not only at the end, so an interrupted sync resumes.
 */
export async function saveSyncState(path: string, state: SyncState): Promise<void> {
  const tmp = `${path}.${process.pid}.${++saves}.tmp`; // distinct even when two saves overlap
  const file = await open(tmp, 'w');
  try {
    await file.writeFile(JSON.stringify(state));
    await file.sync();
  } catch (err) {
    await file.close();
    await rm(tmp, { force: true });
    throw oncoError('IO_FAILED', 'The DICOMweb sync state file could not be written.', {}, err);
  }
  await file.close();
  await rename(tmp, path);
}

function isSyncState(v: unknown): v is SyncState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as { version?: unknown; studies?: unknown };
  if (s.version !== 1 || typeof s.studies !== 'object' || s.studies === null) return false;
  return Object.values(s.studies).every((e: unknown) => {
    const x = e as { instances?: unknown; sops?: unknown } | null;
    return x !== null && typeof x === 'object' && Number.isInteger(x.instances) && Array.isArray(x.sops) && x.sops.every((k) => typeof k === 'string');
  });
}

/** Updates a SyncState in place as instances are taken, with a set per study for quick lookups. */
export class SyncTracker {
  private readonly state: SyncState;
  private readonly sets = new Map<string, Set<string>>();

  constructor(state: SyncState) {
    this.state = state;
  }

  /** Instances of the study taken so far, or undefined for a study never taken from. */
  instancesOf(studyUid: string): number | undefined {
    return this.state.studies[uidKey(studyUid)]?.instances;
  }

  has(studyUid: string, sopInstanceUid: string): boolean {
    return this.setOf(uidKey(studyUid)).has(uidKey(sopInstanceUid));
  }

  /**
   * Called once an instance's stream has been read to its end. An instance whose UID could not be read is
   * counted but cannot be recognised later: a later sync of a grown study may fetch it again (a duplicate,
   * never a loss).
   */
  record(studyUid: string, sopInstanceUid: string | undefined): void {
    const key = uidKey(studyUid);
    const entry = (this.state.studies[key] ??= { instances: 0, sops: [] });
    if (sopInstanceUid === undefined) {
      entry.instances++;
      return;
    }
    const sop = uidKey(sopInstanceUid);
    const set = this.setOf(key);
    if (set.has(sop)) return;
    set.add(sop);
    entry.sops.push(sop);
    entry.instances++;
  }

  private setOf(key: string): Set<string> {
    let set = this.sets.get(key);
    if (!set) {
      set = new Set(this.state.studies[key]?.sops ?? []);
      this.sets.set(key, set);
    }
    return set;
  }
}
