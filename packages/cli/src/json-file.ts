/**
 * Reads a JSON file a steward wrote (cohort, catalogue fields, catalogue settings): a file that cannot be read
 * and one that is not JSON are told apart, naming the file by what it is, never by its content.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { oncoError } from '@oncoatlas/core';

export function readJsonFile(path: string, what: string, hint: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (err) {
    throw oncoError('CONFIG_INVALID', `${what} could not be read; ${hint}.`, {}, err);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw oncoError('CONFIG_INVALID', `${what} is not valid JSON; ${hint}.`, {}, err);
  }
}
