// TEMPORARY until @oncoatlas/dicom exports charset decoding.
export interface CharacterSets { readonly terms: readonly string[]; readonly isoExtensions: boolean; readonly asciiOnly: boolean }
export function parseSpecificCharacterSet(v: string | undefined): CharacterSets {
  const terms = (v ?? '').split('\\').map((s) => s.trim());
  return { terms, isoExtensions: terms.some((t) => t.startsWith('ISO 2022')), asciiOnly: terms.every((t) => t === '' || t === 'ISO_IR 6') };
}
export function decodeText(b: Uint8Array, s: CharacterSets, _vr: string): string {
  return new TextDecoder(s.terms.includes('ISO_IR 192') ? 'utf-8' : 'latin1').decode(b).replace(/[\0 ]+$/, '');
}
