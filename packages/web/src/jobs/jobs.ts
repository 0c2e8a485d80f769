/**
 * The job pages' pure decisions: how a state reads and looks, whether a job is still moving (so its page
 * polls), how an output's flags add up, what the submit form sends, and what a pasted permit says before the
 * node checks it (read from the token without verifying it: only the node's check counts).
 */
import type { Job, JobLimits, JobOutput, JobState } from './jobs-types.ts';

export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'awaiting-review', 'released', 'refused', 'failed'];

export const stateLabel = (s: JobState): string => s.replace('-', ' ');

export const STATE_COLORS: Readonly<Record<JobState, string>> = {
  queued: 'gray', running: 'blue', 'awaiting-review': 'yellow', released: 'green', refused: 'red', failed: 'red',
};

/** Still moving: its page polls the node, and a steward follows its log. */
export const isLive = (s: JobState): boolean => s === 'queued' || s === 'running';

/** What an output's disclosure checks found, worst first: a block keeps it on the node whatever the review says. */
export function outputVerdict(o: Pick<JobOutput, 'flags' | 'blocked'>): 'block' | 'warn' | 'clean' {
  if (o.blocked || o.flags.some((f) => f.severity === 'block')) return 'block';
  return o.flags.length > 0 ? 'warn' : 'clean';
}

/** How many outputs a release would let leave, and how many are blocked or flagged for the reviewer. */
export function reviewSummary(job: Pick<Job, 'outputs'>): { leaving: number; blocked: number; warned: number } {
  const verdicts = job.outputs.map(outputVerdict);
  const blocked = verdicts.filter((v) => v === 'block').length;
  return { leaving: verdicts.length - blocked, blocked, warned: verdicts.filter((v) => v === 'warn').length };
}

/** A path segment escaped, dot segments too (a browser would resolve them away before asking). */
const segment = (s: string): string => (s === '.' || s === '..' ? s.replace(/\./g, '%2E') : encodeURIComponent(s));

/** The URL of one output: each segment of its path escaped, the slashes kept (the route's wildcard). */
export const outputUrl = (jobId: string, path: string): string =>
  `/api/jobs/${encodeURIComponent(jobId)}/outputs/${path.split('/').map(segment).join('/')}`;

/** Files the reviewer's browser fetches whole to preview; larger ones are downloaded. */
export const PREVIEW_MAX_BYTES = 1024 * 1024;

/** The tool's arguments, one a line, as typed (blank lines dropped: an argument is never empty by accident). */
export const argsOf = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);

export const shortHash = (sha: string): string => (sha.length > 16 ? `${sha.slice(0, 16)}…` : sha);

/** What the submit form's limit fields (wall and CPU in seconds, memory in MiB; empty: the node's default) send. */
export function limitsOf(f: { readonly wallSeconds: string; readonly cpuSeconds: string; readonly memoryMiB: string }): Partial<JobLimits> | undefined {
  const n = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));
  const wall = n(f.wallSeconds);
  const cpu = n(f.cpuSeconds);
  const mem = n(f.memoryMiB);
  const limits: Partial<JobLimits> = {
    ...(wall !== undefined ? { wallSeconds: wall } : {}), ...(cpu !== undefined ? { cpuSeconds: cpu } : {}),
    ...(mem !== undefined ? { memoryBytes: mem * 2 ** 20 } : {}),
  };
  return Object.keys(limits).length > 0 ? limits : undefined;
}

export function limitsProblem(f: { readonly wallSeconds: string; readonly cpuSeconds: string; readonly memoryMiB: string }): string | null {
  for (const [label, v, min] of [['Wall time', f.wallSeconds, 1], ['CPU time', f.cpuSeconds, 1], ['Memory', f.memoryMiB, 16]] as const) {
    if (v.trim() !== '' && !(Number.isInteger(Number(v)) && Number(v) >= min)) return `${label} must be a whole number of at least ${min}, or empty for the node's default.`;
  }
  return null;
}

/** What a permit says about itself (unverified), to show before it is sent. */
export interface PermitPeek {
  readonly researcher: string;
  readonly dataset: string;
  readonly actions: readonly string[];
  readonly expiresAt: string;
}

function base64UrlJson(part: string): unknown {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
}

/** The permit's claims, or why the text is no permit (the node checks it for real at submission). */
export function peekPermit(text: string): PermitPeek | { readonly problem: string } {
  const token = text.trim();
  if (token === '') return { problem: 'Paste the permit the hub gave you, or choose its file.' };
  const parts = token.split('.');
  if (parts.length !== 3) return { problem: 'This is not a permit: a permit is a signed token of three parts separated by dots.' };
  try {
    // The claims are signed under `permit` (packages/access permit.ts signPermit).
    const c = ((base64UrlJson(parts[1]!) as { permit?: unknown }).permit ?? {}) as { researcher?: unknown; dataset?: { id?: unknown; version?: unknown }; actions?: unknown; expiresAt?: unknown };
    if (typeof c.researcher !== 'string' || typeof c.dataset?.id !== 'string' || !Array.isArray(c.actions)) return { problem: 'This token is not an access permit of OncoAtlas.' };
    return {
      researcher: c.researcher, dataset: `${c.dataset.id} v${String(c.dataset.version)}`,
      actions: c.actions.filter((a): a is string => typeof a === 'string'), expiresAt: typeof c.expiresAt === 'string' ? c.expiresAt : '',
    };
  } catch {
    return { problem: 'This is not a permit: its middle part is not readable.' };
  }
}
