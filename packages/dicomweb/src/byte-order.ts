/** DICOMweb carries binary values little endian (PS3.18 8.7.3): a big endian file's words are swapped on the way out. */
export function swapWords(b: Uint8Array, word: number): Uint8Array {
  if (word <= 1) return b;
  const out = new Uint8Array(b.length);
  for (let i = 0; i + word <= b.length; i += word) for (let k = 0; k < word; k++) out[i + k] = b[i + word - 1 - k]!;
  return out;
}
