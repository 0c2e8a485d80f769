/**
 * The JSON-LD context of our records: the same prefixes as the Turtle, nothing more. Plain prefixes (no
 * term aliases or type coercions) keep compaction lossless: every IRI, language tag and datatype survives
 * the trip back to RDF (tested), and a reader sees the property names of the EUCAIM profile (`dct:title`,
 * `eucaim:hasImageModality`) exactly as the profile's tables write them.
 */
import { PREFIXES } from './vocabulary.ts';

export const JSONLD_CONTEXT: Readonly<Record<string, string>> = { ...PREFIXES };
