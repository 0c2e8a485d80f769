/**
 * The federated query: the samply Lens / Focus AST (EUCAIM reference §6.3), as Lens builds it and Focus posts it
 * to a mediator. Validated here once, so the counting code can trust its shape.
 */
import { createHash } from 'node:crypto';
import { oncoError } from '@oncoatlas/core';

export type Operand = 'AND' | 'OR';
export type ConditionType = 'EQUALS' | 'NOT_EQUALS' | 'IN' | 'BETWEEN' | 'LOWER_THAN' | 'GREATER_THAN' | 'CONTAINS';
export type ConditionValue = string | number | boolean | readonly string[] | { readonly min: number; readonly max: number } | { readonly min: string; readonly max: string };
export interface Condition { readonly key: string; readonly type: ConditionType; readonly value: ConditionValue; readonly system?: string }
export interface Operation { readonly operand: Operand; readonly children: readonly (Operation | Condition)[] }
export interface AstQuery { readonly ast: Operation; readonly id: string }

export const CONDITION_TYPES: readonly ConditionType[] = ['EQUALS', 'NOT_EQUALS', 'IN', 'BETWEEN', 'LOWER_THAN', 'GREATER_THAN', 'CONTAINS'];
/** Lens emits depth 3 (OR(AND(OR(cond)))); 8 leaves room for hand-written queries while bounding the SQL. */
export const MAX_AST_DEPTH = 8;
export const MAX_AST_CONDITIONS = 200;

export function isCondition(node: Operation | Condition): node is Condition {
  return !('operand' in node);
}

function invalid(path: string, problem: string): never {
  throw oncoError('FEDERATION_INVALID_QUERY', `${path}: ${problem}`, { path });
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function parseValue(type: ConditionType, value: unknown, path: string): ConditionValue {
  if (type === 'BETWEEN') {
    if (!isRecord(value)) invalid(path, 'BETWEEN needs {min, max}');
    const { min, max } = value;
    if (typeof min === 'number' && typeof max === 'number' && Number.isFinite(min) && Number.isFinite(max)) return { min, max };
    if (typeof min === 'string' && typeof max === 'string') return { min, max };
    return invalid(path, 'BETWEEN needs min and max of one type, both numbers or both strings');
  }
  if (type === 'IN') {
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) invalid(path, 'IN needs a non-empty array of strings');
    return [...value] as string[];
  }
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  return invalid(path, `${type} needs a string, number or boolean`);
}

interface Budget { conditions: number }

function parseNode(json: unknown, path: string, depth: number, budget: Budget): Operation | Condition {
  if (!isRecord(json)) return invalid(path, 'expected an operation or a condition object');
  // An operation is what has `operand` and `children`: Lens's getAst() also puts a `key` on its OR layers.
  if ('operand' in json && 'children' in json) return parseOperation(json, path, depth, budget);
  return parseCondition(json, path, budget);
}

function parseCondition(json: Record<string, unknown>, path: string, budget: Budget): Condition {
  budget.conditions += 1;
  if (budget.conditions > MAX_AST_CONDITIONS) invalid(path, `more than ${MAX_AST_CONDITIONS} conditions`);
  const { key, type, value, system } = json;
  if (typeof key !== 'string' || key === '') invalid(`${path}.key`, 'expected a non-empty string');
  if (typeof type !== 'string' || !(CONDITION_TYPES as readonly string[]).includes(type)) invalid(`${path}.type`, `expected one of ${CONDITION_TYPES.join(', ')}`);
  if (system !== undefined && system !== null && typeof system !== 'string') invalid(`${path}.system`, 'expected a string');
  const parsed = parseValue(type as ConditionType, value, `${path}.value`);
  return { key, type: type as ConditionType, value: parsed, ...(typeof system === 'string' && system !== '' ? { system } : {}) };
}

function parseOperation(json: Record<string, unknown>, path: string, depth: number, budget: Budget): Operation {
  if (depth > MAX_AST_DEPTH) invalid(path, `nested deeper than ${MAX_AST_DEPTH} operations`);
  const { operand, children } = json; // any other member (Lens's `key` on a group) is ignored
  if (operand !== 'AND' && operand !== 'OR') invalid(`${path}.operand`, 'expected AND or OR');
  if (!Array.isArray(children)) invalid(`${path}.children`, 'expected an array');
  return { operand, children: children.map((c, i) => parseNode(c, `${path}.children[${i}]`, depth + 1, budget)) };
}

/**
 * Validates an AST's shape (the `ast` member of Focus's `{ast, id}`).
 * @example parseAst({ operand: 'AND', children: [{ key: 'sex', type: 'EQUALS', value: 'female' }] })
 */
export function parseAst(json: unknown): Operation {
  if (!isRecord(json) || !('operand' in json)) return invalid('ast', 'expected an operation {operand, children}');
  return parseOperation(json, 'ast', 1, { conditions: 0 });
}

function canonical(node: Operation | Condition): unknown {
  if (isCondition(node)) {
    const value = Array.isArray(node.value) ? [...node.value].sort() : node.value;
    return { key: node.key, type: node.type, value, system: node.system ?? '' };
  }
  const children = node.children.map((c) => JSON.stringify(canonical(c))).sort();
  return { operand: node.operand, children };
}

/** SHA-256 of a canonical form: reordering children or IN values does not change it (same query, same noise). */
export function queryFingerprint(ast: Operation): string {
  return createHash('sha256').update(JSON.stringify(canonical(ast))).digest('hex');
}
