/**
 * Reads a YAML (or JSON: JSON is YAML 1.2) document node by node, remembering where each node is, so every
 * problem can be reported as `file:line: path: message` and all of them at once rather than one per run.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { didYouMean } from './suggest.ts';
import type { MappingProblem } from './mapping.ts';

export type Path = readonly string[];

/** `tables.patients.columns["Fecha diagnóstico"]`: plain names joined by dots, others quoted. */
export function formatPath(path: Path): string {
  return path.map((s, i) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) ? `${i === 0 ? '' : '.'}${s}` : `[${JSON.stringify(s)}]`)).join('');
}

export interface Entry {
  readonly key: string;
  readonly keyNode: unknown;
  /** The value node; null for `key:` with nothing after it. */
  readonly value: unknown;
}

export class YamlReader {
  readonly problems: MappingProblem[] = [];
  readonly root: unknown;
  readonly #lines = new LineCounter();

  constructor(text: string) {
    const doc = parseDocument(text, { lineCounter: this.#lines, prettyErrors: false, uniqueKeys: true, schema: 'core' });
    for (const e of doc.errors) this.problems.push({ line: this.#lines.linePos(e.pos[0]).line, path: '(file)', message: `not valid YAML/JSON: ${e.message.split('\n')[0]}` });
    this.root = doc.errors.length > 0 ? null : doc.contents;
  }

  line(node: unknown): number {
    const range = (node as Node | null | undefined)?.range;
    return range ? this.#lines.linePos(range[0]).line : 1;
  }

  report(node: unknown, path: Path, message: string): void {
    this.problems.push({ line: this.line(node), path: formatPath(path), message });
  }

  /** The entries of a map; keys outside `known` are reported (with a suggestion) and left out. */
  entries(node: unknown, path: Path, known?: readonly string[]): Entry[] | null {
    if (!isMap(node)) {
      this.report(node, path, 'must be a mapping of names to values');
      return null;
    }
    const out: Entry[] = [];
    for (const pair of node.items) {
      if (!isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === 'object') {
        this.report(pair.key ?? node, path, 'has a key that is not a plain name');
        continue;
      }
      const key = String(pair.key.value);
      if (known && !known.includes(key)) {
        this.report(pair.key, [...path, key], `unknown key "${key}"${didYouMean(key, known)}; expected one of ${known.join(', ')}`);
        continue;
      }
      out.push({ key, keyNode: pair.key, value: pair.value ?? null });
    }
    return out;
  }

  /** A non-empty text (numbers are taken as written: a column may be named `2021`). */
  text(node: unknown, at: unknown, path: Path): string | null {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') && String(node.value).trim() !== '') {
      return typeof node.value === 'string' ? node.value.trim() : (node.source ?? String(node.value));
    }
    this.report(node ?? at, path, 'must be a non-empty text');
    return null;
  }

  boolean(node: unknown, at: unknown, path: Path): boolean | null {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.report(node ?? at, path, 'must be true or false');
    return null;
  }

  integer(node: unknown, at: unknown, path: Path, min: number, max: number): number | null {
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= min && node.value <= max) return node.value;
    this.report(node ?? at, path, `must be a whole number from ${min} to ${max}`);
    return null;
  }

  /** A list of non-empty texts. */
  texts(node: unknown, at: unknown, path: Path): string[] | null {
    if (!isSeq(node) || node.items.length === 0) {
      this.report(node ?? at, path, 'must be a non-empty list');
      return null;
    }
    const out: string[] = [];
    node.items.forEach((item, i) => {
      const t = this.text(item, node, [...path, String(i)]);
      if (t !== null) out.push(t);
    });
    return out;
  }

  isScalarText(node: unknown): boolean {
    return isScalar(node) && typeof node.value === 'string';
  }

  isOne(node: unknown): boolean {
    return isScalar(node) && node.value === 1;
  }

  isNull(node: unknown): boolean {
    return node === null || (isScalar(node) && node.value === null);
  }
}
