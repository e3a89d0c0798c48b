import { type Params, type RowProblemKey, type Said, say } from '../../i18n/messages.js';

/**
 * Amount cells as MEF's portals write them, to canonical two-decimal strings.
 *
 *   "159,642,613"      → "159642613.00"   (Consulta Amigable CSV: comma thousands)
 *   "S/ 1.234.567,00"  → "1234567.00"     (portal exports in Peruvian notation)
 *   "S/ -", "-", ""?   → "0.00" for the dash; blank is an error (a missing figure is not zero)
 *   "(1,234.50)"       → "-1234.50"       (accounting negatives)
 *   1234567.5 (xlsx)   → "1234567.50"
 *
 * Anything that could be read two ways ("1.234") or that would lose céntimos is refused, never guessed.
 */
export type Parsed<T> = { ok: true; value: T } | ({ ok: false } & Said);

/** A failure with its registry message (src/i18n/row-problems.ts). */
export const fail = (key: RowProblemKey, params: Params = {}): Parsed<never> => ({ ok: false, ...say(key, params) });

const THOUSANDS_COMMA = /^\d{1,3}(,\d{3})+$/;
const THOUSANDS_DOT = /^\d{1,3}(\.\d{3})+$/;
const PERUVIAN = /^(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d{1,2}))?$/;

/** Plain numbers, as MEF's open data writes them ("6000.0", "-1250.75", "0"): the common case, read directly. */
const PLAIN = /^(-?)(\d{1,16})(?:\.(\d{1,2}))?$/;

/** 6.1049142994E8: how a spreadsheet saved as CSV by some tools writes a large number. */
const SCIENTIFIC = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d{1,2})$/;

export interface AmountOptions {
  /** Accept scientific notation (only for sources known to write it, e.g. registry exports saved by scripts). */
  exponent?: boolean;
}

export function parseAmount(input: unknown, options: AmountOptions = {}): Parsed<string> {
  if (typeof input === 'string') {
    const m = PLAIN.exec(input);
    if (m) return canonical(m[1] === '-', m[2], m[3] ?? '');
    const e = options.exponent ? SCIENTIFIC.exec(input.trim()) : null;
    if (e) return fromScientific(e[1] === '-', e[2], e[3] ?? '', Number(e[4]));
  }
  if (typeof input === 'number') return fromNumber(input);
  if (input === null || input === undefined) return fail('MISSING_VALUE');
  if (typeof input !== 'string') return fail('INVALID_AMOUNT.notAmount');

  let text = input.replace(/[\u00A0\u202F\u2007]/g, ' ').trim();
  if (text === '') return fail('MISSING_VALUE');

  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  let peruvian = false; // "S/" amounts use dot thousands and comma decimals
  const currency = /^S\/\.?\s*/i.exec(text);
  if (currency) {
    peruvian = true;
    text = text.slice(currency[0].length);
  }
  if (/^-\s*$/.test(text)) return { ok: true, value: '0.00' }; // MEF's dash for zero
  if (text.startsWith('-')) {
    if (negative) return fail('INVALID_AMOUNT.negativeTwice');
    negative = true;
    text = text.slice(1).trim();
  }
  if (/^\d{1,3}( \d{3})+([.,]\d+)?$/.test(text)) text = text.replace(/ /g, ''); // NBSP or space grouping

  let integer: string;
  let fraction = '';
  if (/^\d+$/.test(text)) {
    integer = text;
  } else if (peruvian && PERUVIAN.test(text)) {
    const m = PERUVIAN.exec(text)!;
    integer = m[1].replace(/\./g, '');
    fraction = m[2] ?? '';
  } else if (THOUSANDS_COMMA.test(text)) {
    integer = text.replace(/,/g, '');
  } else if (THOUSANDS_DOT.test(text) && text.split('.').length > 2) {
    integer = text.replace(/\./g, ''); // 1.234.567: only thousands can repeat
  } else {
    const m = /^(\d{1,3}(?:,\d{3})+|\d+)\.(\d+)$/.exec(text) ?? /^(\d{1,3}(?:\.\d{3})+|\d+),(\d+)$/.exec(text);
    if (!m) return fail('INVALID_AMOUNT');
    const decimalMark = text[m[1].length];
    // "1.234" or "1,234" alone: thousands or decimals? Three digits after a single mark is ambiguous.
    if (m[2].length === 3 && /^[1-9]\d{0,2}$/.test(m[1])) {
      return fail('AMBIGUOUS_AMOUNT', { value: input });
    }
    integer = m[1].replace(decimalMark === '.' ? /,/g : /\./g, '');
    fraction = m[2];
  }
  if (fraction.length > 2) {
    if (/^0*$/.test(fraction.slice(2))) fraction = fraction.slice(0, 2);
    else return fail('TOO_MANY_DECIMALS');
  }
  return canonical(negative, integer, fraction);
}

/** Moves the decimal point exactly, in the digits: no float ever holds the value. */
function fromScientific(negative: boolean, integer: string, fraction: string, exponent: number): Parsed<string> {
  const digits = integer + fraction;
  const point = integer.length + exponent;
  if (point <= 0) return fromScientific(negative, '0', '0'.repeat(-point) + digits, 0);
  const int = digits.slice(0, point).padEnd(point, '0');
  const frac = withoutTrailingZeros(digits.slice(point));
  if (frac.length > 2) return fail('TOO_MANY_DECIMALS');
  return canonical(negative, int, frac);
}

/** A loop, not `/0+$/`: that pattern retries from every zero of a long run of them, quadratic in its length. */
function withoutTrailingZeros(digits: string): string {
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  return digits.slice(0, end);
}

/** Largest amount a numeric(18,2) column holds: 16 integer digits. */
function canonical(negative: boolean, integer: string, fraction: string): Parsed<string> {
  const int = integer.length > 1 && integer.charCodeAt(0) === 48 ? integer.replace(/^0+(?=\d)/, '') : integer;
  if (int.length > 16) return fail('INVALID_AMOUNT.tooLarge');
  const value = `${int}.${fraction.length === 2 ? fraction : fraction.padEnd(2, '0')}`;
  return { ok: true, value: negative && value !== '0.00' ? `-${value}` : value };
}

/**
 * Spreadsheet numbers are IEEE doubles: 0.58 is stored as 0.57999999999999996. Fifteen significant
 * digits is what Excel itself shows, so reading at that precision recovers the number the person typed.
 */
function fromNumber(n: number): Parsed<string> {
  if (!Number.isFinite(n)) return fail('INVALID_AMOUNT.notFinite');
  if (Math.abs(n) >= 1e15) return fail('INVALID_AMOUNT.tooLarge');
  const text = Number(n.toPrecision(15)).toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  const [int, frac = ''] = text.replace('-', '').split('.');
  if (frac.length > 2) return fail('TOO_MANY_DECIMALS');
  return canonical(n < 0, int, frac);
}
