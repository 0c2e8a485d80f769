/**
 * Turtle and JSON-LD documents of record quads. JSON-LD is made from the same quads (fromRDF, then compacted
 * with our context), so both formats always say the same thing.
 */
import jsonld from 'jsonld';
import { Writer } from 'n3';
import type { Quad } from 'n3';
import { oncoError } from '@oncoatlas/core';
import type { RecordContentType } from './content-negotiation.ts';
import { JSONLD_CONTEXT } from './jsonld-context.ts';
import { PREFIXES } from './vocabulary.ts';

function write(quads: readonly Quad[], options: ConstructorParameters<typeof Writer>[0]): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer(options);
    writer.addQuads([...quads]);
    writer.end((err, result: string) => (err ? reject(oncoError('INTERNAL', 'The RDF writer failed.', {}, err)) : resolve(result)));
  });
}

/** Turtle with our prefixes. */
export function toTurtle(quads: readonly Quad[]): Promise<string> {
  return write(quads, { prefixes: { ...PREFIXES } });
}

/** N-Triples (one triple a line; what canonical comparisons and line-based tools want). */
export function toNTriples(quads: readonly Quad[]): Promise<string> {
  return write(quads, { format: 'N-Triples' });
}

/** Compacted JSON-LD with JSONLD_CONTEXT (`@context` + `@graph`). */
export async function toJsonLd(quads: readonly Quad[]): Promise<Record<string, unknown>> {
  const expanded = await jsonld.fromRDF(await toNTriples(quads), { format: 'application/n-quads' });
  // The context is an object, never a URL: compaction loads nothing from the network.
  return (await jsonld.compact(expanded, JSONLD_CONTEXT)) as Record<string, unknown>;
}

/** The body for a negotiated content type (see contentTypeFor). */
export async function serialise(quads: readonly Quad[], contentType: RecordContentType): Promise<string> {
  return contentType === 'text/turtle' ? toTurtle(quads) : JSON.stringify(await toJsonLd(quads), null, 2);
}
