// @graphy/content.xml.scribe ships no type declarations; the catalogue's serialiser (packages/catalogue
// serialise.ts) uses it only through the members declared here: a transform stream of quad events to RDF/XML text.
declare module '@graphy/content.xml.scribe' {
  import type { Transform } from 'node:stream';
  import type { Quad } from '@rdfjs/types';
  interface XmlScribeConfig {
    /** prefix -> namespace IRI, written as xmlns declarations and used for the element names of predicates. */
    readonly prefixes?: Readonly<Record<string, string>>;
  }
  interface XmlScriber extends Transform {
    write(event: { readonly type: 'quad'; readonly value: Quad }): boolean;
  }
  export default function scribe(config?: XmlScribeConfig): XmlScriber;
}
