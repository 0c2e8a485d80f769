/**
 * Canonical JSON (RFC 8785, JCS) for the values audit events hold: object members sorted by their UTF-16
 * code units, no whitespace, strings and numbers exactly as ECMAScript's JSON.stringify writes them (JCS is
 * defined in those terms). Hashing these bytes makes an event's hash independent of who serialised it.
 *
 * Written here because the few lines it takes are less risk than a dependency, and because we refuse what
 * JCS would still accept but an audit event must not hold: non-integers (floats differ between languages),
 * undefined members and non-plain objects.
 */
export type CanonicalValue = null | boolean | number | string | readonly CanonicalValue[] | { readonly [k: string]: CanonicalValue };

export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(v: unknown, path: string): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new TypeError(`${path}: audit events hold only safe integers, not ${v}`);
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x, i) => write(x, `${path}[${i}]`)).join(',')}]`;
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const entries = Object.entries(v as Record<string, unknown>);
    for (const [k, x] of entries) if (x === undefined) throw new TypeError(`${path}.${k} is undefined: leave the member out`);
    // Default sort compares UTF-16 code units, which is what JCS asks for.
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${write(x, `${path}.${k}`)}`).join(',')}}`;
  }
  throw new TypeError(`${path}: ${typeof v} cannot be part of an audit event`);
}
