import { createHash } from 'node:crypto';
import type { Pseudonymizer, PseudonymScheme } from './pseudonyms.ts';

/*
 * The pseudonym functions of the EUCAIM CTP v5 profile ("EUCAIM Deidentification v5", ctp/anon.script of
 * sgsfak/eucaim_anon_pipeline, run by RSNA CTP's DicomAnonymizerTool), rewritten from CTP's
 * AnonymizerFunctions.java (hash, hashPtID, hashUID) and DICOMAnonymizer.java (hashuid's third argument).
 * test/eucaim-ctp.test.ts checks them against outputs of the real CTP jar.
 */

export const EUCAIM_UID_ROOT = '1.3.6.1.4.1.58108.2023';
export const EUCAIM_PATIENT_PREFIX = 'EUCAIM-';

/** CTP's DigestUtil.getUSMD5: MD5 of the UTF-8 bytes as an unsigned base-10 integer. */
export function md5Decimal(text: string): string {
  const d = createHash('md5').update(text, 'utf8').digest();
  let n = 0n;
  for (const b of d) n = (n << 8n) | BigInt(b);
  return n.toString();
}

/** @param(EUCAIM-)@hashptid(@SECRET_KEY,this): MD5 of '[' + key + ']' + id, both trimmed. */
export function eucaimPatientId(secret: string, patientId: string): string {
  return EUCAIM_PATIENT_PREFIX + md5Decimal(`[${secret.trim()}]${patientId.trim()}`);
}

/**
 * @hashuid(@UIDROOT,this,PatientID): the replacement PatientID is appended to the UID before hashing, a
 * leading 0 of the digest becomes '90', and the result is cut at 64 characters.
 */
export function eucaimHashUid(root: string, uid: string, pseudonymisedPatientId: string): string {
  const h = md5Decimal(uid + pseudonymisedPatientId);
  const prefix = root.endsWith('.') ? root : `${root}.`;
  return (prefix + (h.startsWith('0') ? '9' : '') + h).slice(0, 64);
}

/** @hash(this,16): the first digits of the MD5 decimal (Accession Number, Acquisition UID). */
export function eucaimHash(value: string, length: number): string {
  return md5Decimal(value).slice(0, length);
}

/** PROVIDERID: the Lethe wrapper hashes the site id with SHA-256 (hex) before handing it to CTP. */
export function eucaimSiteIdHash(siteId: string): string {
  return createHash('sha256').update(siteId, 'utf8').digest('hex');
}

/** The EUCAIM scheme; date shifts and path hashes (which EUCAIM does not define) stay keyed by our HMAC. */
export class EucaimScheme implements PseudonymScheme {
  private readonly secret: string;
  private readonly keyed: Pseudonymizer;
  private readonly root: string;
  private readonly uids = new Map<string, string>();

  constructor(secret: string, keyed: Pseudonymizer, root = EUCAIM_UID_ROOT) {
    this.secret = secret;
    this.keyed = keyed;
    this.root = root;
  }

  patientId(id: string): string {
    return eucaimPatientId(this.secret, id);
  }

  /** @param(EUCAIM-)@hashptid(@SECRET_KEY,PatientID)@param(^Anonymous) */
  patientName(pseudonym: string): string {
    return `${pseudonym}^Anonymous`;
  }

  uid(original: string, patientPseudonym: string): string {
    const key = `${original}\0${patientPseudonym}`;
    let out = this.uids.get(key);
    if (out === undefined) {
      out = eucaimHashUid(this.root, original, patientPseudonym);
      if (this.uids.size > 200_000) this.uids.clear();
      this.uids.set(key, out);
    }
    return out;
  }

  dateShiftDays(patientKey: string): number {
    return this.keyed.dateShiftDays(patientKey);
  }

  pathHash(path: string): string {
    return this.keyed.pathHash(path);
  }
}
