/** The part of shacl-engine (no types of its own) that @oncoatlas/catalogue's official-shapes.ts uses. */
declare module 'shacl-engine' {
  import type { DatasetCore, Quad, Term } from '@rdfjs/types';

  export interface ShaclEngineResult {
    readonly severity: Term;
    readonly focusNode: { readonly term: Term };
    readonly path?: readonly { readonly predicates: readonly Term[] }[];
    readonly value?: { readonly term: Term };
    readonly message: readonly Term[];
    readonly constraintComponent: Term;
    readonly shape: { readonly ptr: { readonly term: Term } };
  }

  export interface ShaclEngineReport {
    readonly conforms: boolean;
    readonly results: readonly ShaclEngineResult[];
  }

  export class Validator {
    constructor(shapes: DatasetCore<Quad>, options: { factory: unknown; debug?: boolean; details?: boolean });
    validate(data: { dataset: DatasetCore<Quad> }): Promise<ShaclEngineReport>;
  }
}
