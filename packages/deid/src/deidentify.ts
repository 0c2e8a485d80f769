import { normalizeError, type ErrorCode } from '@oncoatlas/core';
import {
  ByteSink, fileMetaInformation, findElement, PIXEL_DATA, ReadScratch, splitValues, stringAt, writePart10,
  type DicomSource, type NewElement, type Segment,
} from '@oncoatlas/dicom';
import { BasicProfileEditor, type AttributeOverride, type EditorCounters } from './basic-editor.ts';
import { assessBurnedIn } from './burned-in.ts';
import { ascii } from './dummy-values.ts';
import { collectIdentifiers } from './identifiers.ts';
import { InstanceContext } from './instance-context.ts';
import type { DatePolicy, ProfileOption } from './options.ts';
import { ConfidentialityProfile } from './profile.ts';
import { Pseudonymizer, type PseudonymScheme } from './pseudonyms.ts';
import { SafePrivateList } from './safe-private.ts';
import { deidentificationStamps, IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './stamps.ts';
import { verifyOutput } from './verify.ts';

export type DeidStatus = 'deidentified' | 'review' | 'rejected';

export interface DeidConfig {
  readonly options: ReadonlySet<ProfileOption>;
  readonly datePolicy: DatePolicy;
  readonly secret: Uint8Array;
  readonly allowBurnedIn: boolean;
  readonly safePrivate?: SafePrivateList;
  /** Record original -> new UID and patient ID pairs (for a local-only mapping file). */
  readonly recordMappings: boolean;
  /** How pseudonyms are made (default: keyed HMAC under `secret`; the EUCAIM profile brings its own). */
  readonly scheme?: PseudonymScheme;
  /** A profile's own rules for some attributes, applied before the table. */
  readonly overrides?: ReadonlyMap<number, AttributeOverride>;
  /** Elements added to every instance besides the de-identification stamps. */
  readonly additions?: readonly NewElement[];
  readonly methods?: readonly string[];
}

export interface InstanceResult {
  readonly status: DeidStatus;
  /** A code and a sentence naming attributes only, e.g. 'DEID_BURNED_IN_RISK: modality US without BurnedInAnnotation'. */
  readonly reason: string | null;
  readonly code: ErrorCode | null;
  /** Output path relative to the output root: PATIENT/STUDY/SERIES/SOP.dcm, under _review/ when held. */
  readonly outputPath: string | null;
  readonly segments: readonly Segment[] | null;
  readonly patient: { readonly original: string; readonly pseudonym: string } | null;
  readonly uidPairs: ReadonlyMap<string, string> | null;
  /** What the profile did to this instance: element counts only. */
  readonly counts: EditorCounters | null;
}

/** The folder under the output root an instance held for review is written to, before its released path. */
export const HELD_PREFIX = '_review/';
const SOP_CLASS_UID = 0x00080016;
const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const SOP_INSTANCE_UID = 0x00080018;
const STUDY_INSTANCE_UID = 0x0020000d;
const SERIES_INSTANCE_UID = 0x0020000e;
const MODALITY = 0x00080060;
const IMAGE_TYPE = 0x00080008;
const BURNED_IN_ANNOTATION = 0x00280301;

/** De-identifies instances one by one into a reused sink; no file system access (the caller does I/O). */
export class Deidentifier {
  private readonly config: DeidConfig;
  private readonly profile: ConfidentialityProfile;
  private readonly pseudonymizer: PseudonymScheme;
  private readonly stamps: readonly NewElement[];
  private readonly verifyScratch = new ReadScratch();

  constructor(config: DeidConfig) {
    this.config = config;
    this.profile = new ConfidentialityProfile(config.options);
    this.pseudonymizer = config.scheme ?? new Pseudonymizer(config.secret);
    this.stamps = [...deidentificationStamps({ options: config.options, datePolicy: config.datePolicy, methods: config.methods }), ...(config.additions ?? [])]
      .sort((a, b) => a.tag - b.tag);
  }

  get keyedHash(): PseudonymScheme {
    return this.pseudonymizer;
  }

  /** The date policy in force; with `retainsFullDates`, dates are kept as they are whatever it says. */
  get datePolicy(): DatePolicy {
    return this.config.datePolicy;
  }

  get retainsFullDates(): boolean {
    return this.config.options.has('rtnLongFullDatesOpt');
  }

  deidentify(source: DicomSource, sink: ByteSink): InstanceResult {
    try {
      return this.run(source, sink);
    } catch (err) {
      const e = normalizeError(err);
      return rejected(e.code, `${e.code}: ${e.message}`);
    }
  }

  private run(source: DicomSource, sink: ByteSink): InstanceResult {
    const file = source.file;
    const { options, datePolicy } = this.config;
    if (stringAt(file.source, file.meta, 0x00020002) === MEDIA_STORAGE_DIRECTORY) {
      // A DICOMDIR lists patients' names and IDs; it is an index of the export, not an image to release.
      return rejected('DEID_NOT_AN_INSTANCE', 'DEID_NOT_AN_INSTANCE: a DICOMDIR (media storage directory) is not released');
    }
    const needles = collectIdentifiers(file, {
      profile: this.profile,
      datePolicy,
      retainUids: options.has('rtnUIDsOpt'),
      retainFullDates: options.has('rtnLongFullDatesOpt'),
    });
    const ctx = new InstanceContext(file, this.pseudonymizer, {
      datePolicy, needles, retainUids: options.has('rtnUIDsOpt'), recordUids: this.config.recordMappings,
    });
    const b = file.buffer;
    const ds = file.dataset;
    const sopClass = stringAt(b, ds, SOP_CLASS_UID) ?? stringAt(file.source, file.meta, 0x00020002);
    const sopInstance = stringAt(b, ds, SOP_INSTANCE_UID);
    const study = stringAt(b, ds, STUDY_INSTANCE_UID);
    const series = stringAt(b, ds, SERIES_INSTANCE_UID);
    if (!sopClass || !sopInstance || !study || !series) {
      return rejected('DICOM_MALFORMED', 'DICOM_MALFORMED: SOP Class, SOP Instance, Study or Series Instance UID is missing');
    }
    const verdict = assessBurnedIn({
      hasPixelData: findElement(ds, PIXEL_DATA) !== undefined,
      burnedInAnnotation: stringAt(b, ds, BURNED_IN_ANNOTATION) || undefined,
      modality: stringAt(b, ds, MODALITY),
      sopClassUid: sopClass,
      imageType: splitValues(stringAt(b, ds, IMAGE_TYPE) ?? ''),
    });
    const held = verdict.risk && !this.config.allowBurnedIn;

    const newSop = ctx.mapUid(sopInstance);
    const editor = new BasicProfileEditor(ctx, this.profile, options.has('rtnSafePrivOpt') ? this.config.safePrivate : undefined, this.stamps, this.config.overrides);
    sink.reset();
    writePart10(sink, file, { meta: fileMeta(sopClass, newSop, file.transferSyntax.uid), editor, tail: source.tail });
    const segments = sink.finish();

    const verification = verifyOutput(segments, needles, this.verifyScratch);
    if (!verification.ok) return rejected(verification.code, `${verification.code}: ${verification.reason}`);

    const path = `${ctx.patientPseudonym}/${ctx.mapUid(study)}/${ctx.mapUid(series)}/${newSop}.dcm`;
    return {
      status: held ? 'review' : 'deidentified',
      reason: held ? `DEID_BURNED_IN_RISK: ${verdict.reason}` : null,
      code: held ? 'DEID_BURNED_IN_RISK' : null,
      outputPath: held ? HELD_PREFIX + path : path,
      segments,
      patient: this.config.recordMappings ? { original: ctx.patientKey, pseudonym: ctx.patientPseudonym } : null,
      uidPairs: ctx.uidPairs ?? null,
      counts: editor.counters,
    };
  }
}

function rejected(code: ErrorCode, reason: string): InstanceResult {
  return { status: 'rejected', reason, code, outputPath: null, segments: null, patient: null, uidPairs: null, counts: null };
}

/** A new File Meta Information: nothing of the input's meta survives but its SOP class and transfer syntax. */
function fileMeta(sopClass: string, sopInstance: string, transferSyntax: string): NewElement[] {
  return fileMetaInformation({
    sopClassUid: sopClass, sopInstanceUid: sopInstance, transferSyntaxUid: transferSyntax,
    implementationClassUid: IMPLEMENTATION_CLASS_UID, implementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
}

