/**
 * Turtle, JSON-LD, RDF/XML and N-Triples documents of record quads. Every format is written from the same
 * quads (JSON-LD through fromRDF, then compacted with our context), so all four always say the same thing.
 *
 * RDF/XML is written by @graphy/content.xml.scribe: the one maintained RDF/XML serialiser on npm (rdflib.js
 * has one too, but inside a whole store and fetcher; @rdfjs/formats and rdf-serialize only parse RDF/XML),
 * plain JavaScript with no install script, and it takes RDF/JS quads as they are.
 */
import scribe from '@graphy/content.xml.scribe';
import { DataFactory, Writer } from 'n3';
import type { Quad, Term } from 'n3';
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
  // Loaded on first use: jsonld and its HTTP client add to every command's start-up otherwise.
  const { default: jsonld } = await import('jsonld');
  const expanded = await jsonld.fromRDF(await toNTriples(quads), { format: 'application/n-quads' });
  // The context is an object, never a URL: compaction loads nothing from the network.
  return (await jsonld.compact(expanded, JSONLD_CONTEXT)) as Record<string, unknown>;
}

// XML 1.0 cannot carry these characters at all, not even as character references.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// rdf:nodeID must be an XML name; ours are (`n<hash>_role`), a label from elsewhere may not be.
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * RDF/XML (`rdf:Description` per subject, predicates as qualified names of our prefixes). A text holding a
 * control character XML cannot represent is refused (CATALOGUE_INVALID_FACTS) rather than written unreadable.
 */
export function toRdfXml(quads: readonly Quad[]): Promise<string> {
  const labels = new Map<string, string>();
  const safe = (t: Term): Term => {
    if (t.termType === 'BlankNode' && !XML_NAME.test(t.value)) {
      if (!labels.has(t.value)) labels.set(t.value, `b${labels.size}`);
      return DataFactory.blankNode(labels.get(t.value));
    }
    if (t.termType === 'Literal' && NOT_XML.test(t.value)) {
      throw oncoError('CATALOGUE_INVALID_FACTS', 'A text of the record holds a control character that RDF/XML cannot carry; remove it from the field.', {});
    }
    return t;
  };
  return new Promise((resolve, reject) => {
    const scriber = scribe({ prefixes: { ...PREFIXES } });
    let out = '';
    scriber.on('data', (chunk: string | Buffer) => { out += chunk.toString(); });
    scriber.on('error', (err: Error) => reject(oncoError('INTERNAL', 'The RDF/XML writer failed.', {}, err)));
    // A carriage return in a text would be read back as a line feed (XML normalises line ends): written as a reference.
    scriber.on('end', () => resolve(out.replaceAll('\r', '&#13;')));
    try {
      for (const q of quads) {
        scriber.write({ type: 'quad', value: DataFactory.quad(safe(q.subject) as Quad['subject'], q.predicate, safe(q.object) as Quad['object'], q.graph) });
      }
    } catch (err) {
      reject(err);
      return;
    }
    scriber.end();
  });
}

/** The body for a negotiated content type (see contentTypeFor). */
export async function serialise(quads: readonly Quad[], contentType: RecordContentType): Promise<string> {
  switch (contentType) {
    case 'text/turtle': return toTurtle(quads);
    case 'application/ld+json': return JSON.stringify(await toJsonLd(quads), null, 2);
    case 'application/rdf+xml': return toRdfXml(quads);
    case 'application/n-triples': return toNTriples(quads);
  }
}
