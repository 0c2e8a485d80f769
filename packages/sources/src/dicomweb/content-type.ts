/** Content-Type parsing (RFC 9110 8.3): the WADO-RS answer's multipart boundary and type sit in its parameters. */

/** Media type (lower case) and parameters (names lower case, quoted values unquoted) of a Content-Type. */
export function parseContentType(value: string): { type: string; params: Record<string, string> } {
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const params: Record<string, string> = {};
  if (semi >= 0) {
    for (const m of value.slice(semi).matchAll(/;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
      const raw = m[2]!.trim();
      params[m[1]!.toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    }
  }
  return { type, params };
}
