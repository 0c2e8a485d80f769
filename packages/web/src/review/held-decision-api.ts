/**
 * POST /api/review/:id/held/:index/decision. Like postJson, except that a REDACTION_INCOMPLETE refusal keeps
 * where OCR still reads an identifier (`remaining`: kinds and boxes, never the text), so the viewer can draw
 * those places for the reviewer to cover.
 */
import { ApiError, problemOf, seg } from '../api/client.ts';
import type { HeldDecided, PixelAction } from '../api/types.ts';

export interface Remaining { readonly kind: string; readonly box: readonly [number, number, number, number] }

export class RedactionIncomplete extends ApiError {
  readonly remaining: readonly Remaining[];

  constructor(base: ApiError, remaining: readonly Remaining[]) {
    super({ type: 'about:blank', title: base.title, status: base.status, code: base.code, detail: base.detail });
    this.name = 'RedactionIncomplete';
    this.remaining = remaining;
  }
}

const isBox = (b: unknown): b is [number, number, number, number] => Array.isArray(b) && b.length === 4 && b.every((v) => typeof v === 'number');

/** The `remaining` member of a problem body, kept only where it has the documented shape. */
export function remainingOf(body: unknown): Remaining[] {
  const list = (body as { remaining?: unknown } | null)?.remaining;
  if (!Array.isArray(list)) return [];
  return list.filter((r): r is Remaining => typeof (r as Remaining)?.kind === 'string' && isBox((r as Remaining).box));
}

export interface HeldDecisionBody {
  readonly action: PixelAction;
  readonly boxes?: readonly (readonly [number, number, number, number])[];
  readonly reason: string;
}

export async function postHeldDecision(item: number, index: number, body: HeldDecisionBody): Promise<HeldDecided> {
  let response: Response;
  try {
    response = await fetch(`/api/review/${seg(item)}/held/${seg(index)}/decision`, {
      method: 'POST', credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'NETWORK', detail: 'The node could not be reached; check the connection and try again.' });
  }
  if (response.ok) return (await response.json()) as HeldDecided;
  const text = await response.clone().text().catch(() => '');
  const problem = await problemOf(response);
  if (problem.code !== 'REDACTION_INCOMPLETE') throw problem;
  let parsed: unknown = null;
  try { parsed = JSON.parse(text); } catch { /* the problem above says what failed */ }
  throw new RedactionIncomplete(problem, remainingOf(parsed));
}
