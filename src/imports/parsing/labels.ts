import { fail, type Parsed } from './amount.js';

/**
 * Consulta Amigable writes each level of the geography as "code: NAME":
 *   "08: CUSCO", "0808: ESPINAR", "080801-300740: MUNICIPALIDAD PROVINCIAL DE ESPINAR".
 * Older files can drop leading zeros ("8: CUSCO", "80801-300740: ..."); the codes are padded back,
 * never read as numbers.
 */
export interface CodeLabel {
  code: string;
  name: string;
}

export interface MunicipalityLabel {
  ubigeo: string;
  secEjec: number;
  name: string;
}

/** The code part of a label, on trimmed text; the name is the rest. */
const LABEL = /^(\d+)\s*[:.]\s*/;
const MUNICIPALITY = /^(\d{5,6})\s*-\s*(\d{1,9})\s*:\s*/;

export function parseCodeLabel(input: unknown, width: 2 | 4): Parsed<CodeLabel> {
  const text = typeof input === 'number' ? String(input) : input;
  if (typeof text !== 'string' || text.trim() === '') return fail('MISSING_VALUE.label');
  const label = splitLabel(text, LABEL);
  if (!label || label.code[1].length > width || label.code[1].length < width - 1) {
    return fail('INVALID_LABEL', { pattern: '0'.repeat(width) });
  }
  return { ok: true, value: { code: label.code[1].padStart(width, '0'), name: label.name } };
}

export function parseMunicipalityLabel(input: unknown): Parsed<MunicipalityLabel> {
  if (typeof input !== 'string' || input.trim() === '') return fail('MISSING_VALUE.municipality');
  const label = splitLabel(input, MUNICIPALITY);
  if (!label) {
    return fail('INVALID_LABEL.municipality');
  }
  return { ok: true, value: { ubigeo: label.code[1].padStart(6, '0'), secEjec: Number(label.code[2]), name: label.name } };
}

/**
 * "CODE: NAME" split at the end of `code`, on text trimmed first: a pattern that finds the name and
 * the trailing spaces itself (`(\S.*?)\s*$`) backtracks over every space of the cell from every
 * position, quadratic in its length (150,000 spaces held the event loop for 10 s). The name is one
 * line, as the old pattern's `.` required. Null when the text has no code or no name.
 */
function splitLabel(text: string, code: RegExp): { code: RegExpExecArray; name: string } | null {
  const trimmed = text.trim();
  const m = code.exec(trimmed);
  if (!m) return null;
  const name = trimmed.slice(m[0].length);
  return name !== '' && !LINE_BREAK.test(name) ? { code: m, name } : null;
}
/** What `.` in a pattern does not match: a name is one line. */
export const LINE_BREAK = /[\n\r\u2028\u2029]/;
