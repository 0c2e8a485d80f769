import { createHash, hash } from 'node:crypto';

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
  /** The keyed inner block followed by room for the message: one one-shot hash per MAC half. */
  private innerInput: Buffer;
  /** The keyed outer block and the inner digest. */
  private readonly outerInput: Buffer;
  private readonly uids = new Map<string, string>();
  private readonly patients = new Map<string, string>();
  private readonly shifts = new Map<string, number>();

  constructor(secret: Uint8Array) {
    // HMAC (RFC 2104) written out as its two SHA-256 passes over reused buffers, each a one-shot crypto.hash():
    // createHmac() sets the key up again on every call, and copying keyed Hash objects cost more than the
    // hashing itself (three MACs per file). The bytes are those of HMAC-SHA-256 (pseudonyms.test.ts).
    let key = Buffer.from(secret);
    if (key.length > 64) key = createHash('sha256').update(key).digest();
    this.innerInput = Buffer.alloc(64 + 256, 0);
    this.outerInput = Buffer.alloc(64 + 32, 0);
    this.innerInput.fill(0x36, 0, 64);
    this.outerInput.fill(0x5c, 0, 64);
    for (let i = 0; i < key.length; i++) { this.innerInput[i]! ^= key[i]!; this.outerInput[i]! ^= key[i]!; }
  }

  private mac(domain: string, value: string): Buffer {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const need = 64 + (domain.length + 1 + value.length) * 3;
    if (need > this.innerInput.length) {
      const grown = Buffer.alloc(need * 2);
      this.innerInput.copy(grown, 0, 0, 64);
      this.innerInput = grown;
    }
    const b = this.innerInput;
    let at = 64 + b.write(domain, 64, 'utf8');
    b[at++] = 0;
    at += b.write(value, at, 'utf8');
    const inner = hash('sha256', b.subarray(0, at), 'buffer');
    this.outerInput.set(inner, 64);
    return hash('sha256', this.outerInput, 'buffer');
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
    const out = `2.25.${BigInt(`0x${h.toString('hex', 0, 16)}`).toString()}`;
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
