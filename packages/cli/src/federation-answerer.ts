/**
 * The node's side of federated search as `oncoatlas serve` wires it: one answerer (the node's noise key, its
 * disclosure policy, its audit log) shared by the hub agent's `count` tasks and the Focus route, so a question
 * gets the same disclosure-controlled answer whichever door it came through.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appendAuditEvents } from '@oncoatlas/audit';
import { oncoError } from '@oncoatlas/core';
import { answerCountQuery, DEFAULT_DISCLOSURE_POLICY, ensureSearchIndex, type AnswerDeps, type CountRequest, type DisclosurePolicy, type NodeAnswer } from '@oncoatlas/federation';
import type { TaskHandler } from '@oncoatlas/hub';
import type { StudyLedger } from '@oncoatlas/store';
import { readJsonFile } from './json-file.ts';
import { createSiteSecret, readSiteSecret } from './secret.ts';

/**
 * The key of the node's keyed noise: its own 0600 file, made once. Not derived from the site secret: `serve`
 * often runs without that secret (it keys pseudonyms and is needed only to populate), and rotating one must not
 * change the other. Kept across restarts, so a repeated question gets the same noise and cannot be averaged.
 */
export const NOISE_KEY_FILE = 'federation-noise.key';

export function noiseKeyOf(dataDir: string): Uint8Array {
  const path = join(resolve(dataDir), NOISE_KEY_FILE);
  if (!existsSync(path)) createSiteSecret(path);
  const key = readSiteSecret(path);
  for (const w of key.warnings) process.stderr.write(`Warning: ${w.replace('the secret file', `${NOISE_KEY_FILE} (the key of the federated counts' noise)`)}.\n`);
  return key.bytes;
}

const POLICY_HINT = 'see docs/federation.md (threshold, rounding, epsilon, mode, noiseZero, studySensitivityCap)';

/** The disclosure policy of `--disclosure-settings FILE` over the documented defaults; unknown or mistyped fields are refused. */
export function disclosurePolicyOf(file: string | undefined): DisclosurePolicy {
  if (!file) return DEFAULT_DISCLOSURE_POLICY;
  const raw = readJsonFile(file, 'The disclosure settings file', POLICY_HINT);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw oncoError('CONFIG_INVALID', `The disclosure settings file is not a JSON object; ${POLICY_HINT}.`);
  const bad = (field: string): never => { throw oncoError('CONFIG_INVALID', `The disclosure settings file: ${field} is not valid; ${POLICY_HINT}.`, { field }); };
  const p: Record<string, unknown> = { ...DEFAULT_DISCLOSURE_POLICY };
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in DEFAULT_DISCLOSURE_POLICY)) bad(k);
    const ok = k === 'mode' ? ['threshold', 'zero', 'noise'].includes(v as string)
      : k === 'noiseZero' ? typeof v === 'boolean'
        : k === 'epsilon' ? v === null || (typeof v === 'number' && v > 0)
          : Number.isInteger(v) && (v as number) >= 1;
    if (!ok) bad(k);
    p[k] = v;
  }
  return p as unknown as DisclosurePolicy;
}

/** A count request as a hub task or Focus carries it; `epsilon` may ask for more noise than the node's, never less. */
export interface NodeCountRequest extends CountRequest {
  readonly epsilon?: number;
}

export type NodeAnswerer = (request: NodeCountRequest, actor: string) => Promise<NodeAnswer>;

export function nodeAnswerer(o: { readonly db: AnswerDeps['db']; readonly ledger: StudyLedger; readonly dataDir: string; readonly noiseKey: Uint8Array; readonly policy: DisclosurePolicy }): NodeAnswerer {
  return (request, actor) => {
    const asked = request.epsilon;
    const epsilon = o.policy.epsilon === null || typeof asked !== 'number' || !(asked > 0) ? o.policy.epsilon : Math.min(o.policy.epsilon, asked);
    return answerCountQuery({
      db: o.db, noiseKey: o.noiseKey, policy: { ...o.policy, epsilon }, dataDir: o.dataDir,
      audit: async (event) => { await o.ledger.transaction((l) => appendAuditEvents(l, [{ at: new Date().toISOString(), actor, event }])); },
    }, { ast: request.ast, ...(request.stratifiers ? { stratifiers: request.stratifiers } : {}), ...(request.requester ? { requester: request.requester } : {}) });
  };
}

/** The agent's handler: `count` answered by the node's answerer, `ping` for liveness, anything else refused. */
export function countTaskHandler(answer: NodeAnswerer): TaskHandler {
  return async (task) => {
    if (task.type === 'ping') return { pong: true };
    if (task.type !== 'count') throw oncoError('USAGE', 'This node answers no task of that type.');
    const p = (task.payload ?? {}) as Partial<NodeCountRequest>;
    const stratifiers = Array.isArray(p.stratifiers) ? p.stratifiers.filter((s): s is string => typeof s === 'string') : undefined;
    return answer({
      ast: p.ast, ...(stratifiers ? { stratifiers } : {}), ...(typeof p.requester === 'string' ? { requester: `hub:${p.requester}` } : { requester: 'hub' }),
      ...(typeof p.epsilon === 'number' ? { epsilon: p.epsilon } : {}),
    }, 'oncoatlas hub agent');
  };
}

/** The Focus token of `--focus-token-file` (at least 16 characters, e.g. made by oncoatlas secret new FILE). */
export function focusTokenOf(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const token = readSiteSecret(resolve(file));
  for (const w of token.warnings) process.stderr.write(`Warning: ${w.replace('the secret file', 'the Focus token file')}.\n`);
  return token.text;
}

/**
 * What `oncoatlas serve` needs for federated search: the search index made if an older data directory lacks
 * it, then one answerer for the agent's tasks and the Focus route.
 */
export async function nodeFederation(o: {
  readonly db: AnswerDeps['db']; readonly ledger: StudyLedger; readonly dataDir: string; readonly disclosureSettings?: string; readonly focusTokenFile?: string;
}): Promise<{ handler: TaskHandler; focus: { token?: string; answer: (r: { ast: unknown; requester: string }) => Promise<unknown> } }> {
  const policy = disclosurePolicyOf(o.disclosureSettings);
  const token = focusTokenOf(o.focusTokenFile);
  const dataDir = resolve(o.dataDir);
  await ensureSearchIndex(o.ledger, dataDir);
  const answer = nodeAnswerer({ db: o.db, ledger: o.ledger, dataDir, noiseKey: noiseKeyOf(dataDir), policy });
  return { handler: countTaskHandler(answer), focus: { ...(token ? { token } : {}), answer: (r) => answer(r, 'focus') } };
}
