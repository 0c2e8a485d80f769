import type { EditorCounters } from '../basic-editor.ts';
import type { DeidStatus } from '../deidentify.ts';
import type { DeidSettings } from '../settings.ts';

/** A thread's first message: how it de-identifies and where it writes. */
export interface WorkerInit {
  readonly settings: DeidSettings;
  readonly outRoot: string;
  readonly hashOutputs: boolean;
  readonly scratch?: string;
}

export interface WorkItem {
  readonly index: number;
  readonly path: string;
}

/** What a worker reports for one input file; `patient` and `uids` only when a mapping was asked for. */
export interface FileOutcome {
  readonly index: number;
  readonly pathHash: string;
  readonly status: DeidStatus;
  readonly reason: string | null;
  readonly output: string | null;
  /** SHA-256 (hex) of the written output file. */
  readonly sha256?: string;
  readonly patient?: { readonly original: string; readonly pseudonym: string };
  readonly uids?: readonly (readonly [string, string])[];
  readonly counts?: EditorCounters;
}
