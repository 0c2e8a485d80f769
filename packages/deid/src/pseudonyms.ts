import { createHash, type Hash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Uint8Array, chars: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length && out.length < chars; i++) {
    acc = (acc << 8) | bytes[i]!;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += CROCKFORD[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** Patient IDs compare equal whatever their padding or Unicode normalisation in the source encoding. */
export function normalisePatientKey(id: string): string {
  return id.trim().normalize('NFC');
}

const UID_CACHE_LIMIT = 200_000;

/** How patient IDs, names and UIDs become pseudonyms: ours (HMAC) or the EUCAIM CTP scheme (MD5). */
export interface PseudonymScheme {
  patientId(id: string): string;
  /** Person Name form of a patient pseudonym. */
  patientName(pseudonym: string): string;
  /** A new UID; `patientPseudonym` is the pseudonymised Patient ID of the instance. */
  uid(original: string, patientPseudonym: string): string;
  dateShiftDays(patientKey: string): number;
  pathHash(path: string): string;
}

/**
 * Keyed pseudonyms: HMAC-SHA-256 under the site secret, with a domain label per use so a UID pseudonym can
 * never equal a patient pseudonym. The same secret gives the same values in every batch and worker;
 * nothing is stored, so there is no table to leak or keep in step.
 */
export class Pseudonymizer implements PseudonymScheme {
  private readonly inner: Hash;
  private readonly outer: Hash;
  private readonly uids = new Map<string, string>();
  private readonly patients = new Map<string, string>();
  private readonly shifts = new Map<string, number>();

  constructor(secret: Uint8Array) {
    // HMAC (RFC 2104) with the keyed inner and outer states computed once and copied per message:
    // createHmac() sets the key up again on every call, which cost more than the hashing itself.
    let key = Buffer.from(secret);
    if (key.length > 64) key = createHash('sha256').update(key).digest();
    const ipad = Buffer.alloc(64, 0x36);
    const opad = Buffer.alloc(64, 0x5c);
    for (let i = 0; i < key.length; i++) { ipad[i]! ^= key[i]!; opad[i]! ^= key[i]!; }
    this.inner = createHash('sha256').update(ipad);
    this.outer = createHash('sha256').update(opad);
  }

  private mac(domain: string, value: string): Buffer {
    const inner = this.inner.copy().update(domain).update('\0').update(value, 'utf8').digest();
    return this.outer.copy().update(inner).digest();
  }

  /** 'OA-' and 20 Crockford base-32 characters (100 bits): fits LO and PN, readable over the phone. */
  patientId(id: string): string {
    const key = normalisePatientKey(id);
    let p = this.patients.get(key);
    if (p === undefined) {
      p = `OA-${base32(this.mac('patient-id', key), 20)}`;
      if (this.patients.size >= UID_CACHE_LIMIT) this.patients.clear();
      this.patients.set(key, p);
    }
    return p;
  }

  /** Family name and a given name: validators take a PN without components for the retired form. */
  patientName(pseudonym: string): string {
    return `${pseudonym}^ANONYMOUS`;
  }

  /**
   * A '2.25.' UID from a version 8 (custom) UUID built from the HMAC (PS3.5 B.2): at most 44 characters,
   * unique without a registered root, and the same for the same input UID in every file and batch.
   */
  uid(original: string, _patientPseudonym?: string): string {
    const hit = this.uids.get(original);
    if (hit) return hit;
    const h = this.mac('uid', original);
    h[6] = (h[6]! & 0x0f) | 0x80; // version 8
    h[8] = (h[8]! & 0x3f) | 0x80; // RFC 9562 variant
    let n = 0n;
    for (let i = 0; i < 16; i++) n = (n << 8n) | BigInt(h[i]!);
    const out = `2.25.${n.toString()}`;
    if (this.uids.size >= UID_CACHE_LIMIT) this.uids.clear();
    this.uids.set(original, out);
    return out;
  }

  /** Days to move this patient's dates back: 1 to 3650, the same for every instance of the patient. */
  dateShiftDays(patientKey: string): number {
    const key = normalisePatientKey(patientKey);
    let d = this.shifts.get(key);
    if (d === undefined) {
      d = 1 + (this.mac('date-shift', key).readUInt32BE(0) % 3650);
      if (this.shifts.size >= UID_CACHE_LIMIT) this.shifts.clear();
      this.shifts.set(key, d);
    }
    return d;
  }

  /** A short keyed hash for input paths in reports: paths may contain names, the hash does not. */
  pathHash(path: string): string {
    return this.mac('path', path).toString('hex').slice(0, 16);
  }
}
