/**
 * Burned-in text per instance: the OCR scan of each instance held for it, and the decision that released,
 * redacted or rejected it. A re-run of a chunk writes the same scan again (upsert), so a kill between writing
 * files and committing duplicates nothing; a decision is written once (the first wins, as for review items).
 */
import type { Kysely } from 'kysely';
import type { Database, PixelDecisionRow, PixelFinding, PixelScanRow } from './schema.ts';

export interface PixelScanInput {
  readonly source_key: string;
  readonly study_key: string;
  readonly engine: string;
  readonly outcome: PixelScanRow['outcome'];
  readonly reason: string | null;
  readonly findings: readonly PixelFinding[];
  readonly scanned_at: string;
}

export type PixelDecisionInput = Omit<PixelDecisionRow, 'boxes'> & { readonly boxes: readonly (readonly [number, number, number, number])[] };

/** Counts over the whole ledger, for the funnel. */
export interface PixelCounts {
  readonly scanned: number;
  readonly withIdentifiers: number;
  readonly failed: number;
  readonly released: number;
  readonly redacted: number;
  readonly redactedAutomatically: number;
  readonly rejected: number;
}

/** Instances redacted with one method, by the option (automatic) or a reviewer, and whether OCR verified the result. */
export interface PixelRedactions {
  readonly method: string;
  readonly automatic: boolean;
  readonly verified: boolean | null;
  readonly instances: number;
}

export class PixelStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async putScans(scans: readonly PixelScanInput[]): Promise<void> {
    for (let i = 0; i < scans.length; i += 200) {
      const rows = scans.slice(i, i + 200).map((s) => ({
        source_key: s.source_key, study_key: s.study_key, engine: s.engine, outcome: s.outcome, reason: s.reason,
        identifiers: s.findings.filter((f) => f.kind !== 'text' && f.kind !== 'zone').length, findings: JSON.stringify(s.findings), scanned_at: s.scanned_at,
      }));
      await this.#db.insertInto('pixel_scans').values(rows).onConflict((oc) => oc.column('source_key').doUpdateSet((eb) => ({
        study_key: eb.ref('excluded.study_key'), engine: eb.ref('excluded.engine'), outcome: eb.ref('excluded.outcome'), reason: eb.ref('excluded.reason'),
        identifiers: eb.ref('excluded.identifiers'), findings: eb.ref('excluded.findings'), scanned_at: eb.ref('excluded.scanned_at'),
      }))).execute();
    }
  }

  /** The scans of a study's instances, by source key. */
  async scansOfStudy(study: string): Promise<Map<string, PixelScanRow & { parsed: PixelFinding[] }>> {
    const rows = await this.#db.selectFrom('pixel_scans').selectAll().where('study_key', '=', study).execute();
    return new Map(rows.map((r) => [r.source_key, { ...r, parsed: JSON.parse(r.findings) as PixelFinding[] }]));
  }

  /** Records a decision; false when the instance was decided already (decisions are final). */
  async addDecision(d: PixelDecisionInput): Promise<boolean> {
    const row = { ...d, boxes: JSON.stringify(d.boxes) };
    const r = await this.#db.insertInto('pixel_decisions').values(row).onConflict((oc) => oc.column('source_key').doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Replaces a decision of the Clean Pixel Data option when a re-run redacts the instance again. */
  async putAutomaticDecision(d: PixelDecisionInput): Promise<void> {
    await this.#db.deleteFrom('pixel_decisions').where('source_key', '=', d.source_key).where('item_id', 'is', null).execute();
    await this.addDecision(d);
  }

  async decisionsOfStudy(study: string): Promise<Map<string, PixelDecisionRow>> {
    const rows = await this.#db.selectFrom('pixel_decisions').selectAll().where('study_key', '=', study).execute();
    return new Map(rows.map((r) => [r.source_key, r]));
  }

  /** Redactions by method, who decided (the Clean Pixel Data option or a reviewer) and OCR's verdict on the result, for the dossier. */
  async redactionSummary(): Promise<PixelRedactions[]> {
    const rows = await this.#db.selectFrom('pixel_decisions')
      .select((eb) => ['method', 'verified', eb.case().when('item_id', 'is', null).then(1).else(0).end().as('auto'), eb.fn.countAll<number | string>().as('n')])
      .where('action', '=', 'redact').groupBy(['method', 'verified', 'auto']).execute();
    return rows.map((r) => ({ method: r.method ?? '', automatic: Number(r.auto) === 1, verified: r.verified === null ? null : Number(r.verified) === 1, instances: Number(r.n) }))
      .sort((a, b) => (a.method < b.method ? -1 : a.method > b.method ? 1 : Number(b.automatic) - Number(a.automatic) || String(a.verified).localeCompare(String(b.verified))));
  }

  async counts(): Promise<PixelCounts> {
    const scans = await this.#db.selectFrom('pixel_scans')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), 'outcome']).groupBy('outcome').execute();
    const decisions = await this.#db.selectFrom('pixel_decisions')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), 'action', eb.case().when('item_id', 'is', null).then(1).else(0).end().as('auto')])
      .groupBy(['action', 'auto']).execute();
    const scan = (o: string): number => Number(scans.find((s) => s.outcome === o)?.n ?? 0);
    const decided = (a: string, auto?: number): number => decisions.filter((d) => d.action === a && (auto === undefined || Number(d.auto) === auto)).reduce((n, d) => n + Number(d.n), 0);
    return {
      scanned: scans.reduce((n, s) => n + Number(s.n), 0), withIdentifiers: scan('found'), failed: scan('failed'),
      released: decided('release'), redacted: decided('redact'), redactedAutomatically: decided('redact', 1), rejected: decided('reject'),
    };
  }
}
