import {
  EMPTY, isPrivateCreatorTag, isPrivateTag, KEEP, lookupTag, PIXEL_DATA, RECURSE, REMOVE,
  type DataSet, type DataSetEditor, type Edit, type Element, type NewElement,
} from '@oncoatlas/dicom';
import { CODE_ATTRIBUTES } from './coded-entries.ts';
import { transformDateValues } from './dates.ts';
import { ascii, dummyValue, TEXT_DUMMY } from './dummy-values.ts';
import type { InstanceContext } from './instance-context.ts';
import { resolveCombined, type ConfidentialityProfile, type SimpleAction } from './profile.ts';
import type { SafePrivateList } from './safe-private.ts';

/**
 * A profile's own rule for one attribute (the EUCAIM profile hashes Accession Number, for example): new value
 * bytes, or undefined to fall back to the table.
 */
export type AttributeOverride = (el: Element, buf: Uint8Array, ctx: InstanceContext) => Uint8Array | undefined;

/** How text is treated inside a sequence: as is, replaced by dummies (D), or cleaned of identifiers (C). */
type Mode = 'normal' | 'dummy' | 'clean';

const PATIENT_ID = 0x00100020;
const PATIENT_NAME = 0x00100010;


const TEXT_VRS = new Set(['LO', 'SH', 'ST', 'LT', 'UT', 'UC', 'PN', 'AE']);

export interface EditorCounters {
  removed: number;
  replaced: number;
  uidsRemapped: number;
  privateRemoved: number;
  unknownRemoved: number;
  redactions: number;
}

/**
 * The Basic Application Level Confidentiality Profile as a dataset editor: every element at every depth
 * gets the action of Table E.1-1 under the active options. Attributes the table does not list are kept
 * (sequences are still walked); attributes unknown to our dictionary are removed, since we cannot know
 * what they hold: a silent keep would be a leak.
 */
export class BasicProfileEditor implements DataSetEditor {
  readonly counters: EditorCounters = { removed: 0, replaced: 0, uidsRemapped: 0, privateRemoved: 0, unknownRemoved: 0, redactions: 0 };
  private readonly modes: { el: Element; mode: Mode }[] = [];
  private readonly ctx: InstanceContext;
  private readonly profile: ConfidentialityProfile;
  private readonly safePrivate: SafePrivateList | undefined;
  private readonly stamps: readonly NewElement[];
  private readonly overrides: ReadonlyMap<number, AttributeOverride> | undefined;

  constructor(
    ctx: InstanceContext,
    profile: ConfidentialityProfile,
    safePrivate: SafePrivateList | undefined,
    stamps: readonly NewElement[],
    overrides?: ReadonlyMap<number, AttributeOverride>,
  ) {
    this.ctx = ctx;
    this.profile = profile;
    this.safePrivate = safePrivate;
    this.stamps = stamps;
    this.overrides = overrides;
  }

  additions(_ds: DataSet, _buf: Uint8Array, parents: readonly Element[]): readonly NewElement[] | undefined {
    return parents.length === 0 ? this.stamps : undefined;
  }

  edit(el: Element, buf: Uint8Array, ds: DataSet, parents: readonly Element[]): Edit {
    const mode = this.syncMode(parents);
    const t = el.tag;
    if (isPrivateTag(t)) return this.editPrivate(el, buf, ds);
    if ((t & 0xffff) === 0) return REMOVE; // group lengths go stale when values change
    if (t === PIXEL_DATA && parents.length === 0) return KEEP;
    if (t === PATIENT_ID) return this.replaced(this.ctx.patientPseudonymOf(buf, el));
    if (t === PATIENT_NAME) return this.replaced(this.ctx.patientNameBytes);
    const override = this.overrides?.get(t);
    if (override) {
      const v = override(el, buf, this.ctx);
      if (v !== undefined) return this.replaced(v);
    }
    let action = this.profile.actionFor(t);
    if (action === undefined) {
      if (!lookupTag(t)) { this.counters.unknownRemoved++; return REMOVE; }
      action = 'K';
    }
    const simple: SimpleAction = resolveCombined(action);
    return this.apply(simple, el, buf, mode);
  }

  private apply(action: SimpleAction, el: Element, buf: Uint8Array, mode: Mode): Edit {
    switch (action) {
      case 'X': this.counters.removed++; return REMOVE;
      case 'Z': this.counters.replaced++; return EMPTY;
      case 'K':
        if (el.items) return this.recurse(el, mode);
        if (mode === 'normal' || CODE_ATTRIBUTES.has(el.tag) || !TEXT_VRS.has(el.vr)) return KEEP;
        return mode === 'dummy' ? this.dummy(el, buf) : this.clean(el, buf);
      case 'D': return el.items ? this.recurse(el, 'dummy') : this.dummy(el, buf);
      case 'C': return el.items ? this.recurse(el, 'clean') : this.clean(el, buf);
      case 'U':
        if (el.items) return this.recurse(el, mode);
        return el.vr === 'UI' ? this.remapUids(el, buf) : this.dummy(el, buf);
    }
  }

  private recurse(el: Element, mode: Mode): Edit {
    this.modes.push({ el, mode });
    return RECURSE;
  }

  /** Keeps the mode stack in step with the writer's stack of enclosing sequences. */
  private syncMode(parents: readonly Element[]): Mode {
    const m = this.modes;
    while (m.length > parents.length || (m.length > 0 && m[m.length - 1]!.el !== parents[m.length - 1])) m.pop();
    return m.length === 0 ? 'normal' : m[m.length - 1]!.mode;
  }

  private replaced(value: Uint8Array): Edit {
    this.counters.replaced++;
    return { value };
  }

  private dummy(el: Element, buf: Uint8Array): Edit {
    if (el.vr === 'DA' || el.vr === 'DT') {
      const shifted = this.ctx.datePolicy === 'remove' ? undefined : this.transformDates(el, buf);
      if (shifted !== undefined) return this.replaced(shifted);
    }
    if (el.vr === 'UI') return this.remapUids(el, buf);
    if (el.vr === 'PN') return this.replaced(TEXT_DUMMY);
    const v = dummyValue(el.vr, el.length);
    return v === undefined ? REMOVE : this.replaced(v);
  }

  private transformDates(el: Element, buf: Uint8Array): Uint8Array | undefined {
    const raw = Buffer.from(buf.buffer, buf.byteOffset + el.valueOffset, el.length).toString('latin1').replace(/[\0 ]+$/, '');
    const out = transformDateValues(raw, el.vr as 'DA' | 'DT', this.ctx.datePolicy, this.ctx.shiftDays);
    return out === undefined ? undefined : ascii(out);
  }

  /** C: dates move by the date policy, times stay, names are replaced, text loses identifying tokens. */
  private clean(el: Element, buf: Uint8Array): Edit {
    switch (el.vr) {
      case 'DA': case 'DT': {
        const out = this.transformDates(el, buf);
        return out === undefined ? (this.counters.replaced++, EMPTY) : this.replaced(out);
      }
      case 'PN': return this.replaced(TEXT_DUMMY);
      case 'UI': return this.remapUids(el, buf);
      case 'LO': case 'SH': case 'ST': case 'LT': case 'UT': case 'UC': return this.redact(el, buf);
      default: return KEEP;
    }
  }

  /** Replaces identifying tokens in free text with '*'; values in ISO 2022 code extensions are replaced whole. */
  private redact(el: Element, buf: Uint8Array): Edit {
    const start = el.valueOffset;
    const end = start + el.length;
    const hits: [number, number][] = [];
    this.ctx.needles.scan(buf, start, end, (h) => { hits.push([h.start, h.end]); });
    if (hits.length === 0) return KEEP;
    this.counters.redactions += hits.length;
    if (this.ctx.charsetUsesEscapes) return this.replaced(TEXT_DUMMY);
    const out = Uint8Array.from(buf.subarray(start, end));
    for (const [s, e] of hits) out.fill(0x2a, s - start, e - start);
    return this.replaced(out);
  }

  private remapUids(el: Element, buf: Uint8Array): Edit {
    const raw = Buffer.from(buf.buffer, buf.byteOffset + el.valueOffset, el.length).toString('latin1').replace(/[\0 ]+$/, '');
    const mapped = raw.split('\\').map((u) => (u === '' ? '' : this.ctx.mapUid(u.trim())));
    this.counters.uidsRemapped++;
    return { value: ascii(mapped.join('\\')) };
  }

  private editPrivate(el: Element, buf: Uint8Array, ds: DataSet): Edit {
    const safe = this.safePrivate;
    if (safe) {
      if (isPrivateCreatorTag(el.tag)) {
        if (safe.blockHasSafeElement(buf, ds, el)) return KEEP;
      } else {
        const action = safe.actionFor(buf, ds, el);
        if (action) return this.apply(action, el, buf, 'clean');
      }
    }
    this.counters.privateRemoved++;
    return REMOVE;
  }
}
