import { readFile, stat } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { DomainError } from '../../common/domain-error.js';
import { bodyProblem } from '../../common/json-body.js';

/**
 * Largest JSON document read. A document is parsed whole (JSON has no rows to stream), so it is held in
 * memory several times over: 16 MB keeps that bounded whatever MAX_UPLOAD_MB allows. BCRPData's answers are
 * far smaller (a monthly series of 24 years: 15 KB; a daily one of 30 years: under 1 MB).
 */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** How deeply a document may nest objects and arrays: BCRPData's answers nest four levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Reads and parses a JSON document: UTF-8 (with or without a BOM), as RFC 8259 requires. Too large →
 * 413 JSON_TOO_LARGE; bytes that are not UTF-8 → 422 INVALID_ENCODING.json; not JSON → 422 MALFORMED_JSON
 * with the line and column where the parser stopped, or .tooDeep / .text for a document nested past
 * MAX_JSON_DEPTH or holding text PostgreSQL cannot store (NUL, a lone surrogate). Nothing is written before
 * this succeeds.
 */
export async function readJsonDocument(path: string, onBytes?: (n: number) => void, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const { size } = await stat(path);
  if (size > maxBytes) throw DomainError.of('JSON_TOO_LARGE', { mb: Math.floor(maxBytes / (1024 * 1024)) });
  const bytes = await readFile(path);
  onBytes?.(bytes.length);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw DomainError.of('INVALID_ENCODING.json');
  }
  if (text.includes('\u0000')) throw DomainError.of('BINARY_CONTENT');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    const { line, column } = whereParsingStopped(text, err instanceof Error ? err.message : '');
    throw DomainError.of('MALFORMED_JSON', { line, column });
  }
  const problem = bodyProblem(document, MAX_JSON_DEPTH);
  if (problem === 'too-deep') throw DomainError.of('MALFORMED_JSON.tooDeep', { max: MAX_JSON_DEPTH });
  if (problem === 'unstorable-text') throw DomainError.of('MALFORMED_JSON.text');
  return document;
}

/** Line and column (1-based) of the position V8's message names ("… at position 42"); the end of the text when it names none. */
export function whereParsingStopped(text: string, message: string): { line: number; column: number } {
  const at = /position (\d+)/.exec(message);
  const position = at ? Math.min(Number(at[1]), text.length) : text.length;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}
