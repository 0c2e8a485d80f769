import { transferSyntaxOf } from '@oncoatlas/dicom';

/*
 * Which presentation contexts the receiver accepts. Pure functions, so the policy is testable without a
 * network: Verification, and every Storage SOP Class; for each, the first proposed transfer syntax we can
 * keep byte for byte (the sender lists its preference first, and we never transcode).
 */

export const VERIFICATION = '1.2.840.10008.1.1';

/**
 * Every Storage SOP Class of PS3.4 Annex B with patient data sits under this root (CT, MR, SR, SEG, RT,
 * PDF...). dcmjs-dimse's StorageClass table is a subset of it. Non-patient objects (hanging protocols,
 * colour palettes, implant templates) have other roots and are of no use to an imaging atlas.
 */
const STORAGE_ROOT = '1.2.840.10008.5.1.4.1.1.';

export function isStorageClass(uid: string): boolean {
  return uid.startsWith(STORAGE_ROOT) && /^[0-9.]+$/.test(uid) && uid.length <= 64;
}

/**
 * A transfer syntax we store verbatim and can read later: the uncompressed ones, deflated, and the
 * encapsulated (compressed) ones, whose datasets are explicit VR little endian around opaque fragments.
 * This is exactly what @oncoatlas/dicom parses, so the receiver never accepts bytes the pipeline
 * behind it would refuse.
 */
export function isStorableTransferSyntax(uid: string): boolean {
  try {
    transferSyntaxOf(uid);
    return true;
  } catch {
    return false;
  }
}

export type ContextDecision =
  | { readonly accept: true; readonly transferSyntaxUid: string }
  | { readonly accept: false; readonly reason: 'abstract-syntax' | 'transfer-syntaxes' };

export function decideContext(abstractSyntaxUid: string, proposed: readonly string[]): ContextDecision {
  if (abstractSyntaxUid === VERIFICATION) {
    // Verification carries no dataset: any proposed syntax does; implicit VR LE is the default one.
    const ts = proposed.includes('1.2.840.10008.1.2') ? '1.2.840.10008.1.2' : proposed[0];
    return ts === undefined ? { accept: false, reason: 'transfer-syntaxes' } : { accept: true, transferSyntaxUid: ts };
  }
  if (!isStorageClass(abstractSyntaxUid)) return { accept: false, reason: 'abstract-syntax' };
  const ts = proposed.find(isStorableTransferSyntax);
  return ts === undefined ? { accept: false, reason: 'transfer-syntaxes' } : { accept: true, transferSyntaxUid: ts };
}
